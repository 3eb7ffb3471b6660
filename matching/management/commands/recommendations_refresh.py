import time

from django.core.management.base import BaseCommand

from matching.tasks import recommendations_refresh


class Command(BaseCommand):
    help = (
        "Recompute stored recommendations. Default: only enterprises flagged stale or never computed; "
        "--all recomputes every enterprise (e.g. after many consultants or solutions changed). "
        "Scheduled in production by celery beat; this runs the same task here and now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recompute every enterprise")

    def handle(self, *args, all=False, **options):
        started = time.monotonic()
        count = recommendations_refresh.apply(kwargs={"everything": all}, throw=True).get()
        self.stdout.write(f"recomputed {count} enterprises in {time.monotonic() - started:.1f}s")
