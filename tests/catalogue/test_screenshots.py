"""Screenshots: decoded by Pillow, at most 8, refused whole, and reviewed like any change once published."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue import selectors, services
from catalogue.errors import NotVendorMember, TooManyScreenshots
from catalogue.models import Screenshot, SolutionRevision
from marketplace.core.images import ImageRejected
from tests.factories import UserFactory

from .factories import SolutionFactory, image_upload

pytestmark = pytest.mark.django_db


def test_screenshot_is_stored_with_thumbnails(vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    shot = services.screenshot_add(solution=solution, actor=owner, uploaded_file=image_upload())
    assert set(shot.images) == {"original", "96", "320"}
    assert all(default_storage.exists(name) for name in shot.images.values())
    assert (shot.width, shot.height) == (64, 40)


def test_ninth_screenshot_is_refused_and_nothing_is_saved(vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    for index in range(8):
        services.screenshot_add(solution=solution, actor=owner, uploaded_file=image_upload(f"{index}.png"))
    with pytest.raises(TooManyScreenshots) as error:
        services.screenshot_add(solution=solution, actor=owner, uploaded_file=image_upload("9.png"))
    assert "8" in error.value.message
    assert solution.screenshots.count() == 8


def test_a_file_that_is_not_an_image_is_refused(vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    fake = SimpleUploadedFile("shot.png", b"<?php echo 1; ?>", content_type="image/png")
    with pytest.raises(ImageRejected):
        services.screenshot_add(solution=solution, actor=owner, uploaded_file=fake)
    assert not Screenshot.objects.exists()


def test_outsider_cannot_add_a_screenshot(vendor):
    solution = SolutionFactory(vendor=vendor)
    with pytest.raises(NotVendorMember):
        services.screenshot_add(solution=solution, actor=UserFactory(), uploaded_file=image_upload())
    assert not Screenshot.objects.exists()


def test_removing_a_draft_screenshot_deletes_its_files(vendor, owner, django_capture_on_commit_callbacks):
    solution = SolutionFactory(vendor=vendor)
    shot = services.screenshot_add(solution=solution, actor=owner, uploaded_file=image_upload())
    with django_capture_on_commit_callbacks(execute=True):
        services.screenshot_remove(screenshot=shot, actor=owner)
    assert not Screenshot.objects.exists()
    assert not any(default_storage.exists(name) for name in shot.images.values())


def test_new_screenshot_of_published_solution_waits_for_review(owner, officer, published):
    shot = services.screenshot_add(solution=published, actor=owner, uploaded_file=image_upload())
    public = selectors.solution_public_get(pk=published.pk)
    assert public.public_screenshots == []
    assert SolutionRevision.objects.get().data["screenshots"] == [shot.pk]
    services.revision_approve(solution=published, officer=officer)
    public = selectors.solution_public_get(pk=published.pk)
    assert [s.pk for s in public.public_screenshots] == [shot.pk]


def test_removed_screenshot_stays_public_until_the_change_is_approved(owner, officer, vendor):
    solution = SolutionFactory(vendor=vendor)
    shot = services.screenshot_add(solution=solution, actor=owner, uploaded_file=image_upload())
    from .factories import drive

    solution = drive(solution, "published")
    services.screenshot_remove(screenshot=shot, actor=owner)
    assert [s.pk for s in selectors.solution_public_get(pk=solution.pk).public_screenshots] == [shot.pk]
    services.revision_approve(solution=solution, officer=officer)
    assert selectors.solution_public_get(pk=solution.pk).public_screenshots == []


def test_rejected_change_drops_its_new_screenshots(owner, officer, published):
    services.screenshot_add(solution=published, actor=owner, uploaded_file=image_upload())
    services.revision_reject(solution=published, officer=officer, reason="Ảnh không liên quan")
    assert not Screenshot.objects.exists()


def test_pending_change_also_counts_towards_eight(vendor, owner):
    solution = SolutionFactory(vendor=vendor)
    for index in range(8):
        services.screenshot_add(solution=solution, actor=owner, uploaded_file=image_upload(f"{index}.png"))
    from .factories import drive

    solution = drive(solution, "published")
    with pytest.raises(TooManyScreenshots):
        services.screenshot_add(solution=solution, actor=owner, uploaded_file=image_upload())
    assert not SolutionRevision.objects.filter(state="pending").exists() or (
        len(SolutionRevision.objects.get().data["screenshots"]) == 8
    )


def test_logo_is_stored_and_replaces_the_old_one(vendor, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.vendor_set_logo(vendor=vendor, actor=owner, uploaded_file=image_upload()).logo
        second = services.vendor_set_logo(
            vendor=vendor, actor=owner, uploaded_file=image_upload(color=(9, 9, 9))
        ).logo
    assert default_storage.exists(second["original"])
    assert not default_storage.exists(first["original"])


def test_invalid_logo_is_refused(vendor, owner):
    with pytest.raises(ImageRejected):
        services.vendor_set_logo(
            vendor=vendor, actor=owner, uploaded_file=SimpleUploadedFile("logo.gif", b"GIF89a")
        )
    vendor.refresh_from_db()
    assert vendor.logo == {}
