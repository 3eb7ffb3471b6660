"""Public pages: the certified registry, profiles, firms, certificate checks."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .. import selectors
from ..bookings import selectors as booking_selectors
from ..errors import CertificateNotFound
from ..filters import ConsultantFilter
from ..forms import (
    CertificateLookupForm,
)
from ..models import (
    Consultant,
    ConsultingFirm,
)


def registry(request):
    filterset = ConsultantFilter(
        request.GET or None, queryset=selectors.with_public_relations(selectors.consultants_public())
    )
    if filterset.is_bound and not filterset.is_valid():
        consultants = selectors.consultants_public().none()
        status = 400
    else:
        consultants = filterset.qs
        status = 200
    page = Paginator(consultants, 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultants/registry.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
        status=status,
    )


def profile(request, pk: int):
    consultant = get_object_or_404(
        Consultant.objects.select_related("user", "firm_membership__firm").prefetch_related(
            "sectors",
            "expertise",
            "categories",
            "coverage",
            "packages",
            "engagements__sector",
            "qualifications",
        ),
        pk=pk,
    )
    is_owner = request.user.is_authenticated and consultant.user_id == request.user.pk
    is_public = selectors.consultant_is_public(consultant)
    if not (is_public or is_owner or getattr(request.user, "is_officer", False)):
        raise Http404
    certificate = selectors.consultant_live_certificate(consultant)
    return render(
        request,
        "consultants/profile.html",
        {
            "consultant": consultant,
            "certificate": certificate,
            "has_badge": selectors.consultant_has_badge(consultant),
            "is_owner": is_owner,
            "is_public": is_public,
            "slots": booking_selectors.next_slots(consultant),
        },
    )


def firm_detail(request, pk: int):
    firm = get_object_or_404(ConsultingFirm, pk=pk)
    members = selectors.consultants_public().filter(firm_membership__firm=firm).order_by("display_name", "pk")
    mine = selectors.firm_membership_of(request.user)
    return render(
        request,
        "consultants/firm.html",
        {
            "firm": firm,
            "members": members,
            "my_membership": mine if mine and mine.firm_id == firm.pk else None,
        },
    )


def certificate_lookup(request):
    form = CertificateLookupForm(request.GET or None)
    if form.is_valid():
        return redirect("consultants:certificate_check", code=form.cleaned_data["code"].strip())
    return render(request, "consultants/certificate_lookup.html", {"form": form})


def certificate_check(request, code: str):
    try:
        certificate = selectors.certificate_get_by_code(code)
    except CertificateNotFound as error:
        form = CertificateLookupForm(initial={"code": code})
        context = {"form": form, "not_found": True, "mistyped": error.code == "certificate_code_mistyped"}
        return render(request, "consultants/certificate_lookup.html", context, status=404)
    return render(
        request,
        "consultants/certificate.html",
        {
            "certificate": certificate,
            "status": certificate.public_status(),
            "consultant": certificate.consultant,
        },
    )
