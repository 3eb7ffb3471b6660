"""Writes for enterprises. The size class is always recomputed here from the declared figures."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from marketplace.core.tax_codes import normalise_tax_code
from marketplace.taxonomy.models import Sector

from . import sizing
from .errors import TaxCodeTaken
from .models import Enterprise, EnterpriseMembership

# What a member may edit, in the order forms and the API show it; the form, the serializer and the
# writes below all take their fields from here. `sectors` (many-to-many) is passed on its own.
PROFILE_FIELDS = (
    "name",
    "tax_code",
    "primary_sector",
    "main_activity",
    "sectors",
    "ward",
    "address",
    "contact_name",
    "contact_email",
    "contact_phone",
    "website",
    "employees",
    "annual_revenue",
    "total_capital",
    "dx_budget_yearly",
    "sites",
)
EDITABLE_FIELDS = tuple(field for field in PROFILE_FIELDS if field != "sectors")


def enterprise_size_class(
    *, primary_sector: Sector, employees: int, annual_revenue: int, total_capital: int
) -> str:
    return sizing.classify_size(
        group=primary_sector.decree80_group,
        employees=employees,
        revenue=annual_revenue,
        capital=total_capital,
    )


def _apply(enterprise: Enterprise, data: dict[str, Any]) -> None:
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(enterprise, field, data[field])
    activity = enterprise.main_activity
    if (
        "main_activity" not in data
        and activity is not None
        and activity.parent_id != enterprise.primary_sector_id
    ):
        # the main sector changed and the activity was not restated: it belonged to the old sector
        enterprise.main_activity = None
    enterprise.tax_code = normalise_tax_code(enterprise.tax_code)
    enterprise.size_class = enterprise_size_class(
        primary_sector=enterprise.primary_sector,
        employees=enterprise.employees,
        annual_revenue=enterprise.annual_revenue,
        total_capital=enterprise.total_capital,
    )


def _save(enterprise: Enterprise, sectors) -> None:
    try:
        with transaction.atomic():
            enterprise.full_clean(validate_unique=False)
            enterprise.save()
    except IntegrityError as exc:
        raise TaxCodeTaken(
            _("An enterprise with this tax code is already registered."),
            fields={"tax_code": [_("An enterprise with this tax code is already registered.")]},
        ) from exc
    if sectors is not None:
        enterprise.sectors.set(sectors)


@transaction.atomic
def enterprise_create(*, created_by, sectors=None, **data: Any) -> Enterprise:
    enterprise = Enterprise()
    _apply(enterprise, data)
    _save(enterprise, sectors)
    EnterpriseMembership.objects.create(
        enterprise=enterprise, user=created_by, role=EnterpriseMembership.OWNER
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, sectors=None, **data: Any) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _apply(enterprise, data)
    _save(enterprise, sectors)
    return enterprise
