"""Order pages: the SME orders from the solution page, the vendor confirms, the SME confirms in use."""

import pytest
from django.utils import timezone

from marketplace.orders.models import Order, OrderStatus
from tests.factories import EnterpriseFactory, enterprise_owner

from .factories import placed_order, published_plan, sme, vendor_user

pytestmark = pytest.mark.django_db


def test_the_solution_page_lists_plans_with_an_order_link_in_vietnamese(client):
    plan = published_plan(
        pricing="co_investment", price=1_000_000, co_investment=300_000, co_investor="vendor"
    )
    page = client.get(plan.solution.get_absolute_url()).content.decode()
    assert "Gói dịch vụ" in page and "Đặt mua gói này" in page
    assert f"/orders/new/{plan.pk}/" in page
    assert "700.000 ₫" in page  # the SME's share after the co-investment


def test_an_sme_orders_the_vendor_confirms_and_the_sme_confirms_in_use(client):
    plan = published_plan(price=250_000)
    enterprise = EnterpriseFactory()
    client.force_login(enterprise_owner(enterprise))
    response = client.post(f"/orders/new/{plan.pk}/", {"note": "Cần triển khai trong tháng", "price": "1"})
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.price == 250_000

    client.force_login(vendor_user(order))
    assert "Đơn đặt mua giải pháp của chúng tôi" in client.get("/orders/vendor/").content.decode()
    client.post(
        f"/orders/{order.pk}/action/",
        {
            "action": "confirm",
            "start_date": timezone.localdate().isoformat(),
            "contract_number": "HĐ-15/2026",
        },
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE

    client.force_login(sme(order))
    page = client.get(order.get_absolute_url()).content.decode()
    assert "250.000 ₫" in page and "Có, đang sử dụng" in page
    client.post(f"/orders/{order.pk}/action/", {"action": "confirm_in_use"})
    order.refresh_from_db()
    assert order.status == OrderStatus.IN_USE


def test_a_refused_action_is_shown_as_a_message_and_changes_nothing(client):
    order = placed_order()
    client.force_login(vendor_user(order))
    response = client.post(f"/orders/{order.pk}/action/", {"action": "decline", "reason": ""}, follow=True)
    assert "Hãy nêu lý do" in response.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.REQUESTED


def test_someone_elses_order_page_is_404(client):
    order = placed_order()
    client.force_login(enterprise_owner(EnterpriseFactory()))
    assert client.get(order.get_absolute_url()).status_code == 404
    assert client.post(f"/orders/{order.pk}/action/", {"action": "withdraw"}).status_code == 404
