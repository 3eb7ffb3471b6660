from django.core.management.base import BaseCommand

from marketplace.vouchers.schemes import DATA_FILE, load_schemes


class Command(BaseCommand):
    help = "Load (create or update) the support schemes of marketplace/vouchers/data/schemes.json."

    def handle(self, *args, **options):
        count = load_schemes()
        self.stdout.write(f"{count} schemes loaded from {DATA_FILE}")
