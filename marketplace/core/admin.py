from django.conf import settings
from django.contrib import admin

from .models import AuditRecord

admin.site.site_header = settings.JURISDICTION["department_name"]
admin.site.site_title = settings.JURISDICTION["department_name"]


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "content_type", "object_id", "from_state", "to_state", "actor"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "content_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
