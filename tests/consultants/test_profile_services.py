import pytest

from consultants import services
from consultants.errors import InvalidProfile, NotYourProfile, ProfileExists
from consultants.models import Consultant
from tests.consultants.factories import certified_consultant, expertise, make_consultant, sector
from tests.core.imagefiles import image_bytes, jpeg_with_gps_and_orientation, upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_consultant_creates_profile_with_taxonomies():
    consultant = make_consultant(
        sectors=[sector("62")], expertise=[expertise("data")], languages=["vi", "en"]
    )
    assert list(consultant.sectors.values_list("code", flat=True)) == ["62"]
    assert consultant.languages == ["vi", "en"]
    assert consultant.user.consultant_profile == consultant


def test_second_profile_for_same_user_is_refused():
    consultant = make_consultant()
    with pytest.raises(ProfileExists):
        services.consultant_create(user=consultant.user, display_name="Again")


@pytest.mark.parametrize("rate", [-1, 1.5, "100000", True])
def test_negative_or_non_integer_rate_is_refused(rate):
    consultant = make_consultant()
    with pytest.raises(InvalidProfile) as excinfo:
        services.consultant_update(consultant=consultant, actor=consultant.user, hourly_rate=rate)
    assert "hourly_rate" in excinfo.value.fields
    consultant.refresh_from_db()
    assert consultant.hourly_rate == 500_000


def test_unknown_time_zone_is_refused():
    consultant = make_consultant()
    with pytest.raises(InvalidProfile) as excinfo:
        services.consultant_update(consultant=consultant, actor=consultant.user, time_zone="Mars/Olympus")
    assert "time_zone" in excinfo.value.fields


def test_unknown_language_or_service_mode_is_refused():
    consultant = make_consultant()
    with pytest.raises(InvalidProfile):
        services.consultant_update(consultant=consultant, actor=consultant.user, languages=["xx"])
    with pytest.raises(InvalidProfile):
        services.consultant_update(consultant=consultant, actor=consultant.user, service_modes=["teleport"])


def test_another_consultant_cannot_edit_my_profile():
    mine, theirs = make_consultant(), make_consultant()
    with pytest.raises(NotYourProfile):
        services.consultant_update(consultant=mine, actor=theirs.user, headline="Hacked")
    mine.refresh_from_db()
    assert mine.headline == ""


def test_profile_update_is_found_by_search_under_the_new_headline(
    settings, django_capture_on_commit_callbacks
):
    from search.query import SearchQuery
    from search.selectors import search_run

    settings.SEARCH_BACKEND = "database"

    def found(text: str) -> set[str]:
        results = search_run(SearchQuery(text=text, filters={"kind": ["consultant"]}, page_size=100))
        return {hit.id for hit in results.hits}

    with django_capture_on_commit_callbacks(execute=True):
        consultant = certified_consultant(headline="Chuyên gia kế toán điện tử")
    assert str(consultant.pk) in found("kế toán điện tử")

    with django_capture_on_commit_callbacks(execute=True):
        services.consultant_update(
            consultant=consultant, actor=consultant.user, headline="Chuyên gia an ninh mạng"
        )
    assert str(consultant.pk) in found("an ninh mạng")
    assert str(consultant.pk) not in found("kế toán điện tử")


def test_consultant_can_hide_profile():
    consultant = make_consultant()
    services.consultant_set_visibility(consultant=consultant, actor=consultant.user, visible=False)
    assert Consultant.objects.get(pk=consultant.pk).is_visible is False


def test_photo_is_stored_normalised_with_thumbnails():
    from django.core.files.storage import default_storage

    consultant = make_consultant()
    services.consultant_set_photo(
        consultant=consultant, actor=consultant.user, uploaded_file=upload(jpeg_with_gps_and_orientation())
    )
    consultant.refresh_from_db()
    assert set(consultant.photo) == {"original", "96", "320"}
    assert all(default_storage.exists(name) for name in consultant.photo.values())


def test_replacing_photo_deletes_old_files(django_capture_on_commit_callbacks):
    from django.core.files.storage import default_storage

    consultant = make_consultant()
    with django_capture_on_commit_callbacks(execute=True):
        services.consultant_set_photo(
            consultant=consultant, actor=consultant.user, uploaded_file=upload(image_bytes("PNG"), "a.png")
        )
    old = dict(Consultant.objects.get(pk=consultant.pk).photo)
    with django_capture_on_commit_callbacks(execute=True):
        services.consultant_set_photo(
            consultant=consultant,
            actor=consultant.user,
            uploaded_file=upload(image_bytes("PNG", color=(1, 2, 3)), "b.png"),
        )
    assert not any(default_storage.exists(name) for name in old.values())


def test_refused_photo_leaves_profile_unchanged():
    from marketplace.core.images import ImageRejected

    consultant = make_consultant()
    with pytest.raises(ImageRejected):
        services.consultant_set_photo(
            consultant=consultant, actor=consultant.user, uploaded_file=upload(b"text", "x.jpg")
        )
    consultant.refresh_from_db()
    assert consultant.photo == {}


def test_package_price_must_be_a_non_negative_integer():
    consultant = make_consultant()
    with pytest.raises(InvalidProfile):
        services.consultant_package_add(consultant=consultant, actor=consultant.user, title="Gói", price=-5)
    package = services.consultant_package_add(
        consultant=consultant, actor=consultant.user, title="Gói khảo sát", price=3_000_000
    )
    assert package.price == 3_000_000


def test_engagement_records_client_readiness_level():
    consultant = make_consultant()
    engagement = services.consultant_engagement_add(
        consultant=consultant,
        actor=consultant.user,
        title="Số hóa kho",
        year=2024,
        sector=sector("10"),
        client_readiness_level=2,
    )
    assert engagement.client_readiness_level == 2
    with pytest.raises(InvalidProfile):
        services.consultant_engagement_add(
            consultant=consultant, actor=consultant.user, title="X", year=2024, client_readiness_level=9
        )


def test_removing_another_consultants_item_is_refused():
    mine, theirs = make_consultant(), make_consultant()
    package = services.consultant_package_add(consultant=mine, actor=mine.user, title="Gói", price=1)
    with pytest.raises(NotYourProfile):
        services.consultant_item_remove(consultant=mine, actor=theirs.user, kind="package", pk=package.pk)


def test_firm_admin_manages_members_and_member_cannot():
    from consultants.errors import NotFirmAdmin

    admin, member, outsider = make_consultant(), make_consultant(), make_consultant()
    firm = services.firm_create(actor=admin.user, name="Công ty Tư vấn Số Đồng Nai")
    services.firm_member_add(firm=firm, actor=admin.user, consultant=member)
    with pytest.raises(NotFirmAdmin):
        services.firm_update(firm=firm, actor=member.user, name="Đổi tên")
    with pytest.raises(NotFirmAdmin):
        services.firm_member_add(firm=firm, actor=outsider.user, consultant=outsider)
    services.firm_update(firm=firm, actor=admin.user, description="Tư vấn CĐS")
    firm.refresh_from_db()
    assert firm.description == "Tư vấn CĐS"


def test_last_firm_admin_cannot_be_removed():
    admin = make_consultant()
    firm = services.firm_create(actor=admin.user, name="Firm")
    with pytest.raises(InvalidProfile):
        services.firm_member_remove(firm=firm, actor=admin.user, consultant=admin)


def test_user_without_profile_cannot_create_firm():
    with pytest.raises(NotYourProfile):
        services.firm_create(actor=UserFactory(), name="Firm")
