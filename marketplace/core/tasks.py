"""Background work of the base layer: delivering e-mail (see marketplace/core/mail.py)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import get_connection

from marketplace.celery import RETRY_POLICY

from .mail import payload_to_message

DELIVERED_MEMORY_SECONDS = 7 * 24 * 3600


@shared_task(name="core.email_deliver", **RETRY_POLICY)
def email_deliver(payload: dict) -> bool:
    """Send one queued message through EMAIL_DELIVERY_BACKEND; a failure raises, so it is retried.

    Returns False when this Message-ID was delivered already (the task ran twice)."""
    key = f"email-delivered:{payload['headers']['Message-ID']}"
    if cache.get(key):
        return False
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
    payload_to_message(payload, connection=connection).send()
    cache.set(key, True, DELIVERED_MEMORY_SECONDS)
    return True
