"""Orders API: parties only (others get 404), amounts from the plan, the one error shape."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from marketplace.orders.models import Order, OrderStatus
from tests.catalogue.factories import VendorFactory, vendor_owner
from tests.factories import EnterpriseFactory, enterprise_owner

from .factories import confirmed_order, placed_order, published_plan, sme, vendor_user

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_sme_orders_a_plan_and_forged_amounts_are_ignored():
    plan = published_plan(price=450_000, pricing="co_investment", co_investment=150_000, co_investor="vendor")
    enterprise = EnterpriseFactory()
    response = client_for(enterprise_owner(enterprise)).post(
        "/api/v1/orders/",
        {"plan": plan.pk, "price": 1, "co_investment": 450_000, "sme_share": 0, "status": "in_use"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["price"], body["co_investment"], body["status"]) == (450_000, 150_000, "requested")
    assert Order.objects.get().price == 450_000


def test_ordering_a_plan_of_an_unpublished_solution_is_refused_in_the_one_shape():
    enterprise = EnterpriseFactory()
    response = client_for(enterprise_owner(enterprise)).post(
        "/api/v1/orders/", {"plan": 999_999}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "plan_not_orderable"
    assert set(response.json()) == {"code", "message", "fields"}


def test_a_user_without_an_enterprise_cannot_order():
    plan = published_plan()
    response = client_for(vendor_owner(plan.solution.vendor)).post(
        "/api/v1/orders/", {"plan": plan.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "not_an_enterprise_member"


def test_another_smes_order_is_404_and_unchanged():
    order = confirmed_order()
    stranger = enterprise_owner(EnterpriseFactory())
    client = client_for(stranger)
    assert client.get(f"/api/v1/orders/{order.pk}/").status_code == 404
    response = client.post(f"/api/v1/orders/{order.pk}/confirm-in-use/")
    assert response.status_code == 404
    assert response.json()["code"] == "order_not_found"
    assert client.get("/api/v1/orders/").json()["count"] == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.ACTIVE


def test_another_vendors_order_is_404_and_unchanged():
    order = placed_order()
    other_vendor = vendor_owner(VendorFactory())
    response = client_for(other_vendor).post(
        f"/api/v1/orders/{order.pk}/confirm/",
        {"start_date": timezone.localdate().isoformat(), "contract_number": "GIẢ-1"},
        format="json",
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.REQUESTED


def test_the_vendor_confirms_and_the_sme_confirms_in_use():
    order = placed_order(price=300_000)
    vendor = client_for(vendor_user(order))
    today = timezone.localdate()
    response = vendor.post(
        f"/api/v1/orders/{order.pk}/confirm/",
        {"start_date": today.isoformat(), "contract_number": "HĐ-77"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "active"
    assert [(a["due_date"], a["sme_share"]) for a in body["amounts"]] == [(today.isoformat(), 300_000)]
    assert vendor.post(f"/api/v1/orders/{order.pk}/confirm-in-use/").status_code == 404
    response = client_for(sme(order)).post(f"/api/v1/orders/{order.pk}/confirm-in-use/")
    assert response.json()["status"] == "in_use"


def test_a_move_the_table_does_not_allow_is_409():
    order = placed_order()
    response = client_for(sme(order)).post(f"/api/v1/orders/{order.pk}/confirm-in-use/")
    assert response.status_code == 409
    assert response.json()["code"] == "order_invalid_transition"


def test_the_vendor_list_and_the_sme_list_are_separate():
    order = placed_order()
    vendor = client_for(vendor_user(order))
    assert [o["id"] for o in vendor.get("/api/v1/orders/?role=vendor").json()["results"]] == [order.pk]
    assert vendor.get("/api/v1/orders/?role=sme").json()["count"] == 0
    assert vendor.get("/api/v1/orders/?status=nonsense").status_code == 400


def test_the_list_runs_a_constant_number_of_queries(django_assert_max_num_queries):
    first = confirmed_order()
    client = client_for(vendor_user(first))
    for _ in range(5):
        placed_order(plan=first.plan)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/orders/?page_size=100")
    assert response.json()["count"] == 6


def test_revenue_reports_need_a_revenue_sharing_order():
    order = confirmed_order()
    response = client_for(sme(order)).post(
        f"/api/v1/orders/{order.pk}/revenue/",
        {"month": (timezone.localdate() - dt.timedelta(days=40)).isoformat(), "revenue": 1_000_000},
        format="json",
    )
    assert response.status_code == 409
