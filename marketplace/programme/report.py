"""The periodic report (quarterly or yearly) for the People's Committee and the Ministry: a Vietnamese
PDF with the figures, a chart and the tables, and its XLSX annex. The same data gives the same bytes
of PDF (its dates are the period's, not the clock's)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from fpdf import FPDF
from openpyxl import Workbook

from marketplace.core.money import group_thousands

from . import selectors

__all__ = ["Report", "report_build", "report_pdf", "report_xlsx"]


@dataclass
class Report:
    period: str
    title: str
    first: object
    last: object
    headline: list[list[str]]  # indicator, in the period, to date, target 2030, % of target
    series: list[tuple[str, int]]
    by_ward: list[tuple[str, int]]
    by_section: list[tuple[str, int]]
    readiness: list[tuple[str, int]]


def _title(period: str) -> str:
    if "Q" in period:
        year, quarter = period.split("-Q")
        return f"Báo cáo quý {quarter} năm {year}"
    return f"Báo cáo năm {period}"


def report_build(*, period: str) -> Report:
    """Figures of one period ("2026" or "2026-Q3"); ValueError for anything else."""
    if selectors.granularity_of(period) == "month":
        raise ValueError("period")
    first, last = selectors.period_bounds(period)
    with translation.override("vi"):
        headline = []
        for indicator in selectors.indicator_list():
            if indicator.kind == "stock" or not indicator.available:
                in_period = None
            else:
                in_period = selectors.indicator_table(indicator.key, filters={"period": period}).total
            to_date = selectors.indicator_value_until(indicator, last)
            target = indicator.target["value"] if indicator.target else None
            share = (
                f"{100 * to_date / target:.1f}".replace(".", ",") + "%"
                if target and to_date is not None
                else ""
            )
            headline.append(
                [
                    indicator.name_vi,
                    "—" if in_period is None else _group(in_period),
                    "Chưa có số liệu" if to_date is None else _group(to_date),
                    _group(target) if target else "",
                    share,
                ]
            )
        inner = "month" if "Q" in period else "quarter"
        series_table = selectors.indicator_table(
            "smes_supported", granularity=inner, filters={"period": period}
        )
        wards = selectors.indicator_table("smes_supported", cut="ward", filters={"period": period})
        sections = selectors.indicator_table("smes_supported", cut="section", filters={"period": period})
        levels = selectors.indicator_table(
            "readiness_levels", cut="period", granularity="year", filters={"period": period}
        )
        readiness = [(label, sum(r.groups.get(key, 0) for r in levels.rows)) for key, label in levels.groups]
    return Report(
        period=period,
        title=_title(period),
        first=first,
        last=last,
        headline=headline,
        series=[(r.key, r.total) for r in series_table.rows],
        by_ward=[(r.label, r.total) for r in wards.rows],
        by_section=[(r.label, r.total) for r in sections.rows],
        readiness=readiness,
    )


class _Pdf(FPDF):
    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("body", size=8)
        self.cell(0, 6, f"Trang {self.page_no()}", align="C", new_x="LMARGIN", new_y="NEXT")


def _table(pdf: FPDF, header: list[str], rows: list[list[str]], widths: list[int]) -> None:
    pdf.set_font("body", "B", 9)
    for text, width in zip(header, widths, strict=True):
        pdf.cell(width, 7, text, border=1)
    pdf.ln()
    pdf.set_font("body", size=9)
    for row in rows:
        for i, (text, width) in enumerate(zip(row, widths, strict=True)):
            pdf.cell(width, 6, str(text)[:70], border=1, align="R" if i else "L")
        pdf.ln()
    pdf.ln(3)


def _bars(pdf: FPDF, points: list[tuple[str, int]]) -> None:
    """Columns drawn with rectangles (no image, no external service)."""
    top = max([1, *(v for _k, v in points)])
    x0, y0, height = pdf.l_margin, pdf.get_y() + 40, 36
    step = (pdf.w - pdf.l_margin - pdf.r_margin) / max(1, len(points))
    pdf.set_font("body", size=7)
    for i, (key, value) in enumerate(points):
        h = height * value / top
        pdf.set_fill_color(47, 111, 179)
        pdf.rect(x0 + i * step + step * 0.15, y0 - h, step * 0.7, h, style="F")
        pdf.text(x0 + i * step + step * 0.15, y0 + 4, key)
        pdf.text(x0 + i * step + step * 0.15, y0 - h - 1, _group(value))
    pdf.set_y(y0 + 8)


def report_pdf(report: Report) -> bytes:
    font = Path(settings.PROGRAMME_REPORT_FONT)
    pdf = _Pdf(format="A4")
    pdf.set_creation_date(timezone.make_aware(datetime.combine(report.last, time(23, 59))))
    pdf.set_title(report.title)
    pdf.set_lang("vi")
    pdf.add_font("body", "", str(font))
    pdf.add_font("body", "B", str(font.with_name(font.stem + "-Bold" + font.suffix)))
    pdf.add_page()
    pdf.set_font("body", "B", 13)
    pdf.multi_cell(
        0, 7, settings.JURISDICTION["department_name"].upper(), align="C", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(2)
    pdf.set_font("body", "B", 15)
    pdf.multi_cell(
        0,
        8,
        f"{report.title}: tình hình thực hiện Kế hoạch chuyển đổi số doanh nghiệp nhỏ và vừa 2026–2030",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_font("body", size=10)
    pdf.multi_cell(
        0,
        6,
        f"Kỳ báo cáo: {report.first:%d/%m/%Y} – {report.last:%d/%m/%Y}. Số liệu tính từ hồ sơ trên nền tảng "
        "(không nhập tay); lũy kế tính từ đầu giai đoạn 2026–2030.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    pdf.set_font("body", "B", 11)
    pdf.cell(0, 7, "1. Các chỉ tiêu so với mục tiêu năm 2030", new_x="LMARGIN", new_y="NEXT")
    _table(
        pdf, ["Chỉ tiêu", "Trong kỳ", "Lũy kế", "Mục tiêu 2030", "Đạt"], report.headline, [86, 22, 30, 30, 20]
    )
    pdf.set_font("body", "B", 11)
    pdf.cell(0, 7, "2. Doanh nghiệp được hỗ trợ mới theo thời gian", new_x="LMARGIN", new_y="NEXT")
    _bars(pdf, report.series)
    _table(pdf, ["Kỳ", "Doanh nghiệp"], [[k, _group(v)] for k, v in report.series], [60, 40])
    for number, (heading, rows) in enumerate(
        [
            ("Doanh nghiệp được hỗ trợ mới theo xã/phường", report.by_ward),
            ("Doanh nghiệp được hỗ trợ mới theo ngành kinh tế", report.by_section),
            ("Mức độ sẵn sàng chuyển đổi số (bài đánh giá gần nhất trong kỳ)", report.readiness),
        ],
        start=3,
    ):
        pdf.set_font("body", "B", 11)
        pdf.cell(0, 7, f"{number}. {heading}", new_x="LMARGIN", new_y="NEXT")
        _table(pdf, ["", "Số lượng"], [[k, _group(v)] for k, v in rows] or [["Không có", "0"]], [140, 40])
    return bytes(pdf.output())


def report_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    moment = datetime.combine(report.last, time(23, 59))
    workbook.properties.created = moment
    workbook.properties.modified = moment
    sheet = workbook.active
    sheet.title = "Chỉ tiêu"
    sheet.append(["Chỉ tiêu", "Trong kỳ", "Lũy kế", "Mục tiêu 2030", "Đạt"])
    for row in report.headline:
        sheet.append(row)
    for title, rows in [
        ("Theo thời gian", report.series),
        ("Theo xã phường", report.by_ward),
        ("Theo ngành", report.by_section),
        ("Mức sẵn sàng", report.readiness),
    ]:
        extra = workbook.create_sheet(title)
        extra.append(["", "Số lượng"])
        for key, value in rows:
            extra.append([key, value])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _group(value: int) -> str:
    with translation.override("vi"):
        return group_thousands(value)
