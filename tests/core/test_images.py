import io

import pytest
from django.core.files.storage import default_storage
from django.utils import translation
from PIL import Image

from marketplace.core.images import ImageFileValidator, ImageRejected, process_image, save_processed_image
from tests.core.imagefiles import image_bytes, jpeg_with_gps_and_orientation, png_with_declared_size, upload


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English; earlier tests may leave Vietnamese active.
    with translation.override("en"):
        yield


def decoded(content) -> Image.Image:
    content.seek(0)
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


def test_jpeg_is_accepted_and_thumbnails_are_made():
    processed = process_image(upload(image_bytes("JPEG", (800, 600))))
    assert processed.source_format == "JPEG"
    assert (processed.width, processed.height) == (800, 600)
    assert sorted(processed.thumbnails) == [96, 320]
    assert decoded(processed.thumbnails[96]).size == (96, 72)
    assert decoded(processed.thumbnails[320]).size == (320, 240)


def test_thumbnails_never_upscale_a_small_image():
    processed = process_image(upload(image_bytes("PNG", (50, 40)), "tiny.png"))
    assert decoded(processed.thumbnails[320]).size == (50, 40)


def test_webp_is_accepted():
    assert process_image(upload(image_bytes("WEBP"), "a.webp")).source_format == "WEBP"


def test_png_renamed_jpg_is_accepted_as_png_and_stored_in_the_output_format():
    processed = process_image(upload(image_bytes("PNG", alpha=True), "holiday.jpg", "image/jpeg"))
    assert processed.source_format == "PNG"
    names = save_processed_image(processed, prefix="tests/images")
    assert set(names) == {"original", "96", "320"}
    assert names["original"].rsplit(".", 1)[1] == processed.original.name.rsplit(".", 1)[1]
    with default_storage.open(names["original"]) as stored:
        assert Image.open(stored).format in {"WEBP", "JPEG"}


def test_text_file_renamed_jpg_is_refused_with_a_clear_message():
    with pytest.raises(ImageRejected) as excinfo:
        process_image(upload(b"just some text, not a picture\n" * 10, "photo.jpg"))
    assert excinfo.value.code == "invalid_image"
    assert "JPEG, PNG or WebP" in excinfo.value.message


def test_gif_is_refused_even_though_pillow_reads_it():
    with pytest.raises(ImageRejected) as excinfo:
        process_image(upload(image_bytes("GIF"), "anim.png", "image/png"))
    assert "GIF" in excinfo.value.message


def test_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", (300, 300))
    with pytest.raises(ImageRejected):
        process_image(upload(data[: len(data) // 3]))


def test_file_over_the_byte_limit_is_refused_before_decoding():
    with pytest.raises(ImageRejected) as excinfo:
        process_image(upload(image_bytes("PNG", (64, 64))), max_bytes=100)
    assert "too large" in excinfo.value.message


def test_default_byte_limit_is_five_megabytes():
    data = image_bytes("PNG", (10, 10)) + b"\x00" * (5 * 1024 * 1024)
    with pytest.raises(ImageRejected) as excinfo:
        process_image(upload(data, "big.png"))
    assert excinfo.value.reason == "too_large"


def test_header_declaring_more_than_25_megapixels_is_refused_without_loading_pixels():
    with pytest.raises(ImageRejected) as excinfo:
        process_image(upload(png_with_declared_size(6000, 5000), "bomb.png"))
    assert excinfo.value.reason == "too_many_pixels"


def test_decompression_bomb_that_pillow_itself_refuses_becomes_a_clear_refusal():
    # 100000 x 100000 is far above twice Pillow's own limit: Image.open raises DecompressionBombError.
    with pytest.raises(ImageRejected) as excinfo:
        process_image(upload(png_with_declared_size(100_000, 100_000), "bomb.png"))
    assert excinfo.value.reason == "too_many_pixels"
    assert "megapixels" in excinfo.value.message


def test_exif_orientation_is_applied_and_all_metadata_including_gps_is_gone():
    source = jpeg_with_gps_and_orientation()
    assert Image.open(io.BytesIO(source)).getexif().get_ifd(0x8825)  # the fixture really has GPS
    processed = process_image(upload(source))
    result = decoded(processed.original)
    assert result.size == (20, 40)  # rotated to portrait
    top, bottom = result.convert("RGB").getpixel((10, 5)), result.convert("RGB").getpixel((10, 35))
    assert top[0] > 150 and top[2] < 100  # the red half is now on top
    assert bottom[2] > 150 and bottom[0] < 100
    assert not result.getexif()
    assert "exif" not in result.info and "xmp" not in result.info
    assert b"PhoneMaker" not in processed.original.read()


def test_thumbnails_carry_no_metadata_either():
    processed = process_image(upload(jpeg_with_gps_and_orientation()))
    thumb = decoded(processed.thumbnails[96])
    assert not thumb.getexif()


def test_saved_names_come_from_the_storage_api():
    names = save_processed_image(process_image(upload(image_bytes("JPEG"))), prefix="tests/storage")
    for name in names.values():
        assert name.startswith("tests/storage/")
        assert default_storage.exists(name)


def test_form_validator_turns_refusal_into_validation_error():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        ImageFileValidator()(upload(b"not an image", "x.png"))
    assert excinfo.value.code == "invalid_image"
