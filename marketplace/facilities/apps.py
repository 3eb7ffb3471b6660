from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitiesConfig(AppConfig):
    name = "marketplace.facilities"
    label = "facilities"
    verbose_name = _("Innovation-centre facilities")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from marketplace.core import audit_labels
        from marketplace.payments import registry

        from . import indicators, payables
        from .models import FacilityBooking, FacilityBookingStatus

        indicators.register()
        registry.register(
            FacilityBooking,
            kind="facility_booking",
            get_for=payables.booking_get_for,
            describe=payables.booking_due,
            on_paid=payables.booking_paid,
        )
        audit_labels.register(
            "facilities.FacilityBooking",
            states=FacilityBookingStatus.choices,
            actions={
                "facility_booking.request": _("Facility booked"),
                "facility_booking.confirm": _("Confirmed by the centre"),
                "facility_booking.decline": _("Declined by the centre"),
                "facility_booking.cancel": _("Cancelled"),
                "facility_booking.expire": _("Hold expired"),
                "facility_booking.use": _("Used: outcome recorded"),
                "facility_booking.no_show": _("Marked as a no-show"),
                "facility_booking.pay": _("Share paid"),
            },
        )
