"""Row actions (remove this rule, this document...) post the row's id; a garbled id is the user's
(or a forger's) mistake: the page answers 400 and says so, never a server error."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.consultants.factories import complete_application, make_consultant

pytestmark = pytest.mark.django_db

REFUSED = "This item does not exist. Reload the page and try again."


def said(response, message: str) -> bool:
    """Whether the page shows `message` in the language it was rendered in."""
    with translation.override(response.headers.get("Content-Language", "vi")):
        return gettext(message) in response.text


GARBLED = ("abc", "", "1.5", "99999999999999999999999")


@pytest.mark.parametrize("form", ["delete_rule", "delete_exception"])
@pytest.mark.parametrize("pk", GARBLED)
def test_availability_page_refuses_a_garbled_row_id(client, form, pk):
    consultant = make_consultant()
    client.force_login(consultant.user)
    response = client.post(reverse("consultants:availability"), {"form": form, "pk": pk})
    assert response.status_code == 400
    assert said(response, REFUSED)


@pytest.mark.parametrize("pk", GARBLED)
def test_track_record_page_refuses_a_garbled_row_id(client, pk):
    consultant = make_consultant()
    client.force_login(consultant.user)
    response = client.post(
        reverse("consultants:track_record"), {"form": "delete", "kind": "package", "pk": pk}
    )
    assert response.status_code == 400
    assert said(response, REFUSED)


def test_track_record_page_refuses_an_unknown_kind_of_row(client):
    consultant = make_consultant()
    client.force_login(consultant.user)
    response = client.post(reverse("consultants:track_record"), {"form": "delete", "kind": "user", "pk": "1"})
    assert response.status_code == 400
    assert said(response, REFUSED)


@pytest.mark.parametrize("form", ["delete_evidence", "delete_reference"])
@pytest.mark.parametrize("pk", GARBLED)
def test_application_page_refuses_a_garbled_row_id(client, form, pk):
    application = complete_application(make_consultant())
    client.force_login(application.consultant.user)
    response = client.post(reverse("consultants:application"), {"form": form, "pk": pk})
    assert response.status_code == 400
    assert said(response, REFUSED)
    assert application.evidence.count() == 1 and application.references.count() == 1


def test_a_valid_row_id_still_removes_the_row(client):
    application = complete_application(make_consultant())
    client.force_login(application.consultant.user)
    reference = application.references.get()
    response = client.post(
        reverse("consultants:application"), {"form": "delete_reference", "pk": reference.pk}
    )
    assert response.status_code == 302
    assert not application.references.exists()
