"""Facet declarations shared by several kinds."""

from __future__ import annotations

import pytest
from django.utils import translation

from marketplace.taxonomy.models import Language
from search.registry import FacetField, Registry, registry


def test_a_shared_facet_keeps_the_first_labels_and_borrows_the_missing_ones():
    r = Registry()
    r.register_facet(FacetField("language", "Ngôn ngữ", value_labels=lambda v: {"vi": "Tiếng Việt"}))
    r.register_facet(
        FacetField("language", "Language", value_labels=lambda v: {"vi": "Vietnamese", "fr": "Tiếng Pháp"})
    )
    facet = r.facet("language")
    assert facet.label == "Ngôn ngữ"
    assert facet.labels_for(["vi", "fr", "xx"]) == {"vi": "Tiếng Việt", "fr": "Tiếng Pháp"}


@pytest.mark.django_db
def test_every_language_of_the_taxonomy_has_a_facet_label_in_the_active_language():
    codes = sorted(Language.objects.values_list("code", flat=True))
    assert {"vi", "en", "km"} <= set(codes)
    with translation.override("vi"):
        labels = registry.facet("language").labels_for(codes)
    assert sorted(labels) == codes
    assert labels["en"] == "Tiếng Anh"
    with translation.override("en"):
        assert registry.facet("language").labels_for(["vi"]) == {"vi": "Vietnamese"}
