"""The vouchers admin reads only: officers with admin access list and open schemes, calls,
applications, vouchers and ledger rows; nobody adds, changes or deletes one there."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from marketplace.vouchers.models import Application, BudgetEntry, Call, Scheme, Voucher
from tests.engagements.factories import active
from tests.factories import OfficerFactory

from .factories import voucher

pytestmark = pytest.mark.django_db

MODELS = {
    "scheme": Scheme,
    "call": Call,
    "application": Application,
    "voucher": Voucher,
    "budgetentry": BudgetEntry,
}


@pytest.fixture
def staff_officer():
    officer = OfficerFactory(is_staff=True)
    officer.user_permissions.set(
        Permission.objects.filter(content_type__app_label="vouchers", codename__startswith="view_")
    )
    client = Client()
    client.cookies["django_language"] = "vi"
    client.force_login(officer)
    return client


def test_officers_read_every_voucher_table_in_vietnamese(staff_officer):
    issued = voucher(amount=100_000_000)
    active(enterprise=issued.enterprise, amounts=(20_000_000,))
    page = staff_officer.get("/admin/vouchers/").content.decode()
    for title in (
        "Sổ ngân sách",
        "Đợt hỗ trợ",
        "Phiếu hỗ trợ",
        "Chính sách hỗ trợ",
        "Hồ sơ đề nghị phiếu hỗ trợ",
    ):
        assert title in page, title
    for name, model in MODELS.items():
        listing = staff_officer.get(f"/admin/vouchers/{name}/")
        assert listing.status_code == 200, name
        row = model.objects.order_by("pk").first()
        detail = staff_officer.get(f"/admin/vouchers/{name}/{row.pk}/change/")
        assert detail.status_code == 200, name
        assert 'type="submit" value="Lưu' not in detail.content.decode()  # no save button
    ledger = staff_officer.get("/admin/vouchers/budgetentry/?q=engagements.milestone")
    assert ledger.status_code == 200


def test_nobody_adds_changes_or_deletes_there(staff_officer):
    issued = voucher(amount=100_000_000)
    entries = BudgetEntry.objects.count()
    for name, model in MODELS.items():
        row = model.objects.order_by("pk").first()
        assert staff_officer.get(f"/admin/vouchers/{name}/add/").status_code == 403
        assert staff_officer.post(f"/admin/vouchers/{name}/{row.pk}/change/", {}).status_code == 403
        assert (
            staff_officer.post(f"/admin/vouchers/{name}/{row.pk}/delete/", {"post": "yes"}).status_code == 403
        )
    issued.refresh_from_db()
    assert issued.ceiling == 100_000_000 and BudgetEntry.objects.count() == entries


def test_an_officer_without_admin_access_is_sent_to_log_in():
    voucher()
    client = Client()
    client.force_login(OfficerFactory())
    response = client.get("/admin/vouchers/budgetentry/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
