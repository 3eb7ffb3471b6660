"""The public registry's filters, shared by the web page and the API (one FilterSet, two front doors)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from marketplace.taxonomy.models import AdminUnit, ExpertiseArea, Sector
from marketplace.taxonomy.selectors import language_choices

from .models import Consultant, ServiceMode

SORTS = {
    "name": ("display_name", "pk"),
    "rate": ("hourly_rate", "pk"),
    "-rate": ("-hourly_rate", "pk"),
    "experience": ("-years_experience", "pk"),
    "recent": ("-updated_at", "pk"),
}
SORT_CHOICES = [
    ("name", _("Name")),
    ("rate", _("Rate: low to high")),
    ("-rate", _("Rate: high to low")),
    ("experience", _("Most experienced")),
    ("recent", _("Recently updated")),
]


def _codes_q(field: str, code: str) -> Q:
    return Q(**{f"{field}__contains": f",{code},"})


class ConsultantFilter(django_filters.FilterSet):
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        to_field_name="code",
        method="filter_sector",
    )
    expertise = django_filters.ModelChoiceFilter(
        label=_("Expertise"),
        queryset=ExpertiseArea.objects.all(),
        to_field_name="code",
        method="filter_expertise",
    )
    service_mode = django_filters.ChoiceFilter(
        label=_("Service mode"), choices=ServiceMode.choices, method="filter_service_mode"
    )
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=language_choices, method="filter_language"
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Province or ward"),
        queryset=AdminUnit.objects.all(),
        to_field_name="code",
        method="filter_area",
    )
    rate_min = django_filters.NumberFilter(
        label=_("Rate from (VND/hour)"), field_name="hourly_rate", lookup_expr="gte", min_value=0
    )
    rate_max = django_filters.NumberFilter(
        label=_("Rate up to (VND/hour)"), field_name="hourly_rate", lookup_expr="lte", min_value=0
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="filter_sort", empty_label=None
    )

    class Meta:
        model = Consultant
        fields: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("rate_min", "rate_max"):
            self.filters[name].field_class = forms.IntegerField  # whole đồng only: "1.5" is a 400

    def filter_sector(self, queryset: QuerySet, name: str, value: Sector) -> QuerySet:
        # A section (letter) matches consultants serving it or any of its divisions.
        through = Consultant.sectors.through.objects.filter(Q(sector=value) | Q(sector__parent=value))
        return queryset.filter(pk__in=through.values("consultant_id"))

    def filter_expertise(self, queryset: QuerySet, name: str, value: ExpertiseArea) -> QuerySet:
        through = Consultant.expertise.through.objects.filter(expertisearea=value)
        return queryset.filter(pk__in=through.values("consultant_id"))

    def filter_service_mode(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(_codes_q("service_mode_codes", value))

    def filter_language(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(_codes_q("language_codes", value))

    def filter_area(self, queryset: QuerySet, name: str, value: AdminUnit) -> QuerySet:
        # A ward is served by consultants covering it or its whole province; a province by those
        # covering it or any of its wards. Online-only consultants are not excluded by others' filters.
        if value.level == AdminUnit.COMMUNE:
            units = Q(adminunit=value) | Q(adminunit_id=value.parent_id)
        else:
            units = Q(adminunit=value) | Q(adminunit__parent=value)
        through = Consultant.coverage.through.objects.filter(units)
        return queryset.filter(pk__in=through.values("consultant_id"))

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))

    @property
    def qs(self):
        queryset = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("sort"):
            queryset = queryset.order_by(*SORTS["name"])
        return queryset
