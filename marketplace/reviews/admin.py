from django.contrib import admin

from .models import RatingSummary, Review, ReviewReport


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["pk", "subject_kind", "consultant", "solution", "overall", "status", "created_at"]
    list_filter = ["subject_kind", "status"]
    readonly_fields = [f.name for f in Review._meta.fields]

    def has_add_permission(self, request):
        return False  # reviews are written by verified clients, through the service


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ["pk", "review", "reporter", "created_at", "resolved_at"]
    readonly_fields = [f.name for f in ReviewReport._meta.fields]


@admin.register(RatingSummary)
class RatingSummaryAdmin(admin.ModelAdmin):
    list_display = ["kind", "object_id", "count", "mean", "flagged"]
    list_filter = ["kind", "flagged"]
    readonly_fields = [f.name for f in RatingSummary._meta.fields]
