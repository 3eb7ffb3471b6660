"""Examples in Vietnamese on the main operations of the OpenAPI schema, by operationId.

A postprocessing hook (`SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]`) adds them, so the apps' views
stay as they are and an operation renamed or removed simply loses its example (the test in
tests/marketplace/test_openapi_examples.py fails when one no longer finds its operation).
Values are the demo's kind of data; ids are illustrative.
"""

from __future__ import annotations

from drf_spectacular.hooks import postprocess_schema_enums

REQUEST_EXAMPLES: dict[str, dict[str, dict]] = {
    "bookings_create": {
        "dat-lich-truc-tuyen": {
            "summary": "Đặt lịch tư vấn trực tuyến 60 phút",
            "value": {
                "consultant": 12,
                "start": "2026-12-08T02:00:00Z",
                "service_mode": "online",
                "topic": "Lộ trình chuyển đổi số cho cửa hàng bán lẻ",
                "message": "Chúng tôi muốn bắt đầu với phần mềm bán hàng và hóa đơn điện tử.",
            },
        }
    },
    "payments_create": {
        "thanh-toan-moc": {
            "summary": "Thanh toán một mốc của hợp đồng tư vấn bằng chuyển khoản",
            "value": {"payable_kind": "milestone", "payable_id": 7, "method": "bank_transfer"},
        }
    },
    "enterprises_create": {
        "ho-so-doanh-nghiep": {
            "summary": "Hồ sơ một doanh nghiệp nhỏ ngành bán lẻ",
            "value": {
                "name": "Công ty TNHH Thương mại Hoa Sen",
                "tax_code": "3603123456",
                "primary_sector": "47",
                "address": "12 Đường Phạm Văn Thuận, Phường Trấn Biên",
                "contact_name": "Nguyễn Thị Lan",
                "contact_email": "lan.nguyen@hoasen.vn",
                "contact_phone": "0912345678",
                "employees": 35,
                "annual_revenue": 25_000_000_000,
                "total_capital": 8_000_000_000,
            },
        }
    },
    "enterprises_partial_update": {
        "doi-dia-chi": {
            "summary": "Đổi địa chỉ và số lao động",
            "value": {"address": "45 Đường Võ Thị Sáu, Phường Trấn Biên", "employees": 42},
        }
    },
}

PARAMETER_EXAMPLES: dict[str, dict[str, dict[str, dict]]] = {
    "search": {
        "q": {"phan-mem-ban-hang": {"summary": "Tìm phần mềm bán hàng", "value": "phần mềm bán hàng"}},
    },
    "solutions_list": {
        "sort": {"gia-tang-dan": {"summary": "Giá thấp trước, rồi theo tên", "value": "price,name"}},
    },
}

RESPONSE_EXAMPLES: dict[str, dict[str, dict[str, dict]]] = {
    "bookings_create": {
        "409": {
            "khung-gio-da-co-nguoi-dat": {
                "summary": "Khung giờ vừa có người đặt",
                "value": {
                    "code": "slot_taken",
                    "message": "Khung giờ này vừa có người đặt. Hãy chọn khung giờ khác.",
                    "fields": {},
                },
            }
        },
    },
    "enterprises_create": {
        "400": {
            "ma-so-thue-sai": {
                "summary": "Mã số thuế sai chữ số kiểm tra",
                "value": {
                    "code": "invalid",
                    "message": "Một số trường chưa hợp lệ.",
                    "fields": {"tax_code": ["Mã số thuế không hợp lệ."]},
                },
            }
        },
    },
}


def add_examples(result, generator, request, public):
    """drf-spectacular postprocessing hook: attach the examples above to their operations."""
    result = postprocess_schema_enums(result, generator, request=request, public=public)
    for operation in _operations(result):
        operation_id = operation.get("operationId")
        for content in operation.get("requestBody", {}).get("content", {}).values():
            if operation_id in REQUEST_EXAMPLES:
                content["examples"] = REQUEST_EXAMPLES[operation_id]
        for parameter in operation.get("parameters", []):
            examples = PARAMETER_EXAMPLES.get(operation_id, {}).get(parameter["name"])
            if examples:
                parameter["examples"] = examples
        for status, examples in RESPONSE_EXAMPLES.get(operation_id, {}).items():
            content = (
                operation.get("responses", {}).get(status, {}).get("content", {}).get("application/json")
            )
            if content is not None:
                content["examples"] = examples
    return result


def _operations(result):
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method in ("get", "post", "put", "patch", "delete"):
                yield operation
