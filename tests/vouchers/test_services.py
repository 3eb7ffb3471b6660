"""Applications, decisions, reservations, redemption, disbursement, release, claw back, expiry."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from marketplace.core.audit import AuditRecord
from marketplace.core.errors import DomainError
from marketplace.core.support import CONSULTING, SOLUTION, support_share
from marketplace.engagements import services as engagement_services
from marketplace.payments import services as payment_services
from marketplace.payments.models import PaymentMethod
from marketplace.vouchers import ledger, selectors, services
from marketplace.vouchers.models import Account, ApplicationStatus, BudgetEntry, Movement, VoucherStatus
from marketplace.vouchers.schemes import scheme_data
from tests.engagements.factories import active
from tests.factories import OfficerFactory, UserFactory, enterprise_owner

from .factories import applied, default_scheme, draft_scheme, eligible_enterprise, open_call, voucher

pytestmark = pytest.mark.django_db


def total_balance(**filters) -> dict:
    return ledger.balances(BudgetEntry.objects.filter(**filters))


def test_the_default_scheme_is_decree_80_from_the_data_file_with_sources():
    scheme = default_scheme()
    assert scheme.code == "ND80-2021-DIEU11"
    assert scheme.rules.count() == 6
    assert all(rule.source for rule in scheme.rules.all())
    data = next(s for s in scheme_data() if s["default"])
    assert data["sources"]
    # the one support function reads the same data
    assert support_share("medium", CONSULTING).cap == 100_000_000
    assert support_share("micro", SOLUTION).cap == 20_000_000


def test_the_second_scheme_differs_by_data_only():
    scheme = draft_scheme()
    micro = scheme.rule_for(SOLUTION, "micro")
    assert micro.rate_bp == 10_000 and micro.cap_per_year is None
    assert scheme.rule_for(CONSULTING, "small") is None


def test_opening_a_call_funds_it_in_the_ledger():
    call = open_call(budget=500_000_000)
    assert ledger.call_available(call) == 500_000_000
    assert total_balance(call=call)[Account.STATE] == -500_000_000


def test_only_an_officer_opens_a_call():
    with pytest.raises(DomainError) as error:
        open_call(officer=UserFactory())
    assert error.value.code == "not_an_officer"


def test_the_precheck_says_exactly_what_is_missing():
    call = open_call()
    enterprise = eligible_enterprise("small", assessed=False, dx_budget_yearly=None)
    with pytest.raises(DomainError) as error, translation.override("en"):
        applied(call, enterprise)
    assert error.value.code == "not_eligible"
    gaps = error.value.fields["eligibility"]
    assert len(gaps) == 2
    assert any("assessment" in g for g in gaps)
    assert any("budget" in g for g in gaps)


def test_a_large_enterprise_is_not_eligible():
    call = open_call()
    with pytest.raises(DomainError) as error:
        applied(call, eligible_enterprise("not_sme"))
    assert error.value.code == "not_eligible"


def test_a_closed_call_takes_no_application():
    today = timezone.localdate()
    call = open_call(opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1))
    with pytest.raises(DomainError) as error:
        applied(call)
    assert error.value.code == "call_not_open"


def test_one_live_application_per_call():
    call = open_call()
    application = applied(call)
    with pytest.raises(DomainError) as error:
        applied(call, application.enterprise)
    assert error.value.code == "already_applied"


def test_approval_issues_a_voucher_with_a_code_and_moves_the_budget():
    call = open_call(budget=300_000_000)
    application = applied(call, amount=120_000_000)
    issued = services.application_approve(application=application, by=OfficerFactory(), ceiling=100_000_000)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert issued.code.startswith("DNV-")
    assert selectors.voucher_by_code(issued.code.lower()) == issued
    assert ledger.call_available(call) == 200_000_000
    assert ledger.voucher_remaining(issued) == 100_000_000
    assert AuditRecord.objects.filter(action="voucher_application.approve").exists()


def test_approval_beyond_the_request_or_the_budget_is_refused():
    call = open_call(budget=50_000_000)
    application = applied(call, amount=80_000_000)
    officer = OfficerFactory()
    with pytest.raises(DomainError) as error:
        services.application_approve(application=application, by=officer, ceiling=90_000_000)
    assert error.value.code == "invalid_voucher_input"
    with pytest.raises(DomainError) as error:
        services.application_approve(application=application, by=officer)
    assert error.value.code == "budget_exhausted"
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_reject_needs_a_reason_and_is_final():
    application = applied(open_call())
    officer = OfficerFactory()
    with pytest.raises(DomainError):
        services.application_reject(application=application, by=officer, reason=" ")
    services.application_reject(application=application, by=officer, reason="Hồ sơ thiếu hợp đồng")
    with pytest.raises(DomainError) as error:
        services.application_approve(application=application, by=officer)
    assert error.value.code == "voucher_transition_refused"


def test_a_simple_call_approves_by_rule():
    call = open_call(auto_approve_up_to=30_000_000)
    small = applied(call, amount=30_000_000)
    big = applied(call, amount=30_000_001)
    assert small.status == ApplicationStatus.APPROVED and small.voucher.ceiling == 30_000_000
    assert big.status == ApplicationStatus.SUBMITTED


def test_a_ward_quota_limits_approvals():
    enterprise = eligible_enterprise()
    call = open_call(quotas={"wards": {enterprise.ward.code: 60_000_000}})
    officer = OfficerFactory()
    services.application_approve(application=applied(call, enterprise, amount=50_000_000), by=officer)
    other = applied(call, eligible_enterprise(), amount=20_000_000)
    if other.ward_code == enterprise.ward.code:
        with pytest.raises(DomainError) as error:
            services.application_approve(application=other, by=officer)
        assert error.value.code == "quota_exhausted"


# ---------------------------------------------------------------- the deal side


def _accepted_engagement(enterprise, *amounts):
    return active(enterprise=enterprise, amounts=amounts)


def test_accepting_an_engagement_reserves_half_of_each_milestone_and_payment_shows_the_split():
    issued = voucher(amount=100_000_000)
    engagement = _accepted_engagement(issued.enterprise, 20_000_000, 30_000_000)
    first = engagement.milestones.get(position=1)
    assert selectors.support_held_for(first) == 10_000_000
    assert ledger.voucher_remaining(issued) == 100_000_000 - 25_000_000
    payment = payment_services.payment_create(
        payable=first,
        by=enterprise_owner(issued.enterprise),
        method=PaymentMethod.BANK_TRANSFER,
        idempotency_key="k1",
    )
    assert (payment.price, payment.support, payment.sme_share) == (20_000_000, 10_000_000, 10_000_000)


def test_no_voucher_no_support():
    engagement = _accepted_engagement(eligible_enterprise(), 20_000_000)
    assert selectors.support_held_for(engagement.milestones.get()) == 0


def _deliver_accept_invoice(milestone, number="C26TAA-0000123"):
    engagement = milestone.engagement
    provider = engagement.consultant.user
    engagement_services.milestone_deliver(milestone=milestone, by=provider, note="Xong")
    engagement_services.milestone_accept(milestone=milestone, by=enterprise_owner(engagement.enterprise))
    return engagement_services.milestone_record_invoice(milestone=milestone, by=provider, number=number)


def test_an_invoiced_milestone_redeems_then_the_officer_disburses():
    issued = voucher(amount=100_000_000)
    milestone = _accepted_engagement(issued.enterprise, 20_000_000).milestones.get()
    _deliver_accept_invoice(milestone)
    key = f"engagements.milestone:{milestone.pk}"
    assert total_balance(payable_key=key)[Account.REDEEMED] == 10_000_000
    redeem = BudgetEntry.objects.get(payable_key=key, movement=Movement.REDEEM)
    assert redeem.evidence == "C26TAA-0000123"
    with pytest.raises(DomainError) as error:
        services.disburse(key=key, by=OfficerFactory(), bank_reference="")
    assert error.value.code == "bank_reference_required"
    services.disburse(key=key, by=OfficerFactory(), bank_reference="FT26001")
    assert total_balance(payable_key=key)[Account.DISBURSED] == 10_000_000
    with pytest.raises(DomainError) as error:
        services.disburse(key=key, by=OfficerFactory(), bank_reference="FT26002")
    assert error.value.code == "nothing_to_move"


def test_redeeming_without_an_invoice_number_is_refused():
    issued = voucher()
    milestone = _accepted_engagement(issued.enterprise, 20_000_000).milestones.get()
    key = f"engagements.milestone:{milestone.pk}"
    for evidence in ("", "   "):
        with pytest.raises(DomainError) as error:
            services.redeem(key=key, by=milestone.engagement.consultant.user, evidence=evidence)
        assert error.value.code == "evidence_required"
    assert total_balance(payable_key=key)[Account.RESERVED] == 10_000_000


def test_ending_early_releases_the_undelivered_milestones():
    issued = voucher(amount=100_000_000)
    engagement = _accepted_engagement(issued.enterprise, 20_000_000, 30_000_000)
    engagement_services.engagement_end_early(
        engagement=engagement, by=enterprise_owner(issued.enterprise), reason="Đổi hướng"
    )
    assert ledger.voucher_remaining(issued) == 100_000_000
    assert total_balance(voucher=issued)[Account.RESERVED] == 0


def test_a_dispute_lost_releases_and_a_partial_one_redeems_the_settled_share():
    issued = voucher(amount=100_000_000)
    engagement = _accepted_engagement(issued.enterprise, 20_000_000, 30_000_000)
    first, second = engagement.milestones.order_by("position")
    owner = enterprise_owner(issued.enterprise)
    provider = engagement.consultant.user
    officer = OfficerFactory()
    for milestone in (first, second):
        engagement_services.milestone_deliver(milestone=milestone, by=provider)
        engagement_services.milestone_dispute(milestone=milestone, by=owner, reason="Chưa đạt")
    engagement_services.milestone_resolve(
        milestone=first, officer=officer, outcome="reject", reason="Không đạt"
    )
    assert selectors.support_held_for(first) == 0
    engagement_services.milestone_resolve(
        milestone=second, officer=officer, outcome="partial", reason="Đạt một phần", amount=10_000_000
    )
    engagement_services.milestone_record_invoice(milestone=second, by=provider, number="HD-77")
    key = f"engagements.milestone:{second.pk}"
    assert total_balance(payable_key=key)[Account.REDEEMED] == 5_000_000
    assert ledger.voucher_remaining(issued) == 95_000_000


def test_claw_back_is_an_officers_decision_with_a_reason():
    issued = voucher()
    milestone = _accepted_engagement(issued.enterprise, 20_000_000).milestones.get()
    _deliver_accept_invoice(milestone)
    key = f"engagements.milestone:{milestone.pk}"
    with pytest.raises(DomainError) as error:
        services.claw_back(key=key, by=enterprise_owner(issued.enterprise), reason="x")
    assert error.value.code == "not_an_officer"
    with pytest.raises(DomainError):
        services.claw_back(key=key, by=OfficerFactory(), reason="")
    services.claw_back(key=key, by=OfficerFactory(), reason="Hoá đơn không có thật")
    assert total_balance(payable_key=key)[Account.CLAWED_BACK] == 10_000_000
    assert selectors.support_held_for(milestone) == 0


def test_expiry_releases_reservations_and_returns_the_rest_to_the_call():
    issued = voucher(amount=100_000_000)
    call = issued.call
    _accepted_engagement(issued.enterprise, 20_000_000)
    available_before = ledger.call_available(call)
    assert services.vouchers_expire_due(today=issued.valid_until + dt.timedelta(days=1)) == 1
    issued.refresh_from_db()
    assert issued.status == VoucherStatus.EXPIRED
    assert ledger.call_available(call) == available_before + 100_000_000
    assert services.vouchers_expire_due(today=issued.valid_until + dt.timedelta(days=2)) == 0


def test_an_sme_cannot_withdraw_another_smes_application():
    application = applied(open_call())
    with pytest.raises(DomainError) as error:
        services.application_withdraw(application=application, by=enterprise_owner(eligible_enterprise()))
    assert error.value.code == "not_an_enterprise_member"
    services.application_withdraw(application=application, by=enterprise_owner(application.enterprise))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_the_programme_indicators_read_the_ledger():
    from marketplace.programme.registry import sources_of

    issued = voucher(amount=100_000_000)
    _accepted_engagement(issued.enterprise, 20_000_000, 30_000_000)
    facts = list(sources_of("support_budget")["vouchers.ledger"]())
    assert sum(f.amount for f in facts if f.group == "reserved") == 25_000_000
    supported = list(sources_of("smes_supported")["vouchers.issued"]())
    assert [f.enterprise_id for f in supported] == [issued.enterprise_id]
