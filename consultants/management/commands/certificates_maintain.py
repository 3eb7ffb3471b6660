from django.core.management.base import BaseCommand

from consultants.services import certificates_maintain


class Command(BaseCommand):
    help = "Expire certificates past their end date and e-mail renewal reminders (run daily)."

    def handle(self, *args, **options):
        result = certificates_maintain()
        self.stdout.write(
            self.style.SUCCESS(f"Expired: {result['expired']}; reminders sent: {result['reminded']}.")
        )
