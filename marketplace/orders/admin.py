from django.contrib import admin

from .models import AmountDue, Order


class AmountDueInline(admin.TabularInline):
    model = AmountDue
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in AmountDue._meta.fields]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ["pk", "solution", "plan_name", "enterprise", "status", "start_date", "created_at"]
    list_filter = ["status", "pricing", "billing"]
    search_fields = ["enterprise__name", "solution__name", "contract_number"]
    # state changes go through the services (audited); the admin reads
    readonly_fields = [f.name for f in Order._meta.fields]
    inlines = [AmountDueInline]

    def has_add_permission(self, request):
        return False
