from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from marketplace.accounts.roles import role_names

# (url name, label, roles that see it; empty = everyone)
NAV_ITEMS = [
    ("search:page", _("Search"), ()),
    ("consultants:registry", _("Consultants"), ()),
    ("catalogue:home", _("Solutions"), ()),
    ("facilities:list", _("Facilities"), ()),
    ("training:home", _("Training"), ()),
    ("matching:assessment_start", _("Readiness assessment"), ("sme",)),
    ("matching:recommendations", _("Recommendations"), ("sme",)),
    ("consultants:profile_edit", _("My consultant profile"), ("consultant",)),
    ("catalogue:vendor_dashboard", _("My solutions"), ("vendor",)),
    ("airisk:mine", _("AI risk"), ("sme", "vendor", "consultant", "officer")),
    ("consultants:officer_queue", _("Applications"), ("officer",)),
    ("catalogue:officer_queue", _("Listings review"), ("officer",)),
]


def site(request):
    roles = role_names(request.user) if hasattr(request, "user") else []
    nav = []
    for name, label, needed in NAV_ITEMS:
        if needed and not set(needed) & set(roles):
            continue
        nav.append({"url": reverse(name), "label": label, "name": name})
    return {
        "jurisdiction": settings.JURISDICTION,
        "nav_items": nav,
        "user_roles": roles,
    }
