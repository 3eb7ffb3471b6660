"""Tiny test documents for the backend contract, with their own registry (no domain models)."""

from __future__ import annotations

from datetime import UTC, datetime

from search.registry import BOOLEAN, FacetField, IndexDefinition, Registry, SearchField

SECTORS = {"10": "Sản xuất chế biến thực phẩm", "46": "Bán buôn", "47": "Bán lẻ"}


def build_registry() -> Registry:
    r = Registry()
    r.register_facet(FacetField("sector", "Ngành", value_labels=lambda values: SECTORS))
    r.register_facet(FacetField("category", "Danh mục"))
    r.register_facet(FacetField("deployment", "Triển khai"))
    r.register_facet(FacetField("location", "Địa bàn"))
    r.register_facet(FacetField("language", "Ngôn ngữ"))
    r.register_facet(FacetField("certified", "Được công nhận", type=BOOLEAN))
    r.register_facet(FacetField("ai", "Có AI", type=BOOLEAN))
    common = {"model": "tests.none", "get_queryset": None, "build_document": None}
    r.register(
        IndexDefinition(
            kind="solution",
            label="Giải pháp",
            search_fields=[
                SearchField("summary", 2),
                SearchField("description", 1),
                SearchField("vendor", 2),
            ],
            facets=["sector", "category", "deployment", "ai"],
            **common,
        )
    )
    r.register(
        IndexDefinition(
            kind="consultant",
            label="Tư vấn viên",
            search_fields=[SearchField("headline", 2), SearchField("bio", 1)],
            facets=["sector", "location", "language", "certified"],
            **common,
        )
    )
    return r


def day(month: int, d: int, year: int = 2026) -> datetime:
    return datetime(year, month, d, 8, 0, tzinfo=UTC)


RAW = [
    (
        "solution",
        {
            "id": 1,
            "title": "Hóa đơn điện tử VNPT-Invoice",
            "text": {"summary": "Phát hành hóa đơn điện tử cho doanh nghiệp tại Đồng Nai", "vendor": "VNPT"},
            "facets": {"sector": ["46", "47"], "category": "e-invoice", "deployment": ["cloud"], "ai": False},
            "price": 500_000,
            "rating": 4.5,
            "published_at": day(1, 5),
        },
    ),
    (
        "solution",
        {
            "id": 2,
            "title": "Phần mềm kế toán MISA",
            "text": {"summary": "Kế toán, thuế và hóa đơn cho doanh nghiệp nhỏ", "vendor": "MISA"},
            "facets": {
                "sector": ["46"],
                "category": "accounting",
                "deployment": ["cloud", "on-premise"],
                "ai": False,
            },
            "price": 3_000_000,
            "rating": 4.0,
            "published_at": day(2, 1),
        },
    ),
    (
        "solution",
        {
            "id": 3,
            "title": "Bàn hàng thông minh",
            "text": {"summary": "Thiết bị quầy giao dịch"},
            "facets": {"sector": ["10"], "category": "iot", "deployment": ["on-premise"], "ai": True},
            "price": None,
            "rating": 3.2,
            "published_at": day(12, 1, 2025),
        },
    ),
    (
        "solution",
        {
            "id": 4,
            "title": "Bán hàng đa kênh",
            "text": {"summary": "Quản lý kho online <b>đa kênh</b>", "description": "Kết nối sàn thương mại"},
            "facets": {"sector": ["47"], "category": "e-commerce", "deployment": ["cloud"], "ai": True},
            "price": 12_000_000,
            "rating": None,
            "published_at": day(3, 1),
        },
    ),
    (
        "solution",
        {
            "id": 5,
            "title": "Dự toán công trình",
            "text": {"summary": "Lập kế hoạch thi công xây dựng"},
            "facets": {"sector": ["10"], "category": "construction", "deployment": ["cloud"], "ai": False},
            "price": 25_000_000,
            "rating": None,
            "published_at": day(2, 10),
        },
    ),
    (
        "consultant",
        {
            "id": 1,
            "title": "Nguyễn Văn Đông",
            "text": {
                "headline": "Tư vấn chuyển đổi số cho doanh nghiệp sản xuất tại Đồng Nai",
                "bio": "Mười năm triển khai ERP",
            },
            "facets": {
                "sector": ["10", "46"],
                "certified": True,
                "location": ["75"],
                "language": ["vi", "en"],
            },
            "price": 2_000_000,
            "rating": 4.8,
            "published_at": day(1, 20),
        },
    ),
    (
        "consultant",
        {
            "id": 2,
            "title": "Trần Thị Hoa",
            "text": {
                "headline": "Chuyển đổi số cho cửa hàng bán lẻ",
                "bio": "Kế toán quản trị và bảo mật thông tin",
            },
            "facets": {"sector": ["47"], "certified": False, "location": ["75"], "language": ["vi"]},
            "price": 800_000,
            "rating": 3.5,
            "published_at": day(2, 15),
        },
    ),
    (
        "consultant",
        {
            "id": 3,
            "title": "Lê Minh Toán",
            "text": {"headline": "Chuyên gia kế toán và thuế", "bio": "Kiểm toán nội bộ"},
            "facets": {"sector": ["46"], "certified": True, "location": ["79"], "language": ["vi"]},
            "price": 25_000_000,
            "rating": None,
            "published_at": day(3, 5),
        },
    ),
]


def documents(registry: Registry) -> list[dict]:
    return [registry.get(kind).prepare(raw) for kind, raw in RAW]


def expected_facet_counts(registry: Registry, docs: list[dict], matched: set[tuple[str, str]], filters: dict):
    """Disjunctive counts computed the slow, obvious way: for each facet, apply every other filter."""

    def passes(doc, name, values):
        facet = registry.facet(name)
        if facet.type == "range":
            value = doc.get(facet.numeric_field)
            return any(r.contains(value) for r in facet.ranges if r.key in values)
        return bool(set(doc["facets"].get(name, [])) & set(values))

    out: dict[str, dict[str, int]] = {}
    for facet in registry.facets():
        for doc in docs:
            if (doc["kind"], doc["id"]) not in matched:
                continue
            if not all(passes(doc, n, v) for n, v in filters.items() if n != facet.name):
                continue
            if facet.type == "range":
                keys = [r.key for r in facet.ranges if r.contains(doc.get(facet.numeric_field))]
            else:
                keys = doc["facets"].get(facet.name, [])
            for key in keys:
                out.setdefault(facet.name, {})[key] = out.setdefault(facet.name, {}).get(key, 0) + 1
    return out
