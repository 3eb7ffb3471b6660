from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.core.api.fields import PrivateCharField, PrivateEmailField
from marketplace.core.images import image_urls
from marketplace.taxonomy.models import Sector, SolutionCategory
from marketplace.taxonomy.serializers import LanguageCodesField

from .. import selectors
from ..content import CONTENT_FIELDS
from ..diff import solution_diff
from ..models import (
    AiRiskClass,
    Billing,
    CoInvestor,
    Deployment,
    Integration,
    PlanPricing,
    PricingModel,
    Screenshot,
    Solution,
    SolutionPlan,
    SolutionRevision,
    Vendor,
)
from ..services import VENDOR_FIELDS

# fields only the review can change; sending them is refused, never silently ignored
FORBIDDEN_INPUT = ("status", "published", "is_published", "published_at", "status_reason", "public_id")


class CodeNameSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ImageUrlsSerializer(serializers.Serializer):
    """URLs of one image in its sizes; each is null when no image (or no such size) is stored."""

    original = serializers.CharField(required=False, allow_null=True)
    thumbnail = serializers.CharField(required=False, allow_null=True, source="320")
    icon = serializers.CharField(required=False, allow_null=True, source="96")


class ScreenshotSerializer(serializers.ModelSerializer):
    urls = serializers.SerializerMethodField()

    class Meta:
        model = Screenshot
        fields = ["id", "caption", "width", "height", "urls"]

    @extend_schema_field(ImageUrlsSerializer)
    def get_urls(self, obj: Screenshot) -> dict:
        urls = image_urls(obj.images)
        return {"original": urls.get("original"), "thumbnail": urls.get("320"), "icon": urls.get("96")}


class VendorBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Vendor
        fields = ["id", "public_id", "name"]


class PlanSerializer(serializers.ModelSerializer):
    billing_label = serializers.CharField(source="get_billing_display", read_only=True)
    pricing_label = serializers.CharField(source="get_pricing_display", read_only=True)
    sme_share_per_period = serializers.IntegerField(read_only=True)

    class Meta:
        model = SolutionPlan
        fields = [
            "id",
            "name",
            "price",
            "billing",
            "billing_label",
            "trial_days",
            "pricing",
            "pricing_label",
            "co_investment",
            "co_investor",
            "sponsor_name",
            "revenue_share_basis_points",
            "sme_share_per_period",
        ]
        read_only_fields = fields


class PlanInputSerializer(serializers.Serializer):
    """One plan as the vendor sends it; `id` keeps an existing plan (orders point at it)."""

    id = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**62)
    name = serializers.CharField(max_length=120)
    price = serializers.IntegerField(min_value=0, max_value=10**15, help_text="VND per billing period")
    billing = serializers.ChoiceField(choices=Billing.choices)
    trial_days = serializers.IntegerField(min_value=0, max_value=365, default=0)
    pricing = serializers.ChoiceField(choices=PlanPricing.choices, default=PlanPricing.STANDARD)
    co_investment = serializers.IntegerField(min_value=0, max_value=10**15, default=0)
    co_investor = serializers.ChoiceField(choices=CoInvestor.choices, required=False, allow_blank=True)
    sponsor_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    revenue_share_basis_points = serializers.IntegerField(
        min_value=0, max_value=10_000, default=0, help_text="1/100 of a percent of reported revenue"
    )


class PlansInputSerializer(serializers.Serializer):
    plans = PlanInputSerializer(many=True)


class SolutionPublicSerializer(serializers.ModelSerializer):
    """The published version of a solution (pending changes never appear here)."""

    vendor = VendorBriefSerializer(read_only=True)
    category = CodeNameSerializer(read_only=True)
    sectors = CodeNameSerializer(many=True, read_only=True)
    pricing_model_label = serializers.CharField(source="get_pricing_model_display", read_only=True)
    deployment_label = serializers.CharField(source="get_deployment_display", read_only=True)
    screenshots = serializers.SerializerMethodField()
    plans = serializers.SerializerMethodField()
    rating_average = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Solution
        fields = [
            "id",
            "public_id",
            "vendor",
            *CONTENT_FIELDS,
            "pricing_model_label",
            "deployment_label",
            "screenshots",
            "plans",
            "rating_average",
            "rating_count",
            "published_at",
            "first_published_at",
        ]
        read_only_fields = fields

    @extend_schema_field(PlanSerializer(many=True))
    def get_plans(self, obj: Solution) -> list:
        plans = getattr(obj, "offered_plans", None)
        if plans is None:
            plans = obj.plans.filter(is_active=True).order_by("position", "pk")
        return PlanSerializer(plans, many=True).data

    @extend_schema_field(ScreenshotSerializer(many=True))
    def get_screenshots(self, obj: Solution) -> list:
        shots = getattr(obj, "public_screenshots", None)
        if shots is None:
            shots = obj.screenshots.filter(revision__isnull=True)
        return ScreenshotSerializer(shots, many=True).data


