"""The listing review page shows the listing's history in words, not raw state and action codes."""

import re

from django.urls import reverse

from catalogue import services
from tests.catalogue.factories import vendor_owner


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_review_page_history_names_actions_and_states(client, officer, published):
    services.solution_suspend(solution=published, officer=officer, reason="Khiếu nại về giá")
    client.force_login(officer)
    text = page_text(client.get(reverse("catalogue:officer_review", args=[published.pk])))
    history = text[text.index("Lịch sử duyệt giải pháp") :]
    published.refresh_from_db()
    suspended = published.get_status_display()
    assert "Tạo giải pháp (Bản nháp)" in history and "(Bản nháp → Đã gửi duyệt)" in history
    assert f"(Đã công bố → {suspended})" in history
    assert "Khiếu nại về giá" in history
    for raw in ("solution.publish", "solution.suspend", "published →", "→ suspended", "submitted"):
        assert raw not in history


def test_a_pending_change_is_named_with_the_change_states(client, officer, published):
    owner = vendor_owner(published.vendor)
    services.solution_update(solution=published, actor=owner, data={"name": "Tên mới của giải pháp"})
    client.cookies["django_language"] = "en"
    client.force_login(officer)
    text = page_text(client.get(reverse("catalogue:officer_review", args=[published.pk])))
    history = text[text.index("Listing history") :]
    assert "Change submitted" in history and "Published" in history
    assert "revision.submit" not in history
