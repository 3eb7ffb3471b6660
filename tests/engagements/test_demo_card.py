"""The demo pays one engagement by card when Stripe keys are set (against localstripe here)."""

import pytest

from marketplace.engagements import demo
from marketplace.payments import reconcile
from marketplace.payments.models import LedgerKind, PaymentMethod, PaymentStatus
from tests.engagements.factories import active
from tests.factories import enterprise_owner

pytestmark = pytest.mark.django_db


def test_with_stripe_keys_the_demo_pays_a_milestone_by_card_and_records_it_once(stripe_keys):
    engagement = active(amounts=(4_000_000,))
    milestone = engagement.milestones.get()
    owner = enterprise_owner(engagement.enterprise)

    payment = demo._pay_by_card(milestone, owner=owner)

    payment.refresh_from_db()
    assert payment.method == PaymentMethod.CARD and payment.status == PaymentStatus.SUCCEEDED
    assert payment.stripe_payment_intent.startswith("pi_")
    received = payment.ledger.filter(kind=LedgerKind.RECEIVED)
    assert [row.amount for row in received] == [payment.sme_share]
    # what the demo recorded is what Stripe holds: the reconciliation finds nothing to report
    assert reconcile.reconcile() == []
