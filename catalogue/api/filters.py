from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from marketplace.core.api.filters import SortFilter
from marketplace.taxonomy.models import Sector, SolutionCategory

from .. import selectors
from ..models import Deployment, PricingModel, Solution, Vendor

BOOLEAN_CHOICES = [("true", "true"), ("false", "false")]


def _as_bool(value: str) -> bool:
    return value == "true"


# The one sort filter of every list lives in marketplace.core (parameter `sort`); this name stays
# because the catalogue's views import it.
StrictOrderingFilter = SortFilter


class SolutionFilter(django_filters.FilterSet):
    category = django_filters.ModelMultipleChoiceFilter(
        to_field_name="code",
        queryset=SolutionCategory.objects.all(),
        method="filter_category",
        help_text=_("Category code(s), e.g. e-invoice; repeat for several."),
    )
    sector = django_filters.ModelMultipleChoiceFilter(
        to_field_name="code",
        queryset=Sector.objects.all(),
        method="filter_sector",
        help_text=_("VSIC 2025 section letter or division code; repeat for several."),
    )
    readiness = django_filters.NumberFilter(
        method="filter_readiness",
        min_value=0,
        max_value=5,
        help_text=_("A readiness level 0–5 the solution must fit."),
    )
    pricing_model = django_filters.MultipleChoiceFilter(choices=PricingModel.choices)
    deployment = django_filters.MultipleChoiceFilter(choices=Deployment.choices)
    price_min = django_filters.NumberFilter(
        field_name="price", lookup_expr="gte", min_value=0, decimal_places=0
    )
    price_max = django_filters.NumberFilter(
        field_name="price", lookup_expr="lte", min_value=0, decimal_places=0
    )
    ai = django_filters.TypedChoiceFilter(
        field_name="is_ai",
        choices=BOOLEAN_CHOICES,
        coerce=_as_bool,
        help_text=_("true: AI solutions only; false: solutions without AI."),
    )
    vendor = django_filters.ModelChoiceFilter(queryset=Vendor.objects.all())

    class Meta:
        model = Solution
        fields = [
            "category",
            "sector",
            "readiness",
            "pricing_model",
            "deployment",
            "price_min",
            "price_max",
            "ai",
        ]

    def filter_category(self, queryset, name, value: str):
        return queryset.filter(category__in=value) if value else queryset

    def filter_sector(self, queryset, name, value: str):
        return selectors.filter_by_sector(queryset, [sector.code for sector in value])

    def filter_readiness(self, queryset, name, value):
        if value is None:
            return queryset
        if value != int(value):
            raise ValidationError({"readiness": [_("Enter a whole number between 0 and 5.")]})
        return selectors.filter_by_readiness(queryset, int(value))


class VendorFilter(django_filters.FilterSet):
    category = django_filters.ModelMultipleChoiceFilter(
        to_field_name="code", queryset=SolutionCategory.objects.all(), method="filter_category"
    )
    sector = django_filters.ModelMultipleChoiceFilter(
        to_field_name="code", queryset=Sector.objects.all(), method="filter_sector"
    )
    ai = django_filters.TypedChoiceFilter(choices=BOOLEAN_CHOICES, coerce=_as_bool, method="filter_ai")

    class Meta:
        model = Vendor
        fields = ["category", "sector", "ai"]

    def _with(self, queryset, solutions):
        return queryset.filter(pk__in=solutions.values("vendor_id"))

    def filter_category(self, queryset, name, value: str):
        if not value:
            return queryset
        return self._with(queryset, selectors.solutions_public().filter(category__in=value))

    def filter_sector(self, queryset, name, value: str):
        if not value:
            return queryset
        return self._with(
            queryset, selectors.filter_by_sector(selectors.solutions_public(), [s.code for s in value])
        )

    def filter_ai(self, queryset, name, value: bool):
        if value in (None, ""):
            return queryset
        return self._with(queryset, selectors.solutions_public().filter(is_ai=value))


class SolutionStatusFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Solution.STATUS_CHOICES, method="filter_status")

    class Meta:
        model = Solution
        fields = ["status"]

    def filter_status(self, queryset, name, value: str):
        return queryset.filter(status__in=value) if value else queryset
