"""Read-mostly admin: certification state changes only through services (officer pages/API)."""

from django.contrib import admin

from .models import (
    AvailabilityRule,
    Certificate,
    CertificationApplication,
    Consultant,
    ConsultingFirm,
    Engagement,
    Evidence,
    FirmMembership,
    NetworkCriteria,
    Package,
    Qualification,
    Reference,
)


class PackageInline(admin.TabularInline):
    model = Package
    extra = 0


class EngagementInline(admin.TabularInline):
    model = Engagement
    extra = 0


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 0


class RuleInline(admin.TabularInline):
    model = AvailabilityRule
    extra = 0


@admin.register(Consultant)
class ConsultantAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "hourly_rate", "is_visible", "updated_at"]
    list_filter = ["is_visible"]
    search_fields = ["display_name", "user__email"]
    raw_id_fields = ["user"]
    filter_horizontal = ["sectors", "expertise", "categories", "coverage"]
    inlines = [PackageInline, EngagementInline, QualificationInline, RuleInline]


@admin.register(ConsultingFirm)
class ConsultingFirmAdmin(admin.ModelAdmin):
    list_display = ["name", "tax_code", "email"]
    search_fields = ["name", "tax_code"]


@admin.register(FirmMembership)
class FirmMembershipAdmin(admin.ModelAdmin):
    list_display = ["firm", "consultant", "role"]
    raw_id_fields = ["consultant"]


@admin.register(NetworkCriteria)
class NetworkCriteriaAdmin(admin.ModelAdmin):
    list_display = ["version", "title_vi", "published_on", "is_current"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    readonly_fields = ["original_name", "content_type", "size", "file_name", "criterion", "uploaded_at"]
    can_delete = False


class ReferenceInline(admin.TabularInline):
    model = Reference
    extra = 0


@admin.register(CertificationApplication)
class CertificationApplicationAdmin(admin.ModelAdmin):
    list_display = ["consultant", "status", "submitted_at", "decided_at", "reviewer"]
    list_filter = ["status"]
    search_fields = ["consultant__display_name"]
    readonly_fields = ["status", "reviewer", "decision_reason", "submitted_at", "decided_at", "checklist"]
    inlines = [EvidenceInline, ReferenceInline]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "consultant", "status", "valid_from", "valid_until"]
    list_filter = ["status"]
    search_fields = ["code", "consultant__display_name"]
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
