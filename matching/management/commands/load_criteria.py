from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from marketplace.taxonomy.models import ExpertiseArea
from matching import loader, models


class Command(BaseCommand):
    help = "Load (or refresh) readiness criteria sets from JSON files (default: matching/data/criteria)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", help="folder with the criteria JSON files")

    def handle(self, *args, data_dir=None, **options):
        names = ("CriteriaSet", "Pillar", "Question", "Option", "LevelThreshold")
        classes = {name: getattr(models, name) for name in names}
        classes["ExpertiseArea"] = ExpertiseArea
        try:
            with transaction.atomic():
                codes = loader.load_all(classes, data_dir)
        except (loader.CriteriaFileError, KeyError) as error:
            raise CommandError(f"Criteria files are not valid: {error}") from error
        for code in codes:
            self.stdout.write(f"criteria set loaded: {code}")
