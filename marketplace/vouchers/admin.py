"""Read-only admin for schemes, calls, applications, vouchers and the budget ledger.

Officers read here; every change goes through the services (a call opened on the officer's page or
the API, decisions, ledger movements), which lock rows, audit and keep the ledger balanced. So the
admin neither adds, changes nor deletes anything: the ledger is append-only by design.
"""

from django.contrib import admin

from .models import Application, BudgetEntry, Call, Scheme, SchemeRule, Voucher


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SchemeRuleInline(admin.TabularInline):
    model = SchemeRule
    extra = 0
    fields = ["kind", "size_class", "rate_bp", "cap_per_contract_year", "cap_per_year", "source"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "is_default", "valid_from", "valid_until"]
    search_fields = ["code", "name"]
    inlines = [SchemeRuleInline]


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "scheme", "budget", "opens_on", "closes_on", "voucher_valid_until"]
    list_filter = ["scheme"]
    search_fields = ["code", "title"]
    list_select_related = ["scheme"]
    date_hierarchy = "opens_on"


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "call", "amount_requested", "size_class", "status", "created_at"]
    list_filter = ["status", "call", "size_class"]
    search_fields = ["enterprise__name", "enterprise__tax_code", "call__code"]
    list_select_related = ["enterprise", "call"]
    date_hierarchy = "created_at"


@admin.register(Voucher)
class VoucherAdmin(ReadOnlyAdmin):
    list_display = ["code", "enterprise", "call", "ceiling", "valid_until", "status", "issued_at"]
    list_filter = ["status", "call"]
    search_fields = ["code", "enterprise__name", "enterprise__tax_code"]
    list_select_related = ["enterprise", "call"]


@admin.register(BudgetEntry)
class BudgetEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "created_at",
        "call",
        "voucher",
        "movement",
        "source",
        "target",
        "amount",
        "created_by",
    ]
    list_filter = ["movement", "call", "kind"]
    search_fields = ["payable_key", "evidence", "voucher__code", "enterprise__name", "provider"]
    list_select_related = ["call", "voucher", "created_by"]
    date_hierarchy = "created_at"
