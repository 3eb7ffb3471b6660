"""Firm pages from both sides: administrators manage their firm; members, other firms' admins and
forged fields change nothing."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from consultants.models import ConsultingFirm, FirmMembership
from tests.consultants.factories import make_consultant, make_firm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def manage(firm) -> str:
    return reverse("consultants:firm_manage", args=[firm.pk])


def roles(firm) -> dict[int, str]:
    return dict(FirmMembership.objects.filter(firm=firm).values_list("consultant_id", "role"))


def said(response, message: str) -> bool:
    """Whether the page shows `message` in the language it was rendered in."""
    with translation.override(response.headers.get("Content-Language", "vi")):
        return gettext(message) in response.text


@pytest.fixture
def firm_with_member():
    admin, member = make_consultant(), make_consultant()
    return make_firm(admin=admin, members=[member], name="Tư vấn Biên Hòa"), admin, member


def firm_post(**changes) -> dict:
    data = {"form": "firm", "name": "Tư vấn Biên Hòa", "tax_code": "", "description": ""}
    data.update(changes)
    return data


# ---- creating a firm ----


def test_consultant_creates_a_firm_and_becomes_its_administrator(client):
    consultant = make_consultant()
    client.force_login(consultant.user)
    response = client.post(
        reverse("consultants:firm_create"), {"name": "  Công ty   Số Hóa  ", "tax_code": "3600123456"}
    )
    firm = ConsultingFirm.objects.get()
    assert response.status_code == 302
    assert response.url == manage(firm)
    assert (firm.name, firm.tax_code) == ("Công ty Số Hóa", "3600123456")
    assert roles(firm) == {consultant.pk: "admin"}


def test_creating_a_firm_with_bad_input_shows_field_errors_and_creates_nothing(client):
    consultant = make_consultant()
    client.force_login(consultant.user)
    response = client.post(
        reverse("consultants:firm_create"), {"name": "", "tax_code": "12ab", "email": "x@"}
    )
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "tax_code", "email"}
    assert not ConsultingFirm.objects.exists()


def test_user_without_consultant_profile_is_sent_to_create_one_first(client):
    client.force_login(UserFactory())
    response = client.post(reverse("consultants:firm_create"), {"name": "Firm"})
    assert response.url == reverse("consultants:profile_edit")
    assert not ConsultingFirm.objects.exists()


def test_member_of_a_firm_cannot_create_a_second_one(client, firm_with_member):
    firm, _admin, member = firm_with_member
    client.force_login(member.user)
    response = client.post(reverse("consultants:firm_create"), {"name": "Firm B"})
    assert response.status_code == 302
    assert ConsultingFirm.objects.count() == 1
    assert roles(firm)[member.pk] == "member"


def test_anonymous_visitor_is_sent_to_sign_in(client, firm_with_member):
    firm, _admin, _member = firm_with_member
    for url in (reverse("consultants:firm_create"), manage(firm)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url


# ---- the administrator's page ----


def test_administrator_edits_the_firm_profile(client, firm_with_member):
    firm, admin, _member = firm_with_member
    client.force_login(admin.user)
    assert client.get(manage(firm)).status_code == 200
    response = client.post(
        manage(firm), firm_post(description="Tư vấn chuyển đổi số", website="https://tuvan.vn")
    )
    assert response.status_code == 302
    firm.refresh_from_db()
    assert (firm.description, firm.website) == ("Tư vấn chuyển đổi số", "https://tuvan.vn")


def test_bad_firm_input_gives_field_errors_and_saves_nothing(client, firm_with_member):
    firm, admin, _member = firm_with_member
    client.force_login(admin.user)
    response = client.post(
        manage(firm), firm_post(name="Tên mới", email="not-an-email", tax_code="123", website="ftp//x")
    )
    assert response.status_code == 400
    assert {"email", "tax_code", "website"} <= set(response.context["form"].errors)
    firm.refresh_from_db()
    assert (firm.name, firm.email, firm.tax_code) == ("Tư vấn Biên Hòa", "", "")


def test_administrator_adds_a_consultant_by_email(client, firm_with_member):
    firm, admin, _member = firm_with_member
    newcomer = make_consultant()
    client.force_login(admin.user)
    response = client.post(
        manage(firm),
        {"form": "add_member", "member-email": newcomer.user.email.upper(), "member-role": "member"},
    )
    assert response.status_code == 302
    assert roles(firm)[newcomer.pk] == "member"


def test_adding_an_unknown_email_is_a_field_error(client, firm_with_member):
    firm, admin, _member = firm_with_member
    client.force_login(admin.user)
    before = roles(firm)
    user_without_profile = UserFactory()
    for email in ("nobody@example.vn", user_without_profile.email):
        response = client.post(
            manage(firm), {"form": "add_member", "member-email": email, "member-role": "member"}
        )
        assert response.status_code == 400
        assert "email" in response.context["member_form"].errors
    assert roles(firm) == before


def test_consultant_of_another_firm_cannot_be_added(client, firm_with_member):
    firm, admin, _member = firm_with_member
    other_admin = make_consultant()
    other = make_firm(admin=other_admin, name="Firm B")
    client.force_login(admin.user)
    response = client.post(
        manage(firm), {"form": "add_member", "member-email": other_admin.user.email, "member-role": "admin"}
    )
    assert response.status_code == 400
    assert response.context["member_form"].errors
    assert roles(other) == {other_admin.pk: "admin"}
    assert other_admin.pk not in roles(firm)


def test_forged_role_on_add_is_refused(client, firm_with_member):
    firm, admin, _member = firm_with_member
    newcomer = make_consultant()
    client.force_login(admin.user)
    response = client.post(
        manage(firm), {"form": "add_member", "member-email": newcomer.user.email, "member-role": "owner"}
    )
    assert response.status_code == 400
    assert "role" in response.context["member_form"].errors
    assert newcomer.pk not in roles(firm)


def test_administrator_changes_a_members_role(client, firm_with_member):
    firm, admin, member = firm_with_member
    client.force_login(admin.user)
    response = client.post(manage(firm), {"form": "role", "consultant": member.pk, "role": "admin"})
    assert response.status_code == 302
    assert roles(firm)[member.pk] == "admin"


def test_forged_role_value_is_refused(client, firm_with_member):
    firm, admin, member = firm_with_member
    client.force_login(admin.user)
    response = client.post(manage(firm), {"form": "role", "consultant": member.pk, "role": "superuser"})
    assert response.status_code == 400
    assert roles(firm)[member.pk] == "member"


def test_administrator_removes_a_member(client, firm_with_member):
    firm, admin, member = firm_with_member
    client.force_login(admin.user)
    response = client.post(manage(firm), {"form": "remove", "consultant": member.pk})
    assert response.status_code == 302
    assert roles(firm) == {admin.pk: "admin"}


def test_last_administrator_cannot_be_removed_and_the_page_says_why(client, firm_with_member):
    firm, admin, member = firm_with_member
    client.force_login(admin.user)
    for data in (
        {"form": "remove", "consultant": admin.pk},
        {"form": "role", "consultant": admin.pk, "role": "member"},
    ):
        response = client.post(manage(firm), data)
        assert response.status_code == 400
        assert said(response, "A firm needs at least one administrator.")
    assert roles(firm) == {admin.pk: "admin", member.pk: "member"}


def test_row_actions_cannot_name_someone_outside_the_firm(client, firm_with_member):
    firm, admin, _member = firm_with_member
    other_admin, other_member = make_consultant(), make_consultant()
    other = make_firm(admin=other_admin, members=[other_member], name="Firm B")
    client.force_login(admin.user)
    for data in (
        {"form": "remove", "consultant": other_member.pk},
        {"form": "role", "consultant": other_member.pk, "role": "admin"},
        {"form": "remove", "consultant": "x"},
    ):
        assert client.post(manage(firm), data).status_code == 404
    assert roles(other) == {other_admin.pk: "admin", other_member.pk: "member"}


# ---- attackers: a plain member, another firm's administrator ----


ATTACKS = [
    firm_post(name="Bị chiếm", role="admin"),
    {"form": "role", "consultant": "{member}", "role": "admin"},
    {"form": "remove", "consultant": "{admin}"},
    {"form": "add_member", "member-email": "{outsider}", "member-role": "admin"},
]


def _fill(data: dict, **values) -> dict:
    return {k: v.format(**values) if isinstance(v, str) else v for k, v in data.items()}


@pytest.mark.parametrize("attacker", ["member", "other_firm_admin", "outsider"])
def test_non_administrators_can_neither_see_nor_change_the_management_page(
    client, firm_with_member, attacker
):
    firm, admin, member = firm_with_member
    outsider = make_consultant()
    other_admin = make_consultant()
    make_firm(admin=other_admin, name="Firm B")
    actor = {"member": member, "other_firm_admin": other_admin, "outsider": outsider}[attacker]
    client.force_login(actor.user)
    before = roles(firm)

    assert client.get(manage(firm)).status_code == 403
    for attack in ATTACKS:
        data = _fill(attack, member=member.pk, admin=admin.pk, outsider=outsider.user.email)
        assert client.post(manage(firm), data).status_code == 403

    firm.refresh_from_db()
    assert firm.name == "Tư vấn Biên Hòa"
    assert roles(firm) == before


def test_public_firm_page_links_management_only_for_its_administrators(client, firm_with_member):
    firm, admin, member = firm_with_member
    url = reverse("consultants:firm_detail", args=[firm.pk])
    assert manage(firm) not in client.get(url).text
    client.force_login(member.user)
    assert manage(firm) not in client.get(url).text
    client.force_login(admin.user)
    assert manage(firm) in client.get(url).text


def test_profile_editor_links_to_firm_creation_or_management(client, firm_with_member):
    firm, admin, _member = firm_with_member
    loner = make_consultant()
    client.force_login(loner.user)
    assert reverse("consultants:firm_create") in client.get(reverse("consultants:profile_edit")).text
    client.force_login(admin.user)
    assert manage(firm) in client.get(reverse("consultants:profile_edit")).text


# ---- leaving ----


def test_member_leaves_the_firm(client, firm_with_member):
    firm, admin, member = firm_with_member
    client.force_login(member.user)
    response = client.post(reverse("consultants:firm_leave", args=[firm.pk]))
    assert response.status_code == 302
    assert roles(firm) == {admin.pk: "admin"}


def test_last_administrator_cannot_leave(client, firm_with_member):
    firm, admin, member = firm_with_member
    client.force_login(admin.user)
    response = client.post(reverse("consultants:firm_leave", args=[firm.pk]), follow=True)
    assert said(response, "A firm needs at least one administrator.")
    assert roles(firm) == {admin.pk: "admin", member.pk: "member"}


def test_outsider_cannot_leave_a_firm_they_are_not_in(client, firm_with_member):
    firm, _admin, _member = firm_with_member
    client.force_login(make_consultant().user)
    assert client.post(reverse("consultants:firm_leave", args=[firm.pk])).status_code == 404


def test_my_firm_link_leads_each_consultant_to_the_right_page(client, firm_with_member):
    firm, admin, member = firm_with_member
    url = reverse("consultants:my_firm")
    client.force_login(admin.user)
    assert client.get(url).url == manage(firm)
    client.force_login(member.user)
    assert client.get(url).url == reverse("consultants:firm_detail", args=[firm.pk])
    client.force_login(make_consultant().user)
    assert client.get(url).url == reverse("consultants:firm_create")


def test_role_fields_forged_into_the_firm_form_are_ignored(client, firm_with_member):
    firm, admin, member = firm_with_member
    client.force_login(admin.user)
    response = client.post(
        manage(firm), firm_post(description="Mới", role="member", consultant=admin.pk, memberships=member.pk)
    )
    assert response.status_code == 302
    firm.refresh_from_db()
    assert firm.description == "Mới"
    assert roles(firm) == {admin.pk: "admin", member.pk: "member"}
