import time

from django.core.management.base import BaseCommand

from marketplace.enterprises.models import Enterprise
from matching import candidates, services
from matching.models import RecommendationState


class Command(BaseCommand):
    help = (
        "Recompute stored recommendations. Default: only enterprises flagged stale or never computed; "
        "--all recomputes every enterprise (e.g. after many consultants or solutions changed)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="recompute every enterprise")

    def handle(self, *args, all=False, **options):
        candidates.stamp_forget()
        enterprises = Enterprise.objects.order_by("pk")
        if not all:
            fresh = RecommendationState.objects.filter(stale=False).values("enterprise_id")
            enterprises = enterprises.exclude(pk__in=fresh)
        started = time.monotonic()
        # chunks sharing one run: search answers, candidates and capacity are read once per run
        count = services.recommendations_recompute_many(
            enterprises=enterprises.select_related("primary_sector__parent", "ward__parent").iterator(
                chunk_size=500
            )
        )
        self.stdout.write(f"recomputed {count} enterprises in {time.monotonic() - started:.1f}s")
