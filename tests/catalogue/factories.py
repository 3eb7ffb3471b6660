"""Catalogue factories: built through the services, so rows look as they do in production."""

from __future__ import annotations

import io
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalogue import services
from catalogue.models import Solution, Vendor
from tests.factories import OfficerFactory, UserFactory


class VendorFactory(factory.Factory):
    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"Công ty Cổ phần Phần mềm Thử Nghiệm {n}")
    tax_code = factory.Sequence(lambda n: f"{3700000000 + n}")
    website = "https://phanmem.example.vn"
    contact_name = "Lê Thị Hoa"
    contact_email = factory.Sequence(lambda n: f"banhang{n}@phanmem.example.vn")
    contact_phone = "0251 3888 999"
    description = "Nhà cung cấp phần mềm quản trị cho doanh nghiệp nhỏ và vừa."
    owner = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> Vendor:
        owner = kwargs.pop("owner")
        return services.vendor_create(created_by=owner, data=kwargs)

    _build = _create


def solution_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "Phần mềm Hóa đơn điện tử An Tâm",
        "short_description": "Lập, ký và gửi hóa đơn điện tử có mã của cơ quan thuế.",
        "description": "Kết nối trực tiếp với Tổng cục Thuế, ký số từ xa, gửi hóa đơn qua e-mail và Zalo.",
        "category": "e-invoice",
        "sectors": ["46", "47"],
        "readiness_min": 0,
        "readiness_max": 3,
        "pricing_model": "subscription_yearly",
        "price": 1_200_000,
        "billing_unit": "năm / 300 hóa đơn",
        "deployment": "saas",
        "languages": ["vi", "en"],
        "integrations": ["tax_authority", "banks"],
        "standards": ["Nghị định 123/2020/NĐ-CP", "Thông tư 78/2021/TT-BTC"],
        "is_ai": False,
        "ai_risk_class": "",
        "ai_risk_explanation": "",
        "demo_offer": "Dùng thử 30 ngày miễn phí",
        "demo_url": "https://demo.example.vn",
        "support_contact": "1900 1234 · hotro@example.vn",
        "website": "https://example.vn",
    }
    data.update(overrides)
    return data


def vendor_owner(vendor: Vendor):
    return vendor.memberships.select_related("user").get(role="owner").user


class SolutionFactory(factory.Factory):
    """`status` drives the solution through the real services up to the state asked for."""

    class Meta:
        model = dict

    vendor = factory.SubFactory(VendorFactory)
    name = factory.Sequence(lambda n: f"Giải pháp số {n}")
    status = Solution.DRAFT
    overrides = factory.Dict({})

    @classmethod
    def _create(cls, model_class, *args, **kwargs) -> Solution:
        vendor = kwargs.pop("vendor")
        status = kwargs.pop("status")
        data = solution_data(name=kwargs.pop("name"), **kwargs.pop("overrides"), **kwargs)
        owner = vendor_owner(vendor)
        solution = services.solution_create(vendor=vendor, actor=owner, data=data)
        return drive(solution, status)

    _build = _create


def drive(solution: Solution, status: str) -> Solution:
    owner = vendor_owner(solution.vendor)
    if status == Solution.DRAFT:
        return solution
    if status == Solution.WITHDRAWN:
        return services.solution_withdraw(solution=solution, actor=owner)
    officer = OfficerFactory()
    solution = services.solution_submit(solution=solution, actor=owner)
    if status == Solution.SUBMITTED:
        return solution
    if status == Solution.REJECTED:
        return services.solution_reject(solution=solution, officer=officer, reason="Thiếu thông tin")
    if status == Solution.CHANGES_REQUESTED:
        return services.solution_request_changes(solution=solution, officer=officer, reason="Bổ sung giá")
    solution = services.solution_publish(solution=solution, officer=officer)
    if status == Solution.SUSPENDED:
        return services.solution_suspend(solution=solution, officer=officer, reason="Khiếu nại")
    return solution


def image_upload(name: str = "shot.png", size=(64, 40), color=(30, 90, 160), fmt: str = "PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")
