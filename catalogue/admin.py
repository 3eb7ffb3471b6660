from django.contrib import admin

from .models import Screenshot, Solution, SolutionRevision, Vendor, VendorMembership


class VendorMembershipInline(admin.TabularInline):
    model = VendorMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Vendor)
class VendorAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code", "contact_email", "created_at"]
    search_fields = ["name", "tax_code"]
    inlines = [VendorMembershipInline]


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    """Status is read-only here too: decisions go through the review pages, which audit them."""

    list_display = ["name", "vendor", "category", "status", "price", "published_at"]
    list_filter = ["status", "category", "pricing_model", "deployment", "is_ai"]
    search_fields = ["name", "vendor__name"]
    readonly_fields = ["public_id", "status", "status_reason", "published_at", "first_published_at"]
    raw_id_fields = ["vendor"]


@admin.register(SolutionRevision)
class SolutionRevisionAdmin(admin.ModelAdmin):
    list_display = ["solution", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    readonly_fields = ["solution", "state", "data", "changed_fields", "created_by", "decided_by"]


admin.site.register(Screenshot)
