"""The task runner: Celery with the Redis that production already runs (broker `CELERY_BROKER_URL`,
else `REDIS_URL`). Without a broker (demo, tests) every task runs inline, eagerly, in the caller.

Why Celery rather than Django's Tasks API (`django-tasks`): retries with exponential backoff and
jitter (`autoretry_for`, `retry_backoff`), one declared periodic schedule (`CELERY_BEAT_SCHEDULE`
in settings, run by a single `celery beat`), and any number of workers on any number of machines
consuming one Redis queue (with `acks_late`, so a worker that dies mid-task leaves it to another).
django-tasks has neither retries nor periodic scheduling yet. Configuration: the `CELERY_*` settings.

Tasks live in each app's `tasks.py` and only call that app's services; each is idempotent, because
`acks_late` means a task can run twice (a worker lost after the work, before the acknowledgement).
"""

from __future__ import annotations

import os

from celery import Celery
from celery import Task as BaseTask

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")


class Task(BaseTask):
    """Run inline (no broker), a task still retries; its final failure is raised to the caller.

    Celery's eager mode raises a task's first failure at once when `task_eager_propagates` is on,
    retries included, so the demo and the tests would never see a retry. Here the eager run keeps
    the failure in its result while Celery retries, and the last failure is raised afterwards.
    """

    def apply(self, args=None, kwargs=None, *positional, throw=None, **options):
        result = super().apply(args, kwargs, *positional, throw=False, **options)
        if throw is None:
            throw = self.app.conf.task_eager_propagates
        if throw and result.failed():
            raise result.result
        return result


app = Celery("marketplace", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
# the <app>.tasks modules of INSTALLED_APPS, imported when Django's apps are ready
app.autodiscover_tasks()

# Shared by every task: retry on any error with exponential backoff and full jitter, capped, a few
# times; the cause of the last failure is what the caller (or the worker log) sees.
RETRY_POLICY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 2,  # 2, 4, 8, 16 … seconds (each a random wait up to that, the jitter)
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
}


def scheduled_jobs_run_once() -> list[str]:
    """Send every job of the beat schedule to the task runner once, now (the demo does at start;
    without a broker they run inline). Returns the task names, in schedule order."""
    from django.conf import settings

    app.loader.import_default_modules()  # the tasks modules, as a worker imports them at start
    names = []
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = app.tasks[entry["task"]]
        task.apply_async(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
        names.append(entry["task"])
    return names
