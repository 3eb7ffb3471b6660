from django.contrib import admin

from .models import AdminUnit, ExpertiseArea, Language, ReadinessLevel, Sector, SolutionCategory


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "level", "decree80_group", "is_priority"]
    list_filter = ["level", "decree80_group", "is_priority"]
    search_fields = ["code", "name_vi", "name_en"]


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name"]


@admin.register(SolutionCategory)
class SolutionCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "position"]


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "position"]


@admin.register(ReadinessLevel)
class ReadinessLevelAdmin(admin.ModelAdmin):
    list_display = ["level", "name_vi", "name_en"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "native_name", "position"]
