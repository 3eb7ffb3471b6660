import sys
import time

from django.core.management.base import BaseCommand
from tqdm import tqdm

from marketplace.enterprises.models import Enterprise
from marketplace.programme.aggregates import install_triggers, rebuild


class Command(BaseCommand):
    help = (
        "Recompute every programme indicator aggregate from the records (after a bulk load, or to check); "
        "readers see the previous aggregates until it commits. Also (re)installs the change triggers."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--chunk",
            type=int,
            default=2000,
            help="enterprises recomputed per step (the row-by-row rebuild, when not on PostgreSQL)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, chunk: int, no_progress: bool, **options):
        install_triggers()
        started = time.perf_counter()
        stream = getattr(self.stderr, "_out", sys.stderr)
        with tqdm(
            total=Enterprise.objects.count(),
            unit=" enterprises",
            desc="indicators",
            disable=no_progress,
            file=stream,
        ) as bar:
            counts = rebuild(chunk=chunk, progress=bar.update)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{counts['enterprises']} enterprises, {counts['facts']} facts, {counts['cells']} cells "
            f"in {seconds:.1f} s"
        )
