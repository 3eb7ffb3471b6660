from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from marketplace.core.tax_codes import normalise_tax_code, validate_tax_code
from marketplace.taxonomy.models import AdminUnit, Sector

from ..models import Enterprise
from ..services import PROFILE_FIELDS


class EnterpriseSerializer(serializers.ModelSerializer):
    primary_sector = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.filter(level=Sector.DIVISION)
    )
    main_activity = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Sector.objects.filter(level=Sector.GROUP),
        required=False,
        allow_null=True,
        help_text="A VSIC 2025 group (3 digits) of the main sector, where the taxonomy has them.",
    )
    sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Sector.objects.filter(level=Sector.DIVISION)
    )
    ward = serializers.SlugRelatedField(
        slug_field="code", queryset=AdminUnit.objects.filter(level=AdminUnit.COMMUNE)
    )
    tax_code = serializers.CharField(max_length=20)
    size_class = serializers.CharField(read_only=True)
    size_class_label = serializers.CharField(source="get_size_class_display", read_only=True)
    employees = serializers.IntegerField(min_value=0, max_value=10_000_000)
    annual_revenue = serializers.IntegerField(min_value=0, max_value=10**17)
    total_capital = serializers.IntegerField(min_value=0, max_value=10**17)
    dx_budget_yearly = serializers.IntegerField(
        min_value=0, max_value=10**15, required=False, allow_null=True
    )
    sites = serializers.IntegerField(min_value=1, max_value=10_000, required=False, allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            *PROFILE_FIELDS,
            "size_class",
            "size_class_label",
            "is_exemplary",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "size_class", "is_exemplary", "created_at", "updated_at"]

    def validate_tax_code(self, value: str) -> str:
        value = normalise_tax_code(value)
        try:
            validate_tax_code(value)
        except Exception as exc:
            raise serializers.ValidationError(
                _(
                    "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch (e.g. 3600123456 or 3600123456-001)."
                )
            ) from exc
        taken = Enterprise.objects.filter(tax_code=value)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise serializers.ValidationError(_("An enterprise with this tax code is already registered."))
        return value
