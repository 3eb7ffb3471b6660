from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from marketplace.taxonomy.models import AdminUnit, ExpertiseArea, Sector, SolutionCategory
from marketplace.taxonomy.serializers import LanguageCodesField

from .. import selectors
from ..models import (
    AvailabilityException,
    AvailabilityRule,
    Certificate,
    CertificateStatus,
    CertificationApplication,
    Consultant,
    ConsultingFirm,
    Evidence,
    Package,
    Reference,
    ServiceMode,
)
from ..services import MAX_RATE


class ConsultantPhotoSerializer(serializers.Serializer):
    original = serializers.CharField(required=False)
    small = serializers.CharField(required=False, help_text="96 px thumbnail URL")
    medium = serializers.CharField(required=False, help_text="320 px thumbnail URL")


class ConsultantFirmRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CertificateRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField(help_text="active, suspended, revoked or expired")
    valid_until = serializers.DateTimeField()


class ConsultantPackageSerializer(serializers.ModelSerializer):
    price = serializers.IntegerField(min_value=0, max_value=MAX_RATE)

    class Meta:
        model = Package
        fields = ["id", "title", "description", "price", "duration_hours"]


def _photo(consultant: Consultant) -> dict:
    photo = consultant.photo or {}
    out = {}
    for key, label in (("original", "original"), ("96", "small"), ("320", "medium")):
        if photo.get(key):
            out[label] = consultant.photo_url(key)
    return out


class ConsultantPublicSerializer(serializers.ModelSerializer):
    """What the public registry shows. No field here can be written."""

    sectors = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    expertise = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    categories = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    coverage = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    service_modes = serializers.ListField(child=serializers.CharField(), read_only=True)
    packages = ConsultantPackageSerializer(many=True, read_only=True)
    photo = serializers.SerializerMethodField()
    firm = serializers.SerializerMethodField()
    certificate = serializers.SerializerMethodField()
    certified = serializers.SerializerMethodField()

    class Meta:
        model = Consultant
        fields = [
            "id",
            "display_name",
            "headline",
            "biography",
            "years_experience",
            "sectors",
            "expertise",
            "categories",
            "coverage",
            "languages",
            "service_modes",
            "hourly_rate",
            "packages",
            "time_zone",
            "photo",
            "firm",
            "certified",
            "certificate",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(ConsultantPhotoSerializer)
    def get_photo(self, obj: Consultant) -> dict:
        return _photo(obj)

    @extend_schema_field(ConsultantFirmRefSerializer(allow_null=True))
    def get_firm(self, obj: Consultant):
        membership = getattr(obj, "firm_membership", None)
        try:
            firm = membership.firm if membership else None
        except Exception:
            firm = None
        return {"id": firm.pk, "name": firm.name} if firm else None

    @extend_schema_field(CertificateRefSerializer(allow_null=True))
    def get_certificate(self, obj: Consultant):
        certificate = selectors.consultant_live_certificate(obj)
        if certificate is None:
            return None
        return {
            "code": certificate.code,
            "status": certificate.public_status(),
            "valid_until": certificate.valid_until,
        }

    def get_certified(self, obj: Consultant) -> bool:
        return selectors.consultant_has_badge(obj)


class ConsultantProfileSerializer(serializers.ModelSerializer):
    """The signed-in consultant's own profile. Certification fields are read-only by construction."""

    sectors = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=Sector.objects.all()
    )
    expertise = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=ExpertiseArea.objects.all()
    )
    categories = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=SolutionCategory.objects.all()
    )
    coverage = serializers.SlugRelatedField(
        slug_field="code", many=True, required=False, queryset=AdminUnit.objects.all()
    )
    languages = LanguageCodesField(required=False, max_length=8)
    service_modes = serializers.ListField(
        child=serializers.ChoiceField(choices=ServiceMode.choices),
        required=False,
        max_length=len(ServiceMode.values),
    )
    hourly_rate = serializers.IntegerField(min_value=0, max_value=MAX_RATE, required=False, allow_null=True)
    years_experience = serializers.IntegerField(min_value=0, max_value=70, required=False)
    photo = serializers.SerializerMethodField()
    certified = serializers.SerializerMethodField()

    class Meta:
        model = Consultant
        fields = [
            "id",
            "display_name",
            "headline",
            "biography",
            "years_experience",
            "sectors",
            "expertise",
            "categories",
            "coverage",
            "languages",
            "service_modes",
            "hourly_rate",
            "time_zone",
            "is_visible",
            "photo",
            "certified",
        ]
        read_only_fields = ["id", "photo", "certified"]
        extra_kwargs = {"display_name": {"required": False}}

    @extend_schema_field(ConsultantPhotoSerializer)
    def get_photo(self, obj: Consultant) -> dict:
        return _photo(obj)

    def get_certified(self, obj: Consultant) -> bool:
        return selectors.consultant_has_badge(obj)


class PhotoUploadSerializer(serializers.Serializer):
    photo = serializers.FileField(help_text=_("JPEG, PNG or WebP, at most 5 MB and 25 megapixels."))


class AvailabilityRuleSerializer(serializers.ModelSerializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text="0 = Monday")

    class Meta:
        model = AvailabilityRule
        fields = ["id", "weekday", "start_time", "end_time"]


class AvailabilityExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = AvailabilityException
        fields = ["id", "date", "kind", "start_time", "end_time"]


