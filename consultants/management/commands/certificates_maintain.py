from django.core.management.base import BaseCommand

from consultants.tasks import certificates_maintain


class Command(BaseCommand):
    help = (
        "Expire certificates past their end date and e-mail renewal reminders. Scheduled daily in "
        "production by celery beat; this runs the same task here and now."
    )

    def handle(self, *args, **options):
        result = certificates_maintain.apply(throw=True).get()
        self.stdout.write(
            self.style.SUCCESS(f"Expired: {result['expired']}; reminders sent: {result['reminded']}.")
        )
