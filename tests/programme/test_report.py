"""The periodic report: a Vietnamese PDF with the figures, the same bytes for the same data."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from marketplace.programme.report import report_build, report_pdf
from tests.factories import EnterpriseFactory

from .helpers import assessed, without_sources

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    for day in ("2026-01-15", "2026-02-20", "2026-08-01"):
        assessed(EnterpriseFactory(), day)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_quarterly_pdf_opens_and_holds_the_figures(records):
    with without_sources("support_budget"):  # an indicator no app feeds reads "no data", not a fake 0
        text = _text(report_pdf(report_build(period="2026-Q1")))
    assert "Báo cáo quý 1 năm 2026" in text
    assert "Doanh nghiệp nhỏ và vừa được hỗ trợ" in text
    assert "10.000" in text  # the 2030 target
    assert "2026-01" in text and "2026-02" in text
    assert "Chưa có số liệu" in text
    supported_line = next(
        line for line in text.splitlines() if line.startswith("Doanh nghiệp nhỏ và vừa được hỗ trợ")
    )
    assert supported_line.split()[-4:-2] == ["2", "2"]  # in the quarter, to date


def test_yearly_report_counts_the_whole_year(records):
    report = report_build(period="2026")
    assert dict(report.series)["2026-Q3"] == 1
    assert report.headline[0][1] == "3"


def test_same_data_gives_the_same_pdf(records):
    assert report_pdf(report_build(period="2026")) == report_pdf(report_build(period="2026"))


def test_command_writes_pdf_and_xlsx_annex(records, tmp_path):
    call_command("programme_report", "2026-Q1", output=str(tmp_path))
    pdf = (tmp_path / "bao-cao-chuong-trinh-2026-Q1.pdf").read_bytes()
    assert "Báo cáo quý 1" in _text(pdf)
    sheet = load_workbook(tmp_path / "bao-cao-chuong-trinh-2026-Q1.xlsx")["Chỉ tiêu"]
    assert sheet["A2"].value == "Doanh nghiệp nhỏ và vừa được hỗ trợ" and sheet["B2"].value == "2"


def test_report_download_from_the_dashboard_is_for_officers(client, officer, user, records):
    client.force_login(user)
    assert client.get("/programme/report/2026-Q1.pdf").status_code == 403
    client.force_login(officer)
    response = client.get("/programme/report/2026-Q1.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Báo cáo quý 1 năm 2026" in _text(response.content)
    assert client.get("/programme/report/2026-07.pdf").status_code == 400
    assert (
        load_workbook(io.BytesIO(client.get("/programme/report/2026.xlsx").content)).sheetnames[0]
        == "Chỉ tiêu"
    )
