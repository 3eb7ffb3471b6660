from django.contrib import admin

from .models import Classification, QuestionnaireVersion, ReviewRequest


@admin.register(QuestionnaireVersion)
class QuestionnaireVersionAdmin(admin.ModelAdmin):
    list_display = ["code", "number", "checksum", "created_at"]
    readonly_fields = [f.name for f in QuestionnaireVersion._meta.fields]

    def has_add_permission(self, request):
        return False  # versions are frozen from data/questionnaire.json on first use


@admin.register(Classification)
class ClassificationAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "name",
        "enterprise",
        "vendor",
        "solution",
        "status",
        "provisional_class",
        "final_class",
    ]
    list_filter = ["status", "provisional_class", "final_class"]
    search_fields = ["name"]
    readonly_fields = [f.name for f in Classification._meta.fields]

    def has_add_permission(self, request):
        return False  # written by owners through the questionnaire


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "classification", "consultant", "status", "decided_class", "decided_at"]
    list_filter = ["status"]
    readonly_fields = [f.name for f in ReviewRequest._meta.fields]

    def has_add_permission(self, request):
        return False
