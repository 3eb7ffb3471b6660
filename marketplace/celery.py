"""The task runner: Celery with the Redis that production already runs (broker `CELERY_BROKER_URL`,
else `REDIS_URL`). Without a broker (demo, tests) every task runs inline, eagerly, in the caller.

Why Celery rather than Django's Tasks API (`django-tasks`): retries with exponential backoff and
jitter (`autoretry_for`, `retry_backoff`), one declared periodic schedule (`CELERY_BEAT_SCHEDULE`
in settings, run by a single `celery beat`), and any number of workers on any number of machines
consuming one Redis queue (with `acks_late`, so a worker that dies mid-task leaves it to another).
django-tasks has neither retries nor periodic scheduling yet. Configuration: the `CELERY_*` settings.

The task class, the shared retry policy and the demo's run-once live on the ground floor
(marketplace/core/taskrunner.py); this module is the project's wiring, like settings.

Tasks live in each app's `tasks.py` and only call that app's services; each is idempotent, because
`acks_late` means a task can run twice (a worker lost after the work, before the acknowledgement).
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")


app = Celery("marketplace", task_cls="marketplace.core.taskrunner:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
# the <app>.tasks modules of INSTALLED_APPS, imported when Django's apps are ready
app.autodiscover_tasks()
