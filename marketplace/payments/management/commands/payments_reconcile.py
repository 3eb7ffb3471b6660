"""Compare the ledger with Stripe's PaymentIntents and refunds; print every mismatch, exit 1 if any."""

from django.core.management.base import BaseCommand, CommandError

from marketplace.payments import gateway
from marketplace.payments.errors import CardGatewayError
from marketplace.payments.reconcile import reconcile


class Command(BaseCommand):
    help = "Compare the payments ledger with Stripe (intents and refunds); exit status 1 on any mismatch."

    def handle(self, *args, **options):
        if not gateway.enabled():
            raise CommandError("Stripe keys are not set (STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY).")
        try:
            mismatches = reconcile()
        except CardGatewayError as exc:
            raise CommandError(f"Stripe did not answer: {exc}") from exc
        for mismatch in mismatches:
            self.stdout.write(str(mismatch))
        if mismatches:
            raise CommandError(f"{len(mismatches)} mismatch(es) between the ledger and Stripe.", returncode=1)
        self.stdout.write("The ledger and Stripe agree.")
