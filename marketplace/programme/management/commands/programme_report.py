from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from marketplace.programme.report import report_build, report_pdf, report_xlsx


class Command(BaseCommand):
    help = (
        "Write the periodic programme report (PDF and XLSX annex) for a year (2026) or a quarter (2026-Q3)."
    )

    def add_arguments(self, parser):
        parser.add_argument("period", help="2026 or 2026-Q3")
        parser.add_argument("--output", default=".", help="folder to write the files into")

    def handle(self, *args, period: str, output: str, **options):
        try:
            report = report_build(period=period)
        except ValueError:
            raise CommandError("period must be a year (2026) or a quarter (2026-Q3)") from None
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        for suffix, content in (("pdf", report_pdf(report)), ("xlsx", report_xlsx(report))):
            path = folder / f"bao-cao-chuong-trinh-{period}.{suffix}"
            path.write_bytes(content)
            self.stdout.write(str(path))
