from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import audit_labels
from .models import AuditRecord

admin.site.site_header = settings.JURISDICTION["department_name"]
admin.site.site_title = settings.JURISDICTION["department_name"]


class AuditedTypeFilter(admin.SimpleListFilter):
    """Only the kinds of record that have a history, by their translated names (not every table)."""

    title = _("record type")
    parameter_name = "content_type"

    def lookups(self, request, model_admin):
        audited = AuditRecord.objects.values_list("content_type", flat=True).distinct()
        types = ContentType.objects.filter(pk__in=audited)
        names = [(ct.pk, capfirst(ct.model_class()._meta.verbose_name)) for ct in types if ct.model_class()]
        return sorted(names, key=lambda item: str(item[1]))

    def queryset(self, request, queryset):
        return queryset.filter(content_type=self.value()) if self.value() else queryset


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action_name", "record_type", "object_id", "from_name", "to_name", "actor"]
    list_filter = [AuditedTypeFilter]
    list_select_related = ["actor", "content_type"]

    @admin.display(description=_("action"), ordering="action")
    def action_name(self, record: AuditRecord) -> str:
        return audit_labels.action_label(record)

    @admin.display(description=_("record type"), ordering="content_type")
    def record_type(self, record: AuditRecord) -> str:
        model = record.content_type.model_class()
        return capfirst(model._meta.verbose_name) if model else record.content_type.model

    @admin.display(description=_("from"))
    def from_name(self, record: AuditRecord) -> str:
        return audit_labels.state_label(record, record.from_state)

    @admin.display(description=_("to"))
    def to_name(self, record: AuditRecord) -> str:
        return audit_labels.state_label(record, record.to_state)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
