from django.core.management.base import BaseCommand

from marketplace.core.translations import compile_all


class Command(BaseCommand):
    help = "Compile every .po file of the project into .mo (pure Python; no gettext tools needed)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, force=False, **options):
        self.stdout.write(f"compiled {compile_all(force=force)} catalogue(s)")
