"""factory_boy factories shared by all tests. Apps add their own factories below their section."""

import factory
from django.conf import settings

from marketplace.accounts.models import OfficerMembership, User
from marketplace.enterprises import services as enterprise_services
from marketplace.enterprises.models import Enterprise
from marketplace.taxonomy.models import AdminUnit, Sector

PASSWORD = "Str0ng-pass-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OfficerFactory(UserFactory):
    @factory.post_generation
    def membership(obj, create, extracted, **kwargs):
        if create:
            OfficerMembership.objects.create(user=obj, department=settings.JURISDICTION["department_name"])


def division(code: str = "62") -> Sector:
    return Sector.objects.get(code=code)


def ward(code: str | None = None) -> AdminUnit:
    units = AdminUnit.objects.filter(level=AdminUnit.COMMUNE)
    return units.get(code=code) if code else units.order_by("code").first()


class EnterpriseFactory(factory.Factory):
    """Built through the service, so the size class is computed as in production."""

    class Meta:
        model = dict

    name = factory.Sequence(lambda n: f"Công ty TNHH Thử Nghiệm {n}")
    tax_code = factory.Sequence(lambda n: f"{3600000000 + n}")
    address = "1 Đường Võ Thị Sáu"
    contact_name = "Nguyễn Văn A"
    contact_email = factory.Sequence(lambda n: f"lienhe{n}@dn.vn")
    contact_phone = "0912345678"
    employees = 20
    annual_revenue = 20_000_000_000
    total_capital = 10_000_000_000
    owner = factory.SubFactory(UserFactory)
    sector_code = "62"
    ward_code = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        owner = kwargs.pop("owner")
        sector_code = kwargs.pop("sector_code")
        ward_code = kwargs.pop("ward_code")
        return enterprise_services.enterprise_create(
            created_by=owner, primary_sector=division(sector_code), ward=ward(ward_code), **kwargs
        )

    _build = _create


def enterprise_owner(enterprise: Enterprise) -> User:
    return enterprise.memberships.select_related("user").get(role="owner").user
