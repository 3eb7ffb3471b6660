"""Firm membership rules: administrators manage, members may leave, a firm always keeps an administrator."""

import pytest

from consultants import services
from consultants.errors import InvalidProfile, NotFirmAdmin
from consultants.models import FirmMembership
from marketplace.core.errors import NotFound
from tests.consultants.factories import make_consultant, make_firm

pytestmark = pytest.mark.django_db


def roles(firm) -> dict[int, str]:
    return dict(FirmMembership.objects.filter(firm=firm).values_list("consultant_id", "role"))


def test_admin_promotes_a_member_to_administrator():
    admin, member = make_consultant(), make_consultant()
    firm = make_firm(admin=admin, members=[member])
    services.firm_member_set_role(firm=firm, actor=admin.user, consultant=member, role="admin")
    assert roles(firm) == {admin.pk: "admin", member.pk: "admin"}


def test_last_administrator_cannot_step_down():
    admin = make_consultant()
    firm = make_firm(admin=admin)
    with pytest.raises(InvalidProfile) as excinfo:
        services.firm_member_set_role(firm=firm, actor=admin.user, consultant=admin, role="member")
    assert excinfo.value.code == "last_firm_admin"
    assert roles(firm) == {admin.pk: "admin"}


def test_last_administrator_cannot_be_demoted_through_member_add():
    admin = make_consultant()
    firm = make_firm(admin=admin)
    with pytest.raises(InvalidProfile) as excinfo:
        services.firm_member_add(firm=firm, actor=admin.user, consultant=admin, role="member")
    assert excinfo.value.code == "last_firm_admin"
    assert roles(firm) == {admin.pk: "admin"}


def test_one_of_two_administrators_may_step_down():
    admin, other = make_consultant(), make_consultant()
    firm = make_firm(admin=admin, members=[other])
    services.firm_member_set_role(firm=firm, actor=admin.user, consultant=other, role="admin")
    services.firm_member_set_role(firm=firm, actor=admin.user, consultant=admin, role="member")
    assert roles(firm) == {admin.pk: "member", other.pk: "admin"}


def test_member_cannot_change_roles():
    admin, member = make_consultant(), make_consultant()
    firm = make_firm(admin=admin, members=[member])
    with pytest.raises(NotFirmAdmin):
        services.firm_member_set_role(firm=firm, actor=member.user, consultant=member, role="admin")
    assert roles(firm)[member.pk] == "member"


def test_unknown_role_is_refused():
    admin, member = make_consultant(), make_consultant()
    firm = make_firm(admin=admin, members=[member])
    with pytest.raises(InvalidProfile) as excinfo:
        services.firm_member_set_role(firm=firm, actor=admin.user, consultant=member, role="owner")
    assert "role" in excinfo.value.fields
    assert roles(firm)[member.pk] == "member"


def test_role_of_someone_outside_the_firm_cannot_be_set():
    admin, outsider = make_consultant(), make_consultant()
    firm = make_firm(admin=admin)
    with pytest.raises(NotFound):
        services.firm_member_set_role(firm=firm, actor=admin.user, consultant=outsider, role="admin")
    assert outsider.pk not in roles(firm)


def test_consultant_of_another_firm_cannot_be_added():
    mine, theirs = make_firm(name="Firm A"), make_firm(name="Firm B")
    their_admin = FirmMembership.objects.get(firm=theirs).consultant
    my_admin = FirmMembership.objects.get(firm=mine).consultant
    with pytest.raises(InvalidProfile):
        services.firm_member_add(firm=mine, actor=my_admin.user, consultant=their_admin)
    assert roles(theirs) == {their_admin.pk: "admin"}


def test_member_leaves_the_firm():
    admin, member = make_consultant(), make_consultant()
    firm = make_firm(admin=admin, members=[member])
    services.firm_leave(firm=firm, actor=member.user)
    assert roles(firm) == {admin.pk: "admin"}


def test_last_administrator_cannot_leave():
    admin, member = make_consultant(), make_consultant()
    firm = make_firm(admin=admin, members=[member])
    with pytest.raises(InvalidProfile) as excinfo:
        services.firm_leave(firm=firm, actor=admin.user)
    assert excinfo.value.code == "last_firm_admin"
    assert roles(firm) == {admin.pk: "admin", member.pk: "member"}


def test_outsider_cannot_leave_a_firm_they_are_not_in():
    firm = make_firm()
    outsider = make_consultant()
    with pytest.raises(NotFound):
        services.firm_leave(firm=firm, actor=outsider.user)


def test_invalid_firm_update_saves_nothing():
    admin = make_consultant()
    firm = make_firm(admin=admin, name="Tên cũ")
    with pytest.raises(InvalidProfile) as excinfo:
        services.firm_update(firm=firm, actor=admin.user, name="Tên mới", email="not-an-email")
    assert "email" in excinfo.value.fields
    firm.refresh_from_db()
    assert (firm.name, firm.email) == ("Tên cũ", "")
