"""Voucher factories: schemes from the data file, calls, eligible enterprises, approved vouchers —
all through the services, so the rules hold as in production."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from marketplace.vouchers import services
from marketplace.vouchers.models import Scheme
from marketplace.vouchers.schemes import load_schemes
from tests.factories import EnterpriseFactory, OfficerFactory, enterprise_owner
from tests.matching.factories import submitted_assessment

SIZES = {
    "micro": {"employees": 5, "annual_revenue": 2_000_000_000, "total_capital": 1_000_000_000},
    "small": {"employees": 20, "annual_revenue": 20_000_000_000, "total_capital": 10_000_000_000},
    "medium": {"employees": 80, "annual_revenue": 200_000_000_000, "total_capital": 80_000_000_000},
    "not_sme": {"employees": 500, "annual_revenue": 900_000_000_000, "total_capital": 500_000_000_000},
}
_codes = itertools.count(1)


def default_scheme() -> Scheme:
    load_schemes()
    return Scheme.objects.get(is_default=True)


def draft_scheme() -> Scheme:
    load_schemes()
    return Scheme.objects.get(code="DUTHAO-2026-PHIEU-CDS")


def open_call(*, budget: int = 1_000_000_000, scheme: Scheme | None = None, officer=None, **kwargs):
    today = timezone.localdate()
    values = {
        "code": f"DOT-{next(_codes):04d}",
        "title": "Đợt hỗ trợ chuyển đổi số 2026",
        "opens_on": today - dt.timedelta(days=10),
        "closes_on": today + dt.timedelta(days=60),
        "voucher_valid_until": dt.date(2027, 12, 31) if today.year < 2027 else today + dt.timedelta(days=400),
    }
    values.update(kwargs)
    return services.call_open(
        scheme=scheme or default_scheme(), by=officer or OfficerFactory(), budget=budget, **values
    )


def eligible_enterprise(size: str = "small", *, assessed: bool = True, **kwargs):
    data = {**SIZES[size], "dx_budget_yearly": 300_000_000, "sites": 1, **kwargs}
    enterprise = EnterpriseFactory(**data)
    if assessed:
        submitted_assessment(enterprise)
    return enterprise


def applied(call, enterprise=None, *, amount: int = 100_000_000, size: str = "small"):
    enterprise = enterprise or eligible_enterprise(size)
    return services.application_submit(
        call=call,
        enterprise=enterprise,
        by=enterprise_owner(enterprise),
        amount_requested=amount,
        purpose="Thuê phần mềm quản lý bán hàng và tư vấn chuyển đổi số",
    )


def voucher(call=None, enterprise=None, *, amount: int = 100_000_000, size: str = "small", officer=None):
    call = call or open_call()
    application = applied(call, enterprise, amount=amount, size=size)
    return services.application_approve(application=application, by=officer or OfficerFactory())
