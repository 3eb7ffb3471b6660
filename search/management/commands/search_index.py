"""Maintain the search index: `--rebuild` (new index + alias swap) and `--process-outbox [--loop]`.

In production the outbox is applied by the `search.outbox_process` task, sent every few seconds by
celery beat (see README, "Background work"); `--process-outbox` is the same work run by hand, and
`--loop` remains for a host without Celery."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import errors
from search.backends import get_backend
from search.services import index_documents_total, index_rebuild, outbox_process


class Command(BaseCommand):
    help = "Rebuild the search index from the database, or apply the outbox of pending changes."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="Build a new index and swap it in.")
        parser.add_argument("--process-outbox", action="store_true", help="Apply pending changes.")
        parser.add_argument(
            "--loop",
            action="store_true",
            help="With --process-outbox: keep polling (production runs the Celery worker + beat instead).",
        )
        parser.add_argument("--interval", type=float, default=2.0, help="Seconds between polls with --loop.")
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--backend", choices=["database", "elasticsearch"], help="Default: SEARCH_BACKEND."
        )

    def handle(self, *args, **options):
        if not options["rebuild"] and not options["process_outbox"]:
            raise CommandError("Pass --rebuild and/or --process-outbox.")
        backend = get_backend(options["backend"])
        if options["rebuild"]:
            total = index_documents_total()
            with tqdm(
                total=total, unit="doc", desc=f"rebuild ({backend.name})", disable=options["verbosity"] == 0
            ) as bar:
                try:
                    count = index_rebuild(backend=backend, progress=bar.update)
                except errors.BackendUnavailable as exc:
                    raise CommandError(f"The search engine is unavailable: {exc}") from exc
            self.stdout.write(f"Indexed {count} documents into the {backend.name} backend.")
        if options["process_outbox"]:
            while True:
                try:
                    done = outbox_process(backend=backend, batch_size=options["batch_size"])
                    if done or not options["loop"]:
                        self.stdout.write(f"Applied {done} outbox entries.")
                except errors.BackendUnavailable as exc:
                    # rows stay in the outbox; they are applied when the engine is back
                    self.stderr.write(f"Search engine unavailable, outbox kept: {exc}")
                    if not options["loop"]:
                        raise CommandError("The search engine is unavailable; nothing was lost.") from exc
                if not options["loop"]:
                    break
                time.sleep(options["interval"])
