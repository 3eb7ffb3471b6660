"""The boundary to the other side of the market: consultants, catalogue and search.

Everything matching needs from those apps goes through this module, using their public selectors
and the search backend; the rest of matching sees plain dataclasses (see scoring.py).
"""

from __future__ import annotations

from django.db.models import Count, Max, Min


def cost_ranges_by_category(category_codes: list[str]) -> dict[str, tuple[int, int, int]]:
    """{category code: (lowest price, highest price, number of solutions)} over published solutions."""
    try:
        from catalogue.selectors import solutions_public
    except ImportError:  # catalogue not installed: the roadmap shows no prices
        return {}
    rows = (
        solutions_public()
        .filter(category__code__in=category_codes)
        .order_by()
        .values("category__code")
        .annotate(low=Min("price"), high=Max("price"), n=Count("pk"))
    )
    return {row["category__code"]: (row["low"], row["high"], row["n"]) for row in rows}
