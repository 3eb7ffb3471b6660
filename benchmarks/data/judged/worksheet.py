"""The judge's worksheet: personas and their grades, written from RUBRIC.md (run it to rewrite
judged.json). It imports nothing from the product: the trade tables below are the rubric's, the
adjustments are the rubric's steps 2–5 applied to each persona's answers and facts.

    .venv/bin/python benchmarks/data/judged/worksheet.py
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
BASIC = HERE.parent.parent.parent / "matching" / "data" / "criteria" / "basic.json"

# ---- personas: (key, division, trade note, size, skill 0–1, sites, facts overriding answers) ----
# skill sets every answer to the option at that share of the scale (≈ the readiness level / 20);
# "no_einvoice" etc. set the answers that show a basic capability missing.
PERSONAS = [
    ("retail-bien-hoa-small-l2", "47", "shop", "small", 0.4, 1, ["no_einvoice"]),
    ("retail-micro-l1-offline", "47", "shop", "micro", 0.15, 1, []),
    ("retail-micro-l2-online", "47", "shop", "micro", 0.4, 1, ["online"]),
    ("retail-chain-medium-l3", "47", "shop", "medium", 0.6, 6, ["online"]),
    ("retail-small-l3-no-security", "47", "shop", "small", 0.55, 2, ["no_security"]),
    ("wholesale-small-l2", "46", "", "small", 0.4, 1, ["no_signature"]),
    ("wholesale-medium-l3", "46", "", "medium", 0.6, 3, []),
    ("wholesale-micro-l1", "46", "", "micro", 0.15, 1, []),
    ("wholesale-food-small-l2", "46", "food", "small", 0.45, 1, ["no_books"]),
    ("food-small-l2", "10", "", "small", 0.4, 1, []),
    ("food-medium-l3-export", "10", "export", "medium", 0.6, 2, []),
    ("food-micro-l1", "10", "", "micro", 0.15, 1, ["no_einvoice"]),
    ("food-small-l3-online", "10", "", "small", 0.55, 1, ["online"]),
    ("garment-medium-l3-export", "14", "export", "medium", 0.6, 2, []),
    ("garment-small-l2", "14", "", "small", 0.4, 1, []),
    ("garment-small-l1", "14", "", "small", 0.2, 1, ["no_security"]),
    ("textile-medium-l4", "13", "export", "medium", 0.78, 2, []),
    ("footwear-small-l2", "15", "", "small", 0.4, 1, ["no_signature"]),
    ("wood-medium-l3-export", "16", "export", "medium", 0.6, 2, []),
    ("wood-small-l2", "16", "", "small", 0.4, 1, []),
    ("furniture-small-l2-online", "31", "", "small", 0.45, 1, ["online"]),
    ("furniture-micro-l1", "31", "", "micro", 0.15, 1, []),
    ("warehouse-small-l2", "52", "", "small", 0.4, 1, []),
    ("warehouse-medium-l3", "52", "", "medium", 0.6, 3, []),
    ("transport-small-l2", "49", "", "small", 0.4, 1, ["no_einvoice"]),
    ("transport-micro-l1", "49", "", "micro", 0.15, 1, []),
    ("courier-small-l3", "53", "", "small", 0.55, 2, []),
    ("construction-small-l2", "41", "", "small", 0.4, 1, []),
    ("construction-medium-l3", "41", "", "medium", 0.6, 1, []),
    ("construction-micro-l1", "43", "", "micro", 0.15, 1, ["no_books"]),
    ("fit-out-small-l2", "43", "", "small", 0.4, 1, ["no_security"]),
    ("fruit-farm-small-l1", "01", "crops", "small", 0.2, 1, []),
    ("fruit-farm-micro-l2", "01", "crops", "micro", 0.4, 1, ["online"]),
    ("pig-farm-small-l2", "01", "livestock", "small", 0.4, 1, []),
    ("poultry-farm-medium-l2", "01", "livestock", "medium", 0.45, 2, []),
    ("shrimp-farm-small-l1", "03", "", "small", 0.2, 1, []),
    ("fish-farm-micro-l2", "03", "", "micro", 0.4, 1, ["no_einvoice"]),
    ("restaurant-micro-l1", "56", "", "micro", 0.15, 1, []),
    ("restaurant-small-l2-online", "56", "", "small", 0.4, 2, ["online"]),
    ("restaurant-small-l3", "56", "", "small", 0.55, 1, ["no_security"]),
    ("hotel-small-l2", "55", "", "small", 0.4, 1, []),
    ("hotel-medium-l3", "55", "", "medium", 0.6, 1, ["online"]),
    ("homestay-micro-l1", "55", "", "micro", 0.15, 1, ["no_einvoice"]),
    ("plastics-small-l2", "22", "", "small", 0.4, 1, []),
]

SECTION = {
    "01": "A", "03": "A", "10": "C", "13": "C", "14": "C", "15": "C", "16": "C", "22": "C", "31": "C",
    "41": "F", "43": "F", "46": "G", "47": "G", "49": "H", "52": "H", "53": "H", "55": "I", "56": "I",
}  # fmt: skip
MANUFACTURING = {"10", "13", "14", "15", "16", "22", "31"}


def answers_for(skill: float, facts: list[str], content: dict) -> dict[str, str]:
    answers = {}
    for question in content["questions"]:
        options = sorted(question["options"], key=lambda o: o["points"])
        answers[question["code"]] = options[round(skill * (len(options) - 1))]["code"]
    if "no_einvoice" in facts:
        answers["operations-invoices"] = "a"
    if "no_signature" in facts:
        answers["operations-documents"] = "a"
    if "no_books" in facts:
        answers["operations-accounting"] = "b"
    if "no_security" in facts:
        answers["infrastructure-security"] = "a"
        answers["data-backup"] = "a"
    if "online" in facts:
        answers["customer-sales"] = "d"
        answers["customer-presence"] = "d"
    return answers


def lacks(answers: dict) -> set[str]:
    """The judge's reading of the answers (the questions' own wording)."""
    out = set()
    if answers["operations-invoices"] == "a":  # "paper invoices, or usually none"
        out.add("einvoice")
    if answers["operations-documents"] in ("a", "b"):  # on paper (scanned or not)
        out.add("signature")
    if answers["operations-accounting"] in ("a", "b"):  # paper books or spreadsheets
        out.add("books")
    if answers["infrastructure-security"] == "a" or answers["data-backup"] == "a":
        out.add("security")
    return out


def grade_solutions(p: dict) -> dict[str, int]:
    d, size, level, lack, online, note = (
        p["division"],
        p["size"],
        p["level"],
        p["lacks"],
        p["online"],
        p["note"],
    )
    g: dict[str, int] = {}

    def put(name: str, grade: int) -> None:
        g[name] = max(g.get(name, 0), grade)

    # cross-sector basics and tools (rubric step 1–3)
    put("Tín Việt eInvoice", 3 if "einvoice" in lack else 1)
    put("Chứng Từ Số Tín Việt", 1)
    put("Ấn Tín USB Token", 3 if "signature" in lack else 1)
    put("Ấn Tín Ký Số Từ Xa", 3 if "signature" in lack else 1)
    put(
        "Hợp Đồng Điện Tử Ấn Tín",
        2 if level >= 2 and d in {"46", "41", "43", "49", "52", "53"} | MANUFACTURING else 1,
    )
    put("Sổ Vàng Kế Toán", 3 if "books" in lack else 1)
    put("Sổ Vàng Thuế Online", 3 if "books" in lack or "signature" in lack else 1)
    if size == "micro":
        put("Kế Toán Hộ Kinh Doanh", 3 if "books" in lack else 1)
    elif size == "small":
        put("Kế Toán Hộ Kinh Doanh", 1)
    put("Khiên Bạc Endpoint", 3 if "security" in lack else 1)
    put("Sao Lưu An Toàn 3-2-1", 3 if "security" in lack else 1)
    put("Tường Lửa Mây Khiên Bạc", 2 if "security" in lack and size != "micro" else 1)
    put("An Toàn Thông Tin Cho Nhân Viên", 2 if "security" in lack else 1)
    put("Văn Phòng Không Giấy", 2 if size == "medium" or d in {"41", "43"} else 1)
    put("Ổ Đĩa Chung Doanh Nghiệp", 1)
    put("E-mail Tên Miền Riêng", 2 if level <= 1 else 1)
    if level >= 3:
        put("Mây Đồng Xanh Cloud Server", 1)
        put("Hải Đăng BI", 2)
    if level >= 4 and size == "medium":
        put("Kho Dữ Liệu Nhỏ Gọn", 1)
    put("Bảng Điều Khiển Chủ Doanh Nghiệp", 2 if level >= 2 else 1)
    staff = size != "micro"
    put("Người Việt HRM", 2 if staff else 1)
    put("Tính Lương Tự Động", 2 if staff else 1)
    put("Chấm Công Khuôn Mặt", 2 if staff and (d in MANUFACTURING or d in {"55", "56", "41"}) else 1)
    put("Kết Nối Khách CRM", 2 if d in {"46", "55"} or (d == "47" and level >= 2) else 1)
    put("Tổng Đài Mây", 1)
    put("Website Bán Hàng Trọn Gói", 2 if not online and d in {"47", "31", "55", "56", "10"} else 1)
    put("Bước Tiến: Kỹ Năng Số Cho Chủ Doanh Nghiệp", 2 if level <= 1 else 1)

    # trade tables (rubric)
    if d == "47":
        put("Bán Hàng Tại Quầy POS", 3 if level <= 3 else 2)
        put("Hóa Đơn Nhanh 123", 3 if "einvoice" in lack else 2)
        put("Chợ Phố Online", 3 if online else 2)
        put("Lan Tỏa Social", 2)
        put("Quảng Cáo Địa Phương", 2)
        put("Bán Hàng Trên Sàn Từ A Đến Z", 2 if online or level >= 1 else 1)
        put("Đơn Hàng Đa Kênh", 2 if online else 1)
        put("Giao Hàng Liền Tay", 2 if online else 1)
        put("Việt Phát ERP Lite", 2 if p["sites"] > 1 else 1)
        if level >= 3:
            put("Sông Nai AI Chatbot", 1)
            put("Dự Báo Bán Hàng AI", 2 if size == "medium" else 1)
    if d == "46":
        put("Bán Hàng Di Động DMS", 3 if level >= 2 else 2)
        put("Việt Phát ERP Lite", 3 if level >= 2 else 1)
        put("Kết Nối Khách CRM", 2)
        if level >= 3:
            put("Dự Báo Bán Hàng AI", 2)
        put("Bán Hàng Tại Quầy POS", 1)
        put("Hóa Đơn Nhanh 123", 1)
        put("Chợ Phố Online", 1)
        put("Giao Hàng Liền Tay", 1)
        put("Kho Lạnh Giám Sát 24/7", 2 if note == "food" else 1)
        put("Đơn Hàng Đa Kênh", 1)
    if d == "10":
        put("Truy Xuất Nguồn Gốc Thực Phẩm", 3)
        put("Kho Lạnh Giám Sát 24/7", 3)
        if level >= 3:
            put("Xưởng Số MES", 2)
            put("Giám Sát Máy Móc OEE", 2 if size == "medium" else 1)
            put("Dự Báo Bán Hàng AI", 1)
        put("Việt Phát ERP Lite", 2 if level >= 2 else 1)
        put("Bán Hàng Di Động DMS", 2 if level >= 2 else 1)
        put("Đo Đếm Năng Lượng Nhà Xưởng", 2 if size != "micro" else 1)
        put("Quản Lý Chất Thải Số", 2 if size != "micro" else 1)
        put("Chợ Phố Online", 2 if online else 1)
        put("Điện Mặt Trời Áp Mái Giám Sát", 1)
        put("Kiểm Kê Khí Nhà Kính", 2 if note == "export" else 1)
        put("Lan Tỏa Social", 1)
        put("Giao Hàng Liền Tay", 1)
        put("Đơn Hàng Đa Kênh", 2 if online else 1)
        put("Bán Hàng Trên Sàn Từ A Đến Z", 1)
    if d in {"13", "14", "15", "22"}:
        put("Xưởng Số MES", 3 if level >= 2 else 2)
        put("Người Việt HRM", 3 if size != "micro" else 1)
        put("Chấm Công Khuôn Mặt", 3 if size != "micro" else 1)
        put("Tính Lương Tự Động", 3 if size != "micro" else 1)
        if level >= 3:
            put("Giám Sát Máy Móc OEE", 2)
        put("Việt Phát ERP Lite", 2 if level >= 2 else 1)
        put("Đo Đếm Năng Lượng Nhà Xưởng", 2 if size != "micro" else 1)
        put("Kiểm Kê Khí Nhà Kính", 2 if note == "export" else 1)
        if level >= 4:
            put("Kiểm Tra Lỗi Sản Phẩm Bằng Camera", 2 if size == "medium" else 1)
        put("Quản Lý Chất Thải Số", 1)
        put("Điện Mặt Trời Áp Mái Giám Sát", 1)
        if d in {"14", "15"}:
            put("Chợ Phố Online", 1)
            put("Lan Tỏa Social", 1)
            put("Đơn Hàng Đa Kênh", 1)
            put("Giao Hàng Liền Tay", 1)
    if d in {"16", "31"}:
        put("Truy Xuất Gỗ Hợp Pháp", 3)
        put("Xưởng Số MES", 2 if level >= 2 else 1)
        put("Việt Phát ERP Lite", 2 if level >= 2 else 1)
        put("Đo Đếm Năng Lượng Nhà Xưởng", 2 if size != "micro" else 1)
        put("Kiểm Kê Khí Nhà Kính", 2 if note == "export" or size == "medium" else 1)
        if level >= 3:
            put("Giám Sát Máy Móc OEE", 1)
        if level >= 4:
            put("Kiểm Tra Lỗi Sản Phẩm Bằng Camera", 1)
        put("Quản Lý Chất Thải Số", 1)
        put("Điện Mặt Trời Áp Mái Giám Sát", 1)
        put("Chấm Công Khuôn Mặt", 1)
        if d == "31":
            put("Chợ Phố Online", 2)
            put("Lan Tỏa Social", 2 if online else 1)
            put("Đơn Hàng Đa Kênh", 2 if online else 1)
            put("Giao Hàng Liền Tay", 2 if online else 1)
            put("Bán Hàng Trên Sàn Từ A Đến Z", 1)
    if d in {"49", "52", "53"}:
        put("Quản Lý Đội Xe GPS", 3)
        if d == "52":
            put("Kho Lạnh Giám Sát 24/7", 2)
            put("Điện Mặt Trời Áp Mái Giám Sát", 1)
        put("Hợp Đồng Điện Tử Ấn Tín", 2)
        put("Kiểm Kê Khí Nhà Kính", 2 if size == "medium" else 1)
    if d in {"41", "43"}:
        put("Công Trường Số", 3)
        put("Quản Lý Chất Thải Số", 2)
        put("Hợp Đồng Điện Tử Ấn Tín", 2)
    if d == "01":
        put("Cánh Đồng Thông Minh", 3 if note == "crops" else 0)
        put("Chuồng Trại Số", 3 if note == "livestock" else 0)
        put("Truy Xuất Nguồn Gốc Thực Phẩm", 3)
        put("Bán Hàng Trên Sàn Từ A Đến Z", 2)
    if d == "03":
        put("Ao Nuôi Thông Minh", 3)
        put("Truy Xuất Nguồn Gốc Thực Phẩm", 3)
        put("Kho Lạnh Giám Sát 24/7", 2)
    if d == "56":
        put("Bán Hàng Tại Quầy POS", 3)
        put("Hóa Đơn Nhanh 123", 3 if "einvoice" in lack else 2)
        put("Quảng Cáo Địa Phương", 2)
        put("Lan Tỏa Social", 2)
        put("Kho Lạnh Giám Sát 24/7", 2 if size != "micro" else 1)
        put("Giao Hàng Liền Tay", 2 if online else 1)
        if level >= 3:
            put("Sông Nai AI Chatbot", 1)
        put("Quản Lý Chất Thải Số", 1)
    if d == "55":
        put("Khách Sạn Số PMS", 3)
        put("Quảng Cáo Địa Phương", 2)
        put("Lan Tỏa Social", 2)
        put("Bán Hàng Tại Quầy POS", 2 if size != "micro" else 1)
        put("Hóa Đơn Nhanh 123", 3 if "einvoice" in lack else 2)
        if level >= 3:
            put("Sông Nai AI Chatbot", 2)
        put("Quản Lý Chất Thải Số", 1)
    # readiness (step 3): far above the level is no help yet
    if level <= 1:
        for name in ("Xưởng Số MES", "Giám Sát Máy Móc OEE", "Hải Đăng BI", "Kho Dữ Liệu Nhỏ Gọn"):
            g.pop(name, None)
    return {name: grade for name, grade in sorted(g.items()) if grade > 0}


SPECIALITY = {
    "retail": "Tư vấn chuyển đổi số cho bán buôn, bán lẻ",
    "food": "Tư vấn số hóa nhà máy chế biến thực phẩm",
    "garment": "Tư vấn chuyển đổi số ngành dệt may, da giày",
    "wood": "Tư vấn chuyển đổi số ngành gỗ và nội thất",
    "logistics": "Chuyên gia số hóa vận tải, kho bãi và logistics",
    "construction": "Tư vấn quản lý công trình số cho doanh nghiệp xây dựng",
    "agri": "Tư vấn nông nghiệp và thủy sản số",
    "hospitality": "Tư vấn chuyển đổi số nhà hàng, khách sạn",
    "invoice": "Chuyên gia hóa đơn điện tử và kế toán số",
    "security": "Tư vấn an ninh mạng cho doanh nghiệp nhỏ",
    "erp": "Chuyên gia ERP và quản trị sản xuất",
    "online": "Tư vấn bán hàng trực tuyến và tiếp thị số",
}
OWN = {
    "46": "retail", "47": "retail", "10": "food", "13": "garment", "14": "garment", "15": "garment",
    "16": "wood", "31": "wood", "49": "logistics", "52": "logistics", "53": "logistics",
    "41": "construction", "43": "construction", "01": "agri", "03": "agri", "55": "hospitality", "56": "hospitality",
}  # fmt: skip


def grade_consultants(p: dict) -> dict[str, int]:
    d, lack = p["division"], p["lacks"]
    g = {}
    own = OWN.get(d)
    if own:
        g[own] = 3
    if SECTION[d] == "C":
        for other in ("food", "garment", "wood"):
            g.setdefault(other, 1)
        g["erp"] = 3 if p["size"] == "medium" and p["level"] >= 3 else 2
    g["invoice"] = 3 if lack & {"einvoice", "books", "signature"} else 1
    g["security"] = 2 if "security" in lack else 1
    if d in {"47", "46", "55", "56"}:
        g["online"] = 3 if p["online"] and d != "46" else 2
    return {SPECIALITY[k]: v for k, v in sorted(g.items())}


def main() -> None:
    content = json.loads(BASIC.read_text(encoding="utf-8"))
    personas = []
    for key, division, note, size, skill, sites, facts in PERSONAS:
        answers = answers_for(skill, facts, content)
        persona = {
            "key": key,
            "division": division,
            "note": note,
            "size": size,
            "skill": skill,
            "sites": sites,
            "facts": facts,
            "level": round(skill * 5),  # what the judge expects; the benchmark prints the real one
            "lacks": lacks(answers),
            "online": answers["customer-sales"] in ("c", "d", "e"),
        }
        personas.append(
            {
                "key": key,
                "division": division,
                "trade": note,
                "size": size,
                "skill": skill,
                "sites": sites,
                "facts": facts,
                "solutions": grade_solutions(persona),
                "consultants": grade_consultants(persona),
            }
        )
    out = {
        "about": "Graded relevance (0–3) per persona; see RUBRIC.md. Unlisted candidates are 0. Consultants are "
        "judged by speciality (their headline). Answers: every basic question at `skill` of its scale, "
        "then `facts` (no_einvoice, no_signature, no_books, no_security, online).",
        "personas": personas,
    }
    (HERE / "judged.json").write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(personas)} personas written")


if __name__ == "__main__":
    main()
