"""Background work of the base layer: delivering e-mail (defined in marketplace/core/mail.py, next to
the backend that queues it; named here so that Celery's autodiscovery registers it)."""

from .mail import email_deliver

__all__ = ["email_deliver"]
