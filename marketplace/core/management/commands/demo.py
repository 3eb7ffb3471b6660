from django.core.management import call_command
from django.core.management.base import BaseCommand

from marketplace.core.taskrunner import scheduled_jobs_run_once


class Command(BaseCommand):
    help = "Set up and serve the product with demo data: migrate, compile translations, seed, runserver."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="prepare only")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compile_translations")
        call_command("seed_demo")
        call_command("search_index", "--rebuild")
        # the recurring jobs once, through the task runner (inline without a broker), so their
        # effects show at once: expired certificates, reminders, fresh recommendations
        for name in scheduled_jobs_run_once():
            self.stdout.write(f"Ran scheduled job {name}")
        if not no_serve:
            self.stdout.write(self.style.SUCCESS(f"Serving on http://{addrport}/ (Ctrl+C to stop)"))
            call_command("runserver", addrport, use_reloader=False)
