from django.core.management.base import BaseCommand
from django.db import transaction

from marketplace.taxonomy import loader, models


class Command(BaseCommand):
    help = "Load (or refresh) sectors, administrative units, categories, expertise areas, readiness levels and languages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir", help="folder with the CSV files (default: settings.TAXONOMY_DATA_DIR)"
        )

    def handle(self, *args, data_dir=None, **options):
        with transaction.atomic():
            counts = loader.load_all(
                {
                    name: getattr(models, name)
                    for name in (
                        "Sector",
                        "AdminUnit",
                        "SolutionCategory",
                        "ExpertiseArea",
                        "ReadinessLevel",
                        "Language",
                    )
                },
                data_dir,
            )
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
