from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "consultants.bookings"
    label = "bookings"
    verbose_name = "Bookings"
