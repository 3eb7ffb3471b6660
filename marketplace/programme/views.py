"""Officer dashboard, drill-down and exports; the public transparency page."""

from __future__ import annotations

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from marketplace.accounts.decorators import officer_required

from . import charts, exports, report, selectors
from .registry import dimension_label, target_source

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cut_choices(indicator) -> list[tuple[str, str]]:
    labels = {
        "period": _("Period"),
        "section": _("VSIC section"),
        "ward": _("Commune / ward"),
        "size": _("Size class"),
    }
    return [(c, labels.get(c) or dimension_label(c)) for c in indicator.cuts]


def _headline_cards(public_only: bool) -> list[dict]:
    cards = []
    for h in selectors.headlines(public_only=public_only):
        cards.append(
            {
                "h": h,
                "bar": charts.progress_bar(h.percent, label=h.indicator.name)
                if h.percent is not None
                else "",
                "source": target_source(h.indicator),
            }
        )
    return cards


def _table_or_400(request, key: str):
    try:
        indicator = selectors.indicator_get(key)
    except selectors.UnknownIndicator:
        raise Http404 from None
    cut = request.GET.get("cut") or "period"
    granularity = request.GET.get("granularity") or "quarter"
    filters = selectors.parse_filters(request.GET, indicator)
    try:
        return selectors.indicator_table(key, cut=cut, granularity=granularity, filters=filters)
    except ValueError as error:
        return HttpResponseBadRequest(_("Invalid value for %(name)s.") % {"name": str(error)})


def _report_periods() -> list[str]:
    """This year, its quarters so far and the year before: the reports an officer usually needs."""
    today = timezone.localdate()
    quarters = [f"{today.year}-Q{q}" for q in range(1, (today.month - 1) // 3 + 2)]
    return [str(today.year), *quarters, str(today.year - 1)]


@officer_required
def dashboard(request):
    supported = selectors.indicator_table("smes_supported", cut="period", granularity="quarter")
    by_ward = selectors.indicator_table("smes_supported", cut="ward")
    by_section = selectors.indicator_table("smes_supported", cut="section")
    context = {
        "cards": _headline_cards(public_only=False),
        "indicators": selectors.indicator_list(),
        "series": charts.time_series(
            [(r.key, r.total) for r in supported.rows], label=_("SMEs supported per quarter"), cumulative=True
        ),
        "series_rows": supported.rows,
        "ward_chart": charts.bars(
            [(r.label, r.total) for r in by_ward.rows], label=_("SMEs supported per ward")
        ),
        "section_chart": charts.bars(
            [(r.label, r.total) for r in by_section.rows], label=_("SMEs supported per VSIC section")
        ),
        "by_ward": by_ward,
        "by_section": by_section,
        "report_periods": _report_periods(),
    }
    return render(request, "programme/dashboard.html", context)


def _drill(key: str, filters: dict[str, str], **extra: str) -> str:
    return reverse("programme:records", args=[key]) + "?" + urlencode({**filters, **extra})


@officer_required
def indicator_detail(request, key: str):
    table = _table_or_400(request, key)
    if isinstance(table, HttpResponse):
        return table
    rows = []
    for row in table.rows:
        cell_filters = {**table.filters, table.cut: row.key}
        rows.append(
            {
                "row": row,
                "link": _drill(key, cell_filters),
                "groups": [
                    (row.groups.get(g, 0), _drill(key, cell_filters, group=g)) for g, _l in table.groups
                ],
            }
        )
    if table.cut == "period":
        chart = charts.time_series([(r.key, r.total) for r in table.rows], label=table.indicator.name)
    else:
        chart = charts.bars([(r.label, r.total) for r in table.rows], label=table.indicator.name)
    query = request.GET.urlencode()
    context = {
        "table": table,
        "indicator": table.indicator,
        "rows": rows,
        "chart": chart if table.available else "",
        "cuts": _cut_choices(table.indicator),
        "granularities": [("year", _("Year")), ("quarter", _("Quarter")), ("month", _("Month"))],
        "total_link": _drill(key, table.filters),
        "query": query,
    }
    return render(request, "programme/indicator.html", context)


@officer_required
def indicator_records(request, key: str):
    try:
        indicator = selectors.indicator_get(key)
        records = selectors.indicator_records(key, filters=selectors.parse_filters(request.GET, indicator))
    except selectors.UnknownIndicator:
        raise Http404 from None
    except ValueError as error:
        return HttpResponseBadRequest(_("Invalid value for %(name)s.") % {"name": str(error)})
    context = {
        "indicator": indicator,
        "records": records,
        "filters": selectors.parse_filters(request.GET, indicator),
        "query": request.GET.urlencode(),
    }
    return render(request, "programme/records.html", context)


def _download(content: bytes, *, name: str, fmt: str) -> HttpResponse:
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@officer_required
def indicator_export(request, key: str, fmt: str):
    table = _table_or_400(request, key)
    if isinstance(table, HttpResponse):
        return table
    rows = exports.table_rows(table)
    content = exports.to_csv(rows) if fmt == "csv" else exports.to_xlsx(rows, title=key)
    return _download(content, name=f"{key}-{table.cut}", fmt=fmt)


@officer_required
def records_export(request, key: str, fmt: str):
    try:
        indicator = selectors.indicator_get(key)
        records = selectors.indicator_records(key, filters=selectors.parse_filters(request.GET, indicator))
    except selectors.UnknownIndicator:
        raise Http404 from None
    except ValueError as error:
        return HttpResponseBadRequest(_("Invalid value for %(name)s.") % {"name": str(error)})
    rows = exports.record_rows(records)
    content = exports.to_csv(rows) if fmt == "csv" else exports.to_xlsx(rows, title=key)
    return _download(content, name=f"{key}-records", fmt=fmt)


def public_summary(request):
    """Transparency: headline indicators and their yearly figures; counts only, no enterprise named."""
    yearly = []
    for indicator in selectors.indicator_list(public_only=True):
        if indicator.available:
            table = selectors.indicator_table(indicator.key, cut="period", granularity="year")
            yearly.append({"indicator": indicator, "rows": table.rows, "total": table.total})
    context = {"cards": _headline_cards(public_only=True), "yearly": yearly}
    return render(request, "programme/public.html", context)


@officer_required
def periodic_report(request, period: str, fmt: str):
    try:
        built = report.report_build(period=period)
    except ValueError:
        return HttpResponseBadRequest(_("Invalid value for %(name)s.") % {"name": "period"})
    if fmt == "pdf":
        response = HttpResponse(report.report_pdf(built), content_type="application/pdf")
    else:
        response = HttpResponse(report.report_xlsx(built), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-chuong-trinh-{period}.{fmt}"'
    return response
