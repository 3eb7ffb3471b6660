"""Snippet marks: only the words the person searched for, not look-alikes or filler words."""

import re

from search.highlight import snippet


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


def test_a_word_typed_with_diacritics_marks_only_that_word():
    html = snippet(["Tư vấn tự động hóa cho doanh nghiệp ở phường Tự An"], ["tự", "động"])
    assert marked(html) == ["tự", "động", "Tự"]


def test_a_word_typed_without_diacritics_marks_every_spelling():
    assert marked(snippet(["Hóa đơn điện tử cho hộ kinh doanh"], ["hoa", "don"])) == ["Hóa", "đơn"]


def test_stop_words_and_single_letters_get_no_mark():
    html = snippet(["Phần mềm kế toán và hóa đơn của doanh nghiệp A"], ["kế", "toán", "và", "của", "a"])
    assert marked(html) == ["kế", "toán"]
