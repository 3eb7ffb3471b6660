"""The backend contract: every backend's test class subclasses BackendContract and provides `backend`
(an empty backend built on `registry`). Known differences are marked xfail(strict=True) in the
subclass, with the reason."""

from __future__ import annotations

import re
import unicodedata
from datetime import timedelta

import pytest
from django.utils import timezone

from search import errors
from search.query import SearchQuery
from search.text import fold
from tests.search.documents import build_registry, documents, expected_facet_counts

S = lambda n: ("solution", str(n))  # noqa: E731
C = lambda n: ("consultant", str(n))  # noqa: E731


def keys(results) -> list[tuple[str, str]]:
    return [(h.kind, h.id) for h in results.hits]


class BackendContract:
    @pytest.fixture
    def registry(self):
        return build_registry()

    @pytest.fixture
    def docs(self, registry):
        return documents(registry)

    @pytest.fixture
    def loaded(self, backend, docs):
        backend.index(docs)
        backend.refresh()
        return backend

    def run(self, backend, **kwargs):
        kwargs.setdefault("page_size", 100)
        return backend.search(SearchQuery(**kwargs))

    # ---------------------------------------------------------------- Vietnamese matching
    def test_folded_query_finds_text_with_diacritics(self, loaded):
        found = set(keys(self.run(loaded, text="hoa don")))
        assert {S(1), S(2)} <= found

    def test_d_with_stroke_is_folded_to_d(self, loaded):
        assert set(keys(self.run(loaded, text="dong nai"))) == {S(1), C(1)}

    def test_d_with_stroke_inside_a_word(self, loaded):
        assert S(1) in keys(self.run(loaded, text="dien tu"))

    def test_ke_toan_finds_ke_toan_with_diacritics(self, loaded):
        assert set(keys(self.run(loaded, text="ke toan"))) == {S(2), S(5), C(2), C(3)}

    def test_upper_case_decomposed_query_matches(self, loaded):
        query = unicodedata.normalize("NFD", "HÓA ĐƠN")
        assert {S(1), S(2)} <= set(keys(self.run(loaded, text=query)))

    def test_every_word_of_the_query_is_required(self, loaded):
        assert self.run(loaded, text="hóa đơn xây dựng").count == 0

    def test_exact_diacritics_rank_above_folded_match(self, loaded):
        order = keys(self.run(loaded, text="bán hàng"))
        assert order.index(S(4)) < order.index(S(3))

    def test_phrase_ranks_above_scattered_words(self, loaded):
        order = keys(self.run(loaded, text="kế toán"))
        assert order[-1] == S(5)

    def test_title_match_ranks_above_body_only_match(self, loaded):
        order = keys(self.run(loaded, text="toán"))
        assert order[-1] == C(2)

    def test_small_typo_is_tolerated(self, loaded):
        assert S(2) in keys(self.run(loaded, text="phần mềm kế toán missa"))

    # ---------------------------------------------------------------- browsing, filters, facets
    def test_empty_query_lists_everything_newest_first(self, loaded, docs):
        results = self.run(loaded)
        assert results.count == len(docs)
        dates = [h.published_at for h in results.hits]
        assert dates == sorted(dates, reverse=True)

    def test_kind_filter(self, loaded):
        assert set(keys(self.run(loaded, filters={"kind": ["consultant"]}))) == {C(1), C(2), C(3)}

    def test_values_within_one_facet_are_alternatives(self, loaded):
        found = set(keys(self.run(loaded, filters={"sector": ["10", "47"]})))
        assert found == {S(1), S(3), S(4), S(5), C(1), C(2)}

    def test_filters_of_different_facets_all_apply(self, loaded):
        found = set(keys(self.run(loaded, filters={"sector": ["46"], "certified": ["true"]})))
        assert found == {C(1), C(3)}

    def test_price_range_filter(self, loaded):
        assert set(keys(self.run(loaded, filters={"price": ["lt1m"]}))) == {S(1), C(2)}

    @pytest.mark.parametrize(
        "text, filters",
        [
            ("", {}),
            ("", {"sector": ["46"]}),
            ("", {"sector": ["46", "10"], "kind": ["solution"]}),
            ("", {"kind": ["consultant"], "certified": ["true"], "price": ["1m-5m", "20m-100m"]}),
            ("doanh nghiep", {"sector": ["47"], "deployment": ["cloud"]}),
            ("ke toan", {"price": ["1m-5m"], "rating": ["3plus"]}),
        ],
    )
    def test_facet_counts_are_disjunctive(self, loaded, registry, docs, text, filters):
        matched = set(keys(self.run(loaded, text=text)))
        results = self.run(loaded, text=text, filters=filters)
        expected = expected_facet_counts(registry, docs, matched, filters)
        got = {name: {v.value: v.count for v in values if v.count} for name, values in results.facets.items()}
        assert {k: v for k, v in got.items() if v} == expected

    @pytest.mark.parametrize(
        "text, filters",
        [
            ("", {"sector": ["46", "10"], "kind": ["solution"]}),
            ("", {"kind": ["consultant"], "certified": ["true"], "price": ["1m-5m", "20m-100m"]}),
            ("ke toan", {"price": ["1m-5m"], "rating": ["3plus"]}),
        ],
    )
    def test_ids_only_query_finds_what_the_faceted_one_finds(self, loaded, text, filters):
        """Matching asks for ids only (no facets, no snippets): the same matches, in the same order."""
        faceted = self.run(loaded, text=text, filters=filters)
        bare = self.run(loaded, text=text, filters=filters, with_facets=False, snippets=False)
        assert keys(bare) == keys(faceted) and bare.count == faceted.count
        assert bare.facets == {} and all(h.snippet == "" for h in bare.hits)

    @pytest.mark.parametrize(
        "filters",
        [
            {},
            {"kind": ["solution"]},
            {"sector": ["46", "10"], "kind": ["solution"]},
            {"kind": ["consultant"]},
        ],
    )
    def test_ids_without_a_count_are_the_first_ids_of_the_counted_query(self, loaded, filters):
        """Matching's retrieval asks for no count: the same first ids, a count that is a lower bound."""
        counted = self.run(loaded, filters=filters, page_size=3)
        first = self.run(
            loaded, filters=filters, page_size=3, with_facets=False, snippets=False, with_count=False
        )
        assert keys(first) == keys(counted)
        assert len(first.hits) <= first.count <= counted.count
        second = self.run(
            loaded, filters=filters, page=2, page_size=3, with_facets=False, snippets=False, with_count=False
        )
        assert keys(second) == keys(self.run(loaded, filters=filters, page=2, page_size=3))

    def test_facet_value_selected_without_results_is_still_listed(self, loaded):
        results = self.run(loaded, filters={"sector": ["99"]})
        values = {v.value: v for v in results.facets["sector"]}
        assert results.count == 0
        assert values["99"].selected and values["99"].count == 0
        assert values["46"].count > 0 and not values["46"].selected

    def test_facet_labels_come_from_the_declaration(self, loaded):
        labels = {v.value: v.label for v in self.run(loaded).facets["sector"]}
        assert labels["46"] == "Bán buôn"
        kinds = {v.value: v.label for v in self.run(loaded).facets["kind"]}
        assert kinds == {"solution": "Giải pháp", "consultant": "Tư vấn viên"}

    def test_unknown_facet_is_refused(self, loaded):
        with pytest.raises(errors.UnknownFacet):
            self.run(loaded, filters={"colour": ["red"]})

    def test_unknown_sort_is_refused(self, loaded):
        with pytest.raises(errors.UnknownSort):
            self.run(loaded, sort="cheapest")

    def test_boolean_facet_accepts_only_true_or_false(self, loaded):
        with pytest.raises(errors.InvalidFacetValue):
            self.run(loaded, filters={"certified": ["maybe"]})

    # ---------------------------------------------------------------- sorting, paging
    def test_sort_by_price_ascending_puts_unpriced_last(self, loaded):
        hits = self.run(loaded, sort="price_asc").hits
        prices = [h.price for h in hits]
        assert prices[-1] is None
        assert prices[:-1] == sorted(prices[:-1])

    def test_sort_by_price_descending(self, loaded):
        prices = [h.price for h in self.run(loaded, sort="price_desc").hits if h.price is not None]
        assert prices == sorted(prices, reverse=True)

    def test_sort_by_rating_puts_unrated_last(self, loaded):
        ratings = [h.rating for h in self.run(loaded, sort="rating").hits]
        rated = [r for r in ratings if r is not None]
        assert ratings[: len(rated)] == sorted(rated, reverse=True)

    def test_sort_by_newest(self, loaded):
        dates = [h.published_at for h in self.run(loaded, text="doanh nghiep", sort="newest").hits]
        assert len(dates) >= 2 and dates == sorted(dates, reverse=True)

    def test_pages_cover_every_result_once(self, loaded, docs):
        seen = []
        for page in (1, 2, 3):
            results = loaded.search(SearchQuery(page=page, page_size=3, sort="price_asc"))
            assert results.count == len(docs)
            seen += keys(results)
        assert len(seen) == len(set(seen)) == len(docs)

    def test_page_after_the_last_is_empty_but_counts(self, loaded, docs):
        results = loaded.search(SearchQuery(page=5, page_size=3))
        assert results.hits == [] and results.count == len(docs)

    # ---------------------------------------------------------------- snippets
    def test_snippet_marks_the_matched_words(self, loaded):
        hit = next(h for h in self.run(loaded, text="hoa don").hits if (h.kind, h.id) == S(1))
        marked = re.findall(r"<mark>(.*?)</mark>", hit.snippet)
        assert marked
        assert set(fold(" ".join(marked)).split()) <= {"hoa", "don"}

    def test_snippet_escapes_markup_from_the_text(self, loaded):
        hit = self.run(loaded, text="online").hits[0]
        assert "<b>" not in hit.snippet and "&lt;b&gt;" in hit.snippet

    @pytest.mark.parametrize(
        "text", ['"', "((", "AND OR NOT", "*", "a:b", "-", "' OR 1=1 --", "\\", "🙂", "hóa\x00đơn"]
    )
    def test_malformed_query_text_is_harmless(self, loaded, text):
        results = self.run(loaded, text=text)
        assert results.count >= 0

    # ---------------------------------------------------------------- writing
    def test_reindexing_a_document_replaces_it(self, loaded, registry, docs):
        changed = registry.get("solution").prepare({"id": 2, "title": "Phần mềm nhân sự", "text": {}})
        loaded.index([changed])
        loaded.refresh()
        assert S(2) not in keys(self.run(loaded, text="ke toan"))
        assert keys(self.run(loaded, text="nhan su")) == [S(2)]
        assert self.run(loaded).count == len(docs)

    def test_deleting_a_document_removes_it(self, loaded, docs):
        loaded.delete([S(1), ("solution", "404")])
        loaded.refresh()
        assert S(1) not in keys(self.run(loaded, text="hoa don"))
        assert self.run(loaded).count == len(docs) - 1

    def test_rebuild_replaces_every_document(self, loaded, registry):
        fresh = registry.get("consultant").prepare({"id": 9, "title": "Phạm Thu Đào", "text": {}})
        assert loaded.rebuild([fresh]) == 1
        loaded.refresh()
        assert keys(self.run(loaded)) == [C(9)]
        assert keys(self.run(loaded, text="dao")) == [C(9)]

    # ---------------------------------------------------------------- end of visibility
    @pytest.fixture
    def expiring(self, backend, docs):
        """S(1) stopped being visible a minute ago, C(1) stops in an hour; nothing reindexed them."""
        now = timezone.now()
        ended, ending = now - timedelta(minutes=1), now + timedelta(hours=1)
        until = {S(1): ended, C(1): ending}
        changed = [{**d, "visible_until": until.get((d["kind"], d["id"]))} for d in docs]
        backend.index(changed)
        backend.refresh()
        return backend, changed, ending

    def test_document_past_its_visibility_is_not_found(self, expiring):
        backend, docs, _ending = expiring
        assert keys(self.run(backend, text="dong nai")) == [C(1)]
        everything = self.run(backend)
        assert S(1) not in keys(everything) and everything.count == len(docs) - 1
        bare = self.run(backend, text="hoa don", with_facets=False, snippets=False)
        assert S(1) not in keys(bare) and bare.count >= 1

    @pytest.mark.parametrize(
        "text, filters", [("", {}), ("", {"sector": ["46"], "kind": ["solution"]}), ("doanh nghiep", {})]
    )
    def test_document_past_its_visibility_counts_in_no_facet(self, expiring, registry, text, filters):
        backend, docs, _ending = expiring
        matched = set(keys(self.run(backend, text=text))) - {S(1)}
        results = self.run(backend, text=text, filters=filters)
        expected = expected_facet_counts(registry, docs, matched, filters)
        got = {name: {v.value: v.count for v in values if v.count} for name, values in results.facets.items()}
        assert {k: v for k, v in got.items() if v} == expected

    def test_document_past_its_visibility_is_not_suggested(self, expiring):
        backend, _docs, _ending = expiring
        assert (S(1)[0], S(1)[1]) not in [(s["kind"], s["id"]) for s in backend.suggest("hoa d")]
        assert "Phần mềm kế toán MISA" in [s["title"] for s in backend.suggest("phan mem")]

    def test_results_say_when_their_first_document_stops_being_visible(self, expiring):
        backend, _docs, ending = expiring
        with_it = self.run(backend, text="dong nai")
        assert abs((with_it.expires_at - ending).total_seconds()) < 1
        assert self.run(backend, text="ke toan").expires_at is None

    # ---------------------------------------------------------------- suggestions
    def test_suggestions_match_a_folded_prefix(self, loaded):
        titles = [s["title"] for s in loaded.suggest("hoa d")]
        assert "Hóa đơn điện tử VNPT-Invoice" in titles

    def test_suggestions_match_a_later_word_of_the_title(self, loaded):
        titles = [s["title"] for s in loaded.suggest("ke t")]
        assert "Phần mềm kế toán MISA" in titles

    def test_suggestions_can_be_limited_to_a_kind(self, loaded):
        suggestions = loaded.suggest("le minh", kinds=["consultant"])
        assert [(s["kind"], s["id"]) for s in suggestions] == [C(3)]
        assert loaded.suggest("le minh", kinds=["solution"]) == []

    # ---------------------------------------------------------------- snippet marks (both backends alike)
    def test_snippet_marks_only_the_words_searched_not_look_alikes_or_stop_words(self, loaded, registry):
        doc = registry.get("solution").prepare(
            {
                "id": 77,
                "title": "Tư vấn tự động hóa",
                "text": {"summary": "Tư vấn và tự động hóa cho doanh nghiệp ở phường Tự An"},
            }
        )
        loaded.index([doc])
        loaded.refresh()
        hit = next(h for h in self.run(loaded, text="tư và").hits if (h.kind, h.id) == S(77))
        assert re.findall(r"<mark>(.*?)</mark>", hit.snippet) == ["Tư"]