class ConsultantSlotsQuerySerializer(serializers.Serializer):
    start = serializers.DateTimeField(required=False, help_text="ISO 8601 with offset; default now")
    days = serializers.IntegerField(required=False, min_value=1, max_value=60, default=14)
    slot_minutes = serializers.IntegerField(required=False, min_value=15, max_value=480, default=60)

    def validate_start(self, value):
        raw = self.initial_data.get("start", "")
        if raw and not (raw.endswith("Z") or "+" in raw[10:] or "-" in raw[10:]):
            raise serializers.ValidationError(
                _("Give the time with its UTC offset, e.g. 2026-06-01T09:00+07:00.")
            )
        return value


class ConsultantSlotsSerializer(serializers.Serializer):
    time_zone = serializers.CharField()
    slot_minutes = serializers.IntegerField()
    slots = serializers.ListField(child=serializers.DateTimeField())


class CertificationEvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "criterion", "description", "original_name", "content_type", "size", "uploaded_at"]
        read_only_fields = fields


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF, JPEG, PNG or WebP, at most 10 MB."))
    criterion = serializers.CharField(required=False, allow_blank=True, max_length=40)
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


class CertificationReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Reference
        fields = ["id", "name", "organisation", "email", "phone", "relationship"]


class ApplicationSerializer(serializers.ModelSerializer):
    consultant = serializers.IntegerField(source="consultant_id", read_only=True)
    consultant_name = serializers.CharField(source="consultant.display_name", read_only=True)
    criteria_version = serializers.CharField(source="criteria.version", read_only=True)
    status = serializers.CharField(
        read_only=True,
        help_text="draft, submitted, under_review, changes_requested, resubmitted, certified or rejected",
    )
    criteria_answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    evidence = CertificationEvidenceSerializer(many=True, read_only=True)
    references = CertificationReferenceSerializer(many=True, read_only=True)

    class Meta:
        model = CertificationApplication
        fields = [
            "id",
            "consultant",
            "consultant_name",
            "status",
            "criteria_version",
            "statement",
            "criteria_answers",
            "checklist",
            "evidence",
            "references",
            "decision_reason",
            "created_at",
            "submitted_at",
            "decided_at",
        ]
        read_only_fields = [
            "id",
            "status",
            "checklist",
            "decision_reason",
            "created_at",
            "submitted_at",
            "decided_at",
        ]


class CertificationDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["certify", "reject", "request_changes"])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    checklist = serializers.DictField(child=serializers.BooleanField(), required=False)


class CertificateReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CertificateRequiredReasonSerializer(serializers.Serializer):
    """Suspending or revoking a certificate is explained to the consultant and audited."""

    reason = serializers.CharField(max_length=2000)


class CertificateHolderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    firm = serializers.CharField(allow_null=True)
    profile_url = serializers.CharField(allow_null=True)


class CertificateSerializer(serializers.ModelSerializer):
    """Public verification of a certificate code."""

    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    holder = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ["code", "status", "status_label", "holder", "valid_from", "valid_until", "criteria_version"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(help_text="valid, suspended, revoked or expired"))
    def get_status(self, obj: Certificate) -> str:
        status = obj.public_status()
        return "valid" if status == CertificateStatus.ACTIVE else status

    def get_status_label(self, obj: Certificate) -> str:
        return obj.public_status_label()

    @extend_schema_field(CertificateHolderSerializer)
    def get_holder(self, obj: Certificate) -> dict:
        consultant = obj.consultant
        membership = (
            getattr(consultant, "firm_membership", None) if hasattr(consultant, "firm_membership") else None
        )
        public = obj.public_status() == CertificateStatus.ACTIVE and consultant.is_visible
        return {
            "id": consultant.pk,
            "display_name": consultant.display_name,
            "firm": membership.firm.name if membership else None,
            "profile_url": consultant.get_absolute_url() if public else None,
        }


class FirmSerializer(serializers.ModelSerializer):
    """`email` and `phone` are the firm's public contact. A household business's tax code is its
    owner's personal tax code (Decree 13/2023/NĐ-CP): null for everyone but its members and officers."""

    ward = serializers.SlugRelatedField(
        slug_field="code", required=False, allow_null=True, queryset=AdminUnit.objects.all()
    )
    tax_code = serializers.CharField(
        max_length=14,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text=_("Null for the public when the firm is a household business (the owner's own tax code)."),
    )

    class Meta:
        model = ConsultingFirm
        fields = [
            "id",
            "name",
            "tax_code",
            "is_household_business",
            "description",
            "website",
            "email",
            "phone",
            "ward",
        ]

    def validate_tax_code(self, value):
        return value or ""  # nullable in answers only

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.is_household_business and not self._insider(instance):
            data["tax_code"] = None
        return data

    def _insider(self, firm) -> bool:
        user = getattr(self.context.get("request"), "user", None)
        if user is None or not user.is_authenticated:
            return False
        if getattr(user, "is_officer", False):
            return True
        if "firm_membership" not in self.context:  # once per response, not per row
            self.context["firm_membership"] = selectors.firm_membership_of(user)
        membership = self.context["firm_membership"]
        return membership is not None and membership.firm_id == firm.pk


class FirmMemberSerializer(serializers.Serializer):
    consultant = serializers.IntegerField()
    role = serializers.ChoiceField(choices=["admin", "member"], default="member")
