"""Officers edit criteria sets here. Edits never touch past results: assessments use frozen versions."""

from django.contrib import admin

from .models import (
    Assessment,
    CriteriaSet,
    CriteriaSetVersion,
    Dismissal,
    LevelThreshold,
    Option,
    Pillar,
    Question,
    Recommendation,
)


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0
    fields = ["code", "weight", "phase", "position", "actions"]


class ThresholdInline(admin.TabularInline):
    model = LevelThreshold
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "kind", "edition", "is_active", "position"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_vi", "name_en"]
    inlines = [PillarInline, ThresholdInline]


class OptionInline(admin.TabularInline):
    model = Option
    extra = 0
    fields = ["code", "text_vi", "text_en", "points", "position"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["code", "criteria_set", "pillar", "text_vi", "position"]
    list_filter = ["criteria_set", "pillar__code"]
    search_fields = ["code", "text_vi", "text_en"]
    list_select_related = ["criteria_set", "pillar"]
    inlines = [OptionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pillar":
            kwargs["queryset"] = Pillar.objects.select_related("criteria_set")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Frozen records: visible for checking, never edited or deleted through admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CriteriaSetVersion)
class CriteriaSetVersionAdmin(ReadOnlyAdmin):
    list_display = ["criteria_set", "number", "created_at", "checksum"]
    list_filter = ["criteria_set"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "criteria_set", "status", "overall_score", "level", "submitted_at"]
    list_filter = ["status", "criteria_set", "level"]
    search_fields = ["enterprise__name", "enterprise__tax_code"]
    list_select_related = ["enterprise", "criteria_set"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "kind", "object_id", "rank", "score", "computed_at"]
    list_filter = ["kind"]
    list_select_related = ["enterprise"]


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ["enterprise", "kind", "object_id", "reason", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["enterprise"]
