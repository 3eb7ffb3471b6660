from django.contrib import admin

from .models import Enterprise, EnterpriseMembership


class MembershipInline(admin.TabularInline):
    model = EnterpriseMembership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code", "size_class", "primary_sector", "ward", "is_exemplary"]
    list_filter = ["size_class", "is_exemplary", "primary_sector__parent"]
    search_fields = ["name", "tax_code"]
    readonly_fields = ["size_class", "is_exemplary", "created_at", "updated_at"]
    list_select_related = ["primary_sector", "ward"]
    inlines = [MembershipInline]
