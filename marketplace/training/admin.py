from django.contrib import admin

from .models import Event, Feedback, Organiser, Seat, Session


@admin.register(Organiser)
class OrganiserAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name"]
    raw_id_fields = ["applied_by", "decided_by", "members"]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "audience", "status", "fee"]
    list_filter = ["status", "kind", "audience", "mode"]
    search_fields = ["title"]
    raw_id_fields = ["organiser", "created_by"]
    inlines = [SessionInline]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    """Read-only: seats change through the services (capacity, waiting list, certificates)."""

    list_display = ["attendee_name", "enterprise", "session", "status", "checked_in_at", "certificate_code"]
    list_filter = ["status"]
    search_fields = ["attendee_name", "attendee_email", "certificate_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["seat", "rating", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False
