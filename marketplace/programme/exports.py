"""CSV and XLSX of an indicator table and of the records behind it (officers only: records name SMEs)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from .selectors import RecordRow, Table


def table_rows(table: Table) -> list[list]:
    header = [_("Cut"), _("Total"), *(label for _k, label in table.groups)]
    body = [[row.label, row.total, *(row.groups.get(k, 0) for k, _l in table.groups)] for row in table.rows]
    return [
        header,
        *body,
        [_("Total"), table.total, *(sum(r.groups.get(k, 0) for r in table.rows) for k, _l in table.groups)],
    ]


def record_rows(records: list[RecordRow]) -> list[list]:
    header = [
        _("Record"),
        _("Date"),
        _("Part"),
        _("Amount"),
        _("Enterprise"),
        _("Tax code"),
        _("VSIC section"),
        _("Ward code"),
        _("Size class"),
    ]
    body = [
        [
            r.record,
            r.on.isoformat(),
            r.group_label,
            r.amount,
            r.enterprise_name,
            r.tax_code,
            r.section,
            r.ward,
            r.size,
        ]
        for r in records
    ]
    return [header, *body]


def to_csv(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    # BOM so spreadsheet programs open the Vietnamese text as UTF-8
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(rows: list[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
