"""E-mail goes out through the task runner, so a mail server that is briefly down delays a message
instead of losing it (the task retries with backoff).

`TaskEmailBackend` is the project's EMAIL_BACKEND: it turns each message into a task payload and
queues `core.email_deliver`, which sends it through EMAIL_DELIVERY_BACKEND (SMTP, console, …). Each
message gets its Message-ID here, once; delivery remembers the ids it sent, so a task that runs
twice (a worker lost before acknowledging) does not send the message twice.
"""

from __future__ import annotations

import base64
import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection, make_msgid
from django.core.mail.backends.base import BaseEmailBackend

from .taskrunner import RETRY_POLICY

logger = logging.getLogger(__name__)


def message_to_payload(message: EmailMessage) -> dict:
    """A JSON-serialisable copy of the message (the broker carries JSON)."""
    headers = dict(message.extra_headers)
    headers.setdefault("Message-ID", make_msgid())
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def payload_to_message(payload: dict, *, connection) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
        connection=connection,
    )
    message.content_subtype = payload.get("content_subtype", "plain")
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


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


class TaskEmailBackend(BaseEmailBackend):
    """Queues each message as a `core.email_deliver` task (inline when no broker is configured)."""

    def send_messages(self, email_messages) -> int:
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            try:
                email_deliver.delay(message_to_payload(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("e-mail %r to %s could not be queued", message.subject, message.to)
                continue
            queued += 1
        return queued
