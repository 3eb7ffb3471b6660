"""Consultant-network factories: built through services, so rules hold as in production."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from consultants import services
from consultants.models import Certificate, CertificationApplication, Consultant
from marketplace.taxonomy.models import ExpertiseArea, Sector
from tests.core.imagefiles import minimal_pdf, upload
from tests.factories import OfficerFactory, UserFactory


def make_consultant(*, user=None, display_name: str = "", **data) -> Consultant:
    user = user or UserFactory()
    data.setdefault("hourly_rate", 500_000)
    data.setdefault("languages", ["vi"])
    data.setdefault("service_modes", ["online"])
    return services.consultant_create(user=user, display_name=display_name or user.full_name, **data)


def complete_application(consultant: Consultant) -> CertificationApplication:
    """A draft with everything submission needs."""
    user = consultant.user
    application = services.application_create(consultant=consultant, actor=user)
    answers = {item["code"]: "Đáp ứng: có minh chứng kèm theo." for item in application.criteria.items}
    services.application_update(
        application=application, actor=user, statement="Tôi có 8 năm tư vấn CĐS.", criteria_answers=answers
    )
    services.application_add_evidence(
        application=application,
        actor=user,
        uploaded_file=upload(minimal_pdf(), "bang-cap.pdf"),
        criterion="competence",
    )
    services.application_add_reference(
        application=application,
        actor=user,
        name="Lê Văn Bình",
        organisation="Công ty ABC",
        email="binh@abc.vn",
    )
    application.refresh_from_db()
    return application


def submitted_application(consultant: Consultant | None = None) -> CertificationApplication:
    consultant = consultant or make_consultant()
    application = complete_application(consultant)
    return services.application_submit(application=application, actor=consultant.user)


def under_review_application(consultant: Consultant | None = None, officer=None) -> CertificationApplication:
    application = submitted_application(consultant)
    return services.application_start_review(application=application, officer=officer or OfficerFactory())


def certified_consultant(consultant: Consultant | None = None, officer=None, **data) -> Consultant:
    consultant = consultant or make_consultant(**data)
    officer = officer or OfficerFactory()
    application = under_review_application(consultant, officer)
    services.application_decide(application=application, officer=officer, decision="certify")
    consultant.refresh_from_db()
    return consultant


def certificate_of(consultant: Consultant) -> Certificate:
    return consultant.certificates.order_by("-issued_at", "-pk").first()


def age_certificate(certificate: Certificate, *, days_left: float) -> Certificate:
    """Move a certificate's dates so it ends `days_left` days from now (negative: already past)."""
    until = timezone.now() + timedelta(days=days_left)
    Certificate.objects.filter(pk=certificate.pk).update(
        valid_from=until - timedelta(days=730), valid_until=until
    )
    certificate.refresh_from_db()
    return certificate


def sector(code: str = "62") -> Sector:
    return Sector.objects.get(code=code)


def expertise(code: str = "data") -> ExpertiseArea:
    return ExpertiseArea.objects.get(code=code)


def make_firm(*, admin: Consultant | None = None, members=(), name: str = "Công ty Tư vấn Số Đồng Nai"):
    """A firm created by `admin` (its first administrator) with `members` added as plain members."""
    admin = admin or make_consultant()
    firm = services.firm_create(actor=admin.user, name=name)
    for member in members:
        services.firm_member_add(firm=firm, actor=admin.user, consultant=member)
    return firm
