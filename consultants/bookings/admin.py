"""Officers see bookings for support, read-only: every change goes through the booking services."""

from django.contrib import admin

from .models import Booking, BookingMessage, Calendar


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return bool(request.user.is_active and (request.user.is_superuser or request.user.is_officer))

    def has_module_permission(self, request):
        return self.has_view_permission(request)


class MessageInline(admin.TabularInline):
    model = BookingMessage
    extra = 0
    fields = ["author", "body", "original_name", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return bool(request.user.is_active and (request.user.is_superuser or request.user.is_officer))


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["pk", "consultant", "enterprise", "start_at", "status", "flagged_reason"]
    list_filter = ["status", "service_mode", "cancelled_late"]
    search_fields = ["consultant__display_name", "enterprise__name", "enterprise__tax_code", "topic"]
    date_hierarchy = "start_at"
    list_select_related = ["consultant", "enterprise"]
    inlines = [MessageInline]


@admin.register(Calendar)
class CalendarAdmin(ReadOnlyAdmin):
    list_display = ["consultant", "weekly_capacity_hours"]
