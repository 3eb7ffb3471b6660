"""Facet declarations shared by several kinds."""

from __future__ import annotations

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


def test_every_language_a_consultant_or_a_solution_declares_has_a_label():
    from catalogue.models import LANGUAGE_CHOICES as SOLUTION_LANGUAGES
    from consultants.models import LANGUAGE_CHOICES as CONSULTANT_LANGUAGES

    codes = sorted({code for code, _label in [*SOLUTION_LANGUAGES, *CONSULTANT_LANGUAGES]})
    labels = registry.facet("language").labels_for(codes)
    assert sorted(labels) == codes
    assert all(labels[code] != code for code in codes)
