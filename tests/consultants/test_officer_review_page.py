"""The officer's review page shows what the consultant sent, where it belongs, in words people read."""

import re

import pytest
from django.urls import reverse

from consultants import services
from marketplace.core.sizes import human_size
from tests.consultants.factories import certificate_of, make_consultant
from tests.core.imagefiles import minimal_pdf, upload
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's visible text, tags dropped and spaces (non-breaking ones too) collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html).replace("\u00a0", " "))


def section(response, testid: str) -> str:
    html = response.content.decode()
    match = re.search(rf'data-testid="{testid}"(.*?)</(li|section)>', html, flags=re.S)
    assert match, testid
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)).replace("\u00a0", " "))


@pytest.fixture
def reviewed(client):
    """An application in review with evidence for "experience", none for "training", one unplaced."""
    officer = OfficerFactory()
    consultant = make_consultant()
    application = services.application_create(consultant=consultant, actor=consultant.user)
    answers = {item["code"]: f"Trả lời cho {item['code']}." for item in application.criteria.items}
    services.application_update(
        application=application, actor=consultant.user, statement="8 năm tư vấn.", criteria_answers=answers
    )
    for name, criterion, description in [
        ("hop-dong-2024.pdf", "experience", "Hợp đồng tư vấn CĐS cho Công ty Bình An"),
        ("bang-cap.pdf", "competence", ""),
        ("thu-gioi-thieu.pdf", "", "Thư giới thiệu của Hiệp hội DN"),
    ]:
        services.application_add_evidence(
            application=application,
            actor=consultant.user,
            uploaded_file=upload(minimal_pdf(), name),
            criterion=criterion,
            description=description,
        )
    services.application_add_reference(
        application=application, actor=consultant.user, name="Lê Văn Bình", email="binh@abc.vn"
    )
    application = services.application_submit(application=application, actor=consultant.user)
    application = services.application_start_review(application=application, officer=officer)
    client.force_login(officer)
    return application, officer


def test_evidence_sits_under_the_criterion_it_supports_with_its_description(client, reviewed):
    application, _officer = reviewed
    response = client.get(reverse("consultants:officer_review", args=[application.pk]))
    experience = section(response, "criterion-experience")
    assert "hop-dong-2024.pdf" in experience
    assert "Hợp đồng tư vấn CĐS cho Công ty Bình An" in experience
    assert "Trả lời cho experience." in experience
    assert "bang-cap.pdf" not in experience
    assert "bang-cap.pdf" in section(response, "criterion-competence")
    assert "Chưa có tài liệu" in section(response, "criterion-training")
    unplaced = section(response, "evidence-unplaced")
    assert "thu-gioi-thieu.pdf" in unplaced and "Thư giới thiệu của Hiệp hội DN" in unplaced
    assert "hop-dong-2024.pdf" not in unplaced


def test_file_sizes_read_in_bytes_and_units_not_the_word_byte(client, reviewed):
    application, _officer = reviewed
    evidence = application.evidence.first()
    page = text_of(client.get(reverse("consultants:officer_review", args=[application.pk])))
    assert f"({evidence.size} B)" in page
    assert "byte" not in page


@pytest.mark.parametrize(
    ("size", "vi", "en"),
    [(173, "173 B", "173 B"), (48 * 1024, "48 KB", "48 KB"), (int(1.2 * 1024**2), "1,2 MB", "1.2 MB")],
)
def test_human_size_uses_the_language_decimal_mark(size, vi, en):
    from django.utils import translation

    with translation.override("vi"):
        assert human_size(size).replace("\u00a0", " ") == vi
    with translation.override("en"):
        assert human_size(size).replace("\u00a0", " ") == en


def test_history_names_states_and_actions_in_words(client, reviewed):
    application, officer = reviewed
    services.application_decide(application=application, officer=officer, decision="certify")
    certificate = certificate_of(application.consultant)
    services.certificate_suspend(certificate=certificate, officer=officer, reason="Kiểm tra khiếu nại")
    page = text_of(client.get(reverse("consultants:officer_review", args=[application.pk])))
    for raw in ("submitted →", "under_review", "→ certified", "start_review", ": suspend", ": issue"):
        assert raw not in page
    assert "Bắt đầu xem xét" in page and "Đã nộp → Đang xem xét" in page
    assert "Cấp giấy chứng nhận" in page and "Tạm đình chỉ giấy chứng nhận" in page
    assert "Lịch sử hồ sơ" in page and "Lịch sử giấy chứng nhận" in page
    assert "Kiểm tra khiếu nại" in page


def test_history_reads_in_english_too(client, reviewed):
    application, _officer = reviewed
    client.cookies["django_language"] = "en"
    page = text_of(client.get(reverse("consultants:officer_review", args=[application.pk])))
    assert "Review started" in page and "(Submitted → Under review)" in page
