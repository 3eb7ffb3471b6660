"""The consultant's profile form and public profile, as a non-technical user on a phone sees them."""

import re

import pytest
from django.urls import reverse

from consultants import services
from consultants.timezones import time_zone_label
from marketplace.taxonomy.models import AdminUnit, Sector
from tests.consultants.factories import certified_consultant, make_consultant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def options_of(html: str, name: str) -> list[tuple[str, str, bool]]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, flags=re.S)
    assert select, name
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?[^>]*>([^<]*)</option>', select.group(1)
        )
    ]


def editor(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("consultants:profile_edit")).content.decode()


def test_time_zone_is_a_short_readable_list_with_vietnam_first_and_chosen(client):
    options = options_of(editor(client, UserFactory()), "time_zone")
    assert len(options) <= 20
    assert options[0] == ("Asia/Ho_Chi_Minh", "Giờ Việt Nam (UTC+7)", True)
    assert not any(label.startswith(("Asia/", "Europe/", "America/")) for _v, label, _s in options)


def test_a_zone_set_through_the_api_stays_selected_and_the_form_still_saves(client):
    consultant = make_consultant(time_zone="Europe/Berlin")
    options = options_of(editor(client, consultant.user), "time_zone")
    assert ("Europe/Berlin", time_zone_label("Europe/Berlin"), True) in options
    response = client.post(
        reverse("consultants:profile_edit"),
        {
            "display_name": consultant.display_name,
            "years_experience": 3,
            "languages": ["vi"],
            "service_modes": ["online"],
            "time_zone": "Europe/Berlin",
        },
    )
    assert response.status_code == 302
    consultant.refresh_from_db()
    assert consultant.time_zone == "Europe/Berlin"


def test_an_unknown_zone_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(
        reverse("consultants:profile_edit"),
        {
            "display_name": "Ngô Văn Tài",
            "years_experience": 3,
            "languages": ["vi"],
            "service_modes": ["online"],
            "time_zone": "Mars/Olympus",
        },
    )
    assert response.status_code in (200, 400)
    assert 'id="id_time_zone_error"' in response.content.decode()


def test_sectors_and_service_area_are_checkbox_lists_not_ctrl_click_selects(client):
    html = editor(client, UserFactory())
    assert "<select multiple" not in html and "multiple>" not in html
    assert re.search(r'<input type="checkbox" name="sectors" value="\d+"', html)
    assert re.search(r'<input type="checkbox" name="coverage" value="\d+"', html)
    assert html.count("data-checklist-filter") == 2  # long lists get a filter box
    # each group has a legend that names it (a fieldset, not a label pointing at nothing)
    assert re.search(r"<legend>Ngành phục vụ", html)


def test_ticked_sectors_and_wards_are_saved(client):
    user = UserFactory()
    client.force_login(user)
    sectors = list(Sector.objects.filter(level=Sector.DIVISION).order_by("code")[:2])
    ward = AdminUnit.objects.order_by("pk").first()
    response = client.post(
        reverse("consultants:profile_edit"),
        {
            "display_name": "Trần Thị Mai",
            "years_experience": 4,
            "languages": ["vi"],
            "service_modes": ["on_site"],
            "time_zone": "Asia/Ho_Chi_Minh",
            "sectors": [str(s.pk) for s in sectors],
            "coverage": [str(ward.pk)],
        },
    )
    assert response.status_code == 302
    consultant = user.consultant_profile
    assert set(consultant.sectors.all()) == set(sectors)
    assert list(consultant.coverage.all()) == [ward]


def test_public_profile_names_the_time_zone(client):
    consultant = certified_consultant()
    page = client.get(reverse("consultants:profile", args=[consultant.pk])).content.decode()
    assert "Giờ Việt Nam (UTC+7)" in page
    assert "Asia/Ho_Chi_Minh" not in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("consultants:profile", args=[consultant.pk])).content.decode()
    assert "Vietnam time (UTC+7)" in page


def test_application_page_shows_the_criteria_version_in_vietnamese(client):
    consultant = make_consultant()
    services.application_create(consultant=consultant, actor=consultant.user)
    client.force_login(consultant.user)
    page = client.get(reverse("consultants:application")).content.decode()
    assert "(phiên bản 2026.1)" in page
    assert "(version" not in page


def test_unlisted_zone_reads_as_its_city_and_offset():
    from datetime import UTC, datetime

    winter = datetime(2026, 1, 15, tzinfo=UTC)
    assert time_zone_label("Europe/Berlin", winter) == "Berlin (UTC+1)"
    assert time_zone_label("Asia/Kathmandu", winter) == "Kathmandu (UTC+5:45)"
    assert time_zone_label("America/Argentina/Buenos_Aires", winter) == "Buenos Aires (UTC-3)"


def test_a_consultant_can_offer_meetings_at_their_office(client):
    user = UserFactory()
    client.force_login(user)
    assert 'name="service_modes" value="office"' in editor(client, user)
    response = client.post(
        reverse("consultants:profile_edit"),
        {
            "display_name": "Trần Thị Mai",
            "years_experience": 4,
            "languages": ["vi"],
            "service_modes": ["online", "office"],
            "time_zone": "Asia/Ho_Chi_Minh",
        },
    )
    assert response.status_code == 302
    assert user.consultant_profile.service_modes == ["online", "office"]
