from django.utils import translation

from marketplace.core.money import format_vnd


def test_vietnamese_groups_with_dots():
    with translation.override("vi"):
        assert format_vnd(9_200_000) == "9.200.000 ₫"


def test_english_groups_with_commas():
    with translation.override("en"):
        assert format_vnd(1_500_000) == "1,500,000 ₫"


def test_empty_and_zero():
    assert format_vnd(None) == ""
    assert format_vnd("") == ""
    with translation.override("vi"):
        assert format_vnd(0) == "0 ₫"
