from django.core.management.base import BaseCommand

from consultants.loader import DATA_FILE, load_network_criteria
from consultants.models import NetworkCriteria


class Command(BaseCommand):
    help = "Load the consultant network's published criteria versions from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE))

    def handle(self, *args, **options):
        count = load_network_criteria(NetworkCriteria, options["file"])
        self.stdout.write(self.style.SUCCESS(f"{count} criteria version(s) loaded."))
