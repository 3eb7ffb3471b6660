from django.contrib import admin

from .models import Facility, FacilityBooking, Provider, ProviderMembership


class MembershipInline(admin.TabularInline):
    model = ProviderMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "email"]
    inlines = [MembershipInline]
    readonly_fields = ["status", "decided_by", "decided_at"]  # decided on the officer's page (audited)


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["name", "provider", "kind", "price", "price_unit", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["name", "slug"]
    list_select_related = ["provider"]


@admin.register(FacilityBooking)
class FacilityBookingAdmin(admin.ModelAdmin):
    list_display = ["facility", "enterprise", "start_at", "status", "sme_share"]
    list_filter = ["status"]
    list_select_related = ["facility", "enterprise"]
    raw_id_fields = ["facility", "enterprise", "requested_by"]
    # states change through the services (audited); the admin only reads them
    readonly_fields = [f.name for f in FacilityBooking._meta.fields]
