"""The task runner's ground floor: the task class, the retry policy every task shares, and running the
beat schedule once (the demo). The Celery app itself is project wiring (marketplace/celery.py)."""

from __future__ import annotations

from celery import Task as BaseTask
from celery import current_app
from django.conf import settings


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
    current_app.loader.import_default_modules()  # the tasks modules, as a worker imports them at start
    names = []
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = current_app.tasks[entry["task"]]
        task.apply_async(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
        names.append(entry["task"])
    return names
