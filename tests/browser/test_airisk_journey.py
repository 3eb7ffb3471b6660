"""Real headless Chromium on a 390 px phone: an SME classifies its AI chatbot in four short steps, reads
the provisional class with the reasons and the obligations checklist (guidance, not a legal ruling),
asks a certified consultant with AI expertise to review it, and books a session on an innovation
centre's AI test bench from the result page. Every page passes the shared checks (axe, console,
overflow, Vietnamese)."""

import re

import pytest

from marketplace.airisk.models import Classification, ClassificationStatus, ReviewRequest
from marketplace.facilities.models import FacilityBooking
from tests.airisk.factories import ai_reviewer
from tests.facilities.factories import facility
from tests.factories import PASSWORD, EnterpriseFactory, enterprise_owner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def test_sme_classifies_a_chatbot_and_requests_a_review_on_a_phone(live_server, phone_context, checks):
    enterprise = EnterpriseFactory(name="Công ty TNHH Bán lẻ Hoa Sen")
    owner = enterprise_owner(enterprise)
    reviewer = ai_reviewer("Phạm Quốc Bảo")
    bench = facility(slug="ai-test-bench", name="Bàn thử nghiệm AI")
    base = live_server.url
    page = phone_context.new_page()
    audit = checks(page).audit

    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", owner.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    page.goto(base + "/ai-risk/")
    audit()
    page.get_by_test_id("start-classification").click()
    page.wait_for_load_state()
    audit()
    page.get_by_label("Tên hệ thống AI").fill("Trợ lý ảo trả lời khách trên Zalo")
    page.get_by_test_id("start-questions").click()
    page.wait_for_url(re.compile(r"/ai-risk/\d+/step/1/$"))
    audit()

    # step 1: purpose and users
    choose(page, "Trò chuyện, trả lời khách hàng (chatbot, trợ lý ảo)")
    choose(page, "Người tiêu dùng, công chúng")
    page.get_by_test_id("next-step").click()
    page.wait_for_url(re.compile(r"/step/2/$"))
    audit()
    # step 2: decisions and oversight (a missing answer is shown, then corrected)
    choose(page, "Không, chỉ để tham khảo thông tin")
    choose(page, "Chạy tự động nhưng người phụ trách có thể can thiệp, dừng")
    page.get_by_test_id("next-step").click()
    page.wait_for_load_state()
    assert page.locator(".field.has-error").count() == 1  # the manipulation question is not answered
    audit()
    choose(page, "Không")
    page.get_by_test_id("next-step").click()
    page.wait_for_url(re.compile(r"/step/3/$"))
    # step 3: data and content
    choose(page, "Dữ liệu cá nhân cơ bản (họ tên, số điện thoại, lịch sử mua hàng)")
    choose(page, "Văn bản")
    choose(page, "Có, và họ được báo rõ là đang trò chuyện với AI")
    page.get_by_test_id("next-step").click()
    page.wait_for_url(re.compile(r"/step/4/$"))
    audit()
    # step 4: sector, then the result
    choose(page, "Thương mại, bán lẻ, dịch vụ khách hàng")
    page.get_by_test_id("see-result").click()
    page.wait_for_url(re.compile(r"/ai-risk/\d+/$"))
    audit()

    assert page.get_by_test_id("risk-class").inner_text() == "Rủi ro trung bình"
    assert "không phải kết luận pháp lý" in page.get_by_test_id("guidance-notice").inner_text()
    reasons = page.get_by_test_id("reasons").locator("li")
    assert reasons.count() == 3
    assert "Mục đích chính là trò chuyện, trả lời khách hàng." in page.get_by_test_id("reasons").inner_text()
    obligations = page.get_by_test_id("obligations").inner_text()
    assert "Cổng dịch vụ công một cửa" in obligations
    assert "Báo rõ cho người dùng biết họ đang trò chuyện với hệ thống AI." in obligations

    # tick one obligation, then ask the consultant
    page.get_by_label("Tự phân loại hệ thống trước khi đưa vào sử dụng và lưu lại kết quả phân loại.").check()
    page.get_by_role("button", name="Lưu danh mục").click()
    page.wait_for_load_state()
    audit()
    page.get_by_label("Tư vấn viên được công nhận có chuyên môn AI").select_option(str(reviewer.pk))
    page.get_by_label("Lời nhắn cho tư vấn viên (không bắt buộc)").fill(
        "Nhờ anh xem chatbot có phải thông báo không."
    )
    page.get_by_test_id("request-review").click()
    page.wait_for_load_state()
    audit()
    assert page.get_by_test_id("status").inner_text() == "Đã đề nghị thẩm định"
    assert "Phạm Quốc Bảo" in page.get_by_test_id("open-review").inner_text()

    classification = Classification.objects.get()
    assert classification.status == ClassificationStatus.REVIEW_REQUESTED
    assert classification.provisional_class == "medium"
    assert [o["code"] for o in classification.obligations if o["done"]] == ["self-classify"]
    assert ReviewRequest.objects.get().consultant_id == reviewer.pk

    # from the result, to the innovation centre's AI test bench: book a session
    page.get_by_test_id("test-benches").get_by_role("link", name="Bàn thử nghiệm AI").click()
    page.wait_for_load_state()
    audit()
    page.locator("[data-testid=facility-slots] input[type=radio]").first.check()
    page.fill("#id_purpose", "Thử trợ lý ảo trên Zalo trước khi dùng")
    page.get_by_test_id("facility-book").click()
    page.wait_for_load_state()
    audit()
    assert page.get_by_test_id("facility-booking-status").inner_text() == "Đang chờ xác nhận"
    booking = FacilityBooking.objects.get()
    assert (booking.facility_id, booking.enterprise_id) == (bench.pk, enterprise.pk)