PRIVATE_VENDOR_FIELDS = ("contact_name", "contact_email", "contact_phone")
NOT_PUBLISHED = _("Not published: null unless you are a member of this vendor or a department officer.")


class VendorSerializer(serializers.ModelSerializer):
    """A vendor's profile; members may change it (the tax code is checked like an enterprise's).

    Decree 13/2023/NĐ-CP: the contact person is private (members and officers see it, everyone else
    gets null); the public sees the organisation's `public_email` and `public_phone`. A household
    business's tax code is its owner's personal tax code, so it is null for the public too.
    """

    logo = serializers.SerializerMethodField()
    # a method, not a field with a default: DRF skips a defaulted field in a partial update's answer
    published_count = serializers.SerializerMethodField()
    tax_code = PrivateCharField(
        max_length=20,
        help_text=_(
            "Null for the public when the vendor is a household business (the owner's own tax code)."
        ),
    )
    contact_name = PrivateCharField(max_length=150, help_text=NOT_PUBLISHED)
    contact_email = PrivateEmailField(help_text=NOT_PUBLISHED)
    contact_phone = PrivateCharField(max_length=20, allow_blank=True, required=False, help_text=NOT_PUBLISHED)

    @extend_schema_field(serializers.IntegerField())
    def get_published_count(self, vendor) -> int:
        count = getattr(vendor, "published_count", None)
        if count is None:
            count = vendor.solutions.filter(status="published").count()
        return count

    class Meta:
        model = Vendor
        fields = [
            "id",
            "public_id",
            *VENDOR_FIELDS,
            "logo",
            "published_count",
            "created_at",
        ]
        read_only_fields = ["id", "public_id", "logo", "published_count", "created_at"]

    def _insider_of(self) -> set[int] | bool:
        """True for officers, else the ids of the user's own vendors (one query per response)."""
        if "vendor_insider" not in self.context:
            request = self.context.get("request")
            user = getattr(request, "user", None)
            if user is not None and getattr(user, "is_officer", False):
                self.context["vendor_insider"] = True
            else:
                self.context["vendor_insider"] = set(selectors.vendors_of(user).values_list("pk", flat=True))
        return self.context["vendor_insider"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        insider = self._insider_of()
        if insider is True or instance.pk in insider:
            return data
        for name in PRIVATE_VENDOR_FIELDS:
            data[name] = None
        if instance.is_household_business:
            data["tax_code"] = None
        return data

    @extend_schema_field(ImageUrlsSerializer)
    def get_logo(self, obj: Vendor) -> dict:
        urls = image_urls(obj.logo)
        return {"original": urls.get("original"), "thumbnail": urls.get("320"), "icon": urls.get("96")}


class SolutionInputSerializer(serializers.Serializer):
    """What a vendor sends: `vendor` and content.CONTENT_FIELDS (a test holds them equal). Types and
    codes are checked here; the service checks the rules again."""

    vendor = serializers.PrimaryKeyRelatedField(
        queryset=Vendor.objects.all(),
        required=False,
        help_text=_("Needed only when you belong to several vendors."),
    )
    name = serializers.CharField(max_length=200)
    short_description = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=20_000)
    category = serializers.SlugRelatedField(slug_field="code", queryset=SolutionCategory.objects.all())
    sectors = serializers.SlugRelatedField(
        slug_field="code", queryset=Sector.objects.all(), many=True, required=False
    )
    readiness_min = serializers.IntegerField(min_value=0, max_value=5)
    readiness_max = serializers.IntegerField(min_value=0, max_value=5)
    pricing_model = serializers.ChoiceField(choices=PricingModel.choices)
    price = serializers.IntegerField(min_value=0, max_value=10**15, help_text=_("List price in VND."))
    billing_unit = serializers.CharField(max_length=80, required=False, allow_blank=True)
    deployment = serializers.ChoiceField(choices=Deployment.choices)
    languages = LanguageCodesField(required=False)
    integrations = serializers.ListField(
        child=serializers.ChoiceField(choices=Integration.choices), required=False
    )
    standards = serializers.ListField(
        child=serializers.CharField(max_length=150), required=False, max_length=20
    )
    is_ai = serializers.BooleanField(required=False, default=False)
    ai_risk_class = serializers.ChoiceField(
        choices=[("", "—"), *AiRiskClass.choices], required=False, allow_blank=True
    )
    ai_risk_explanation = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    demo_offer = serializers.CharField(max_length=300, required=False, allow_blank=True)
    demo_url = serializers.URLField(required=False, allow_blank=True)
    support_contact = serializers.CharField(max_length=200)
    website = serializers.URLField(required=False, allow_blank=True)

    def to_internal_value(self, data):
        sent = [key for key in FORBIDDEN_INPUT if hasattr(data, "keys") and key in data]
        if sent:
            raise serializers.ValidationError(
                {
                    key: [_("This is set only by the department's review; submit the solution instead.")]
                    for key in sent
                }
            )
        return super().to_internal_value(data)

    def validate(self, attrs):
        low, high = attrs.get("readiness_min"), attrs.get("readiness_max")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError(
                {"readiness_min": [_("The lowest readiness level cannot be above the highest.")]}
            )
        return attrs


class PendingChangeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SolutionRevision
        fields = ["id", "state", "reason", "changed_fields", "data", "created_at", "updated_at"]


STATUS_SCHEMA = {"type": "string", "enum": [value for value, _label in Solution.STATUS_CHOICES]}


@extend_schema_field(STATUS_SCHEMA)
class SolutionStatusField(serializers.CharField):
    """Inline enum in the schema: other apps also have a `status`, and component names must not collide."""


class VendorSolutionSerializer(SolutionPublicSerializer):
    """A vendor's own view: its working state, the last decision's reason and any pending change."""

    status = SolutionStatusField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    pending_change = serializers.SerializerMethodField()

    class Meta(SolutionPublicSerializer.Meta):
        fields = [
            *SolutionPublicSerializer.Meta.fields,
            "status",
            "status_label",
            "status_reason",
            "pending_change",
        ]
        read_only_fields = fields

    @extend_schema_field(PendingChangeSerializer(allow_null=True))
    def get_pending_change(self, obj: Solution):
        revisions = getattr(obj, "open_revisions", None)
        if revisions is None:
            revisions = list(obj.revisions.filter(state__in=SolutionRevision.OPEN_STATES))
        return PendingChangeSerializer(revisions[0]).data if revisions else None

    @extend_schema_field(ScreenshotSerializer(many=True))
    def get_screenshots(self, obj: Solution) -> list:
        return ScreenshotSerializer(obj.screenshots.all(), many=True).data


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[
            ("publish", _("Publish")),
            ("reject", _("Reject")),
            ("request_changes", _("Request changes")),
            ("suspend", _("Suspend")),
            ("republish", _("Republish")),
            ("approve_change", _("Approve the pending change")),
            ("reject_change", _("Reject the pending change")),
            ("request_change_edits", _("Ask for edits to the pending change")),
        ]
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    revision_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text=_("The pending change you reviewed (guards against a newer one)."),
    )


class ScreenshotUploadSerializer(serializers.Serializer):
    image = serializers.FileField()
    caption = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class LogoUploadSerializer(serializers.Serializer):
    image = serializers.FileField()


class DiffRowSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    published = serializers.JSONField(allow_null=True)
    proposed = serializers.JSONField(allow_null=True)
    changed = serializers.BooleanField()
    material = serializers.BooleanField()


class ReviewSolutionSerializer(VendorSolutionSerializer):
    diff = serializers.SerializerMethodField()

    class Meta(VendorSolutionSerializer.Meta):
        fields = [*VendorSolutionSerializer.Meta.fields, "diff"]
        read_only_fields = fields

    @extend_schema_field(DiffRowSerializer(many=True))
    def get_diff(self, obj: Solution) -> list:
        return DiffRowSerializer(solution_diff(obj), many=True).data
