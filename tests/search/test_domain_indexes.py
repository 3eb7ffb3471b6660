"""The real declarations: only published solutions and certified, visible consultants are indexed."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from search.backends import database_backend
from search.query import SearchQuery
from search.services import index_documents_total, index_rebuild
from tests.catalogue.factories import SolutionFactory
from tests.consultants.factories import age_certificate, certificate_of, certified_consultant, make_consultant
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db


def ids(kind: str, **query) -> set[str]:
    results = database_backend().search(SearchQuery(page_size=100, filters={"kind": [kind]}, **query))
    return {h.id for h in results.hits}


def test_only_published_solutions_are_searchable(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        published = SolutionFactory(name="Hóa đơn điện tử Đồng Nai", status="published")
        others = [
            SolutionFactory(name=f"Hóa đơn nháp {s}", status=s) for s in ("draft", "submitted", "rejected")
        ]
        suspended = SolutionFactory(name="Hóa đơn bị đình chỉ", status="suspended")
    found = ids("solution", text="hoa don")
    assert found == {str(published.pk)}
    assert not {str(s.pk) for s in [*others, suspended]} & found


def test_suspending_a_published_solution_removes_it(django_capture_on_commit_callbacks):
    from catalogue import services

    with django_capture_on_commit_callbacks(execute=True):
        solution = SolutionFactory(name="Kế toán đám mây", status="published")
    assert ids("solution", text="ke toan") == {str(solution.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        services.solution_suspend(solution=solution, officer=OfficerFactory(), reason="Khiếu nại")
    assert ids("solution", text="ke toan") == set()


def test_only_certified_visible_consultants_are_searchable(django_capture_on_commit_callbacks):
    from consultants import services

    with django_capture_on_commit_callbacks(execute=True):
        certified = certified_consultant(display_name="Trần Văn Đức")
        uncertified = make_consultant(display_name="Trần Văn Đạt")
    assert ids("consultant", text="tran van") == {str(certified.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        services.consultant_set_visibility(consultant=certified, actor=certified.user, visible=False)
    assert ids("consultant", text="tran van") == set()
    assert str(uncertified.pk) not in ids("consultant")


def test_suspended_certificate_removes_the_consultant(django_capture_on_commit_callbacks):
    from consultants import services

    with django_capture_on_commit_callbacks(execute=True):
        consultant = certified_consultant(display_name="Phạm Thị Lan")
    assert ids("consultant", text="pham thi lan") == {str(consultant.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_suspend(
            certificate=certificate_of(consultant), officer=OfficerFactory(), reason="Xác minh"
        )
    assert ids("consultant", text="pham thi lan") == set()


def test_facet_counts_match_counts_computed_from_the_database(django_capture_on_commit_callbacks):
    from catalogue.models import Solution

    combos = [
        ("e-invoice", "saas", ["46"]),
        ("e-invoice", "on_premises", ["47"]),
        ("accounting", "saas", ["46", "47"]),
        ("accounting", "hybrid", ["10"]),
        ("e-invoice", "saas", ["10"]),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        for i, (category, deployment, sectors) in enumerate(combos):
            SolutionFactory(
                name=f"Giải pháp {i}",
                status="published",
                overrides={"category": category, "deployment": deployment, "sectors": sectors},
            )
        SolutionFactory(name="Nháp", status="draft", overrides={"category": "e-invoice"})
    filters = {"category": ["e-invoice"], "deployment": ["saas", "hybrid"]}
    results = database_backend().search(SearchQuery(filters={"kind": ["solution"], **filters}))

    public = Solution.objects.filter(status=Solution.PUBLISHED)
    expected_category = {}
    for row in public.filter(deployment__in=filters["deployment"]).values_list("category__code", flat=True):
        expected_category[row] = expected_category.get(row, 0) + 1
    expected_deployment = {}
    for row in public.filter(category__code="e-invoice").values_list("deployment", flat=True):
        expected_deployment[row] = expected_deployment.get(row, 0) + 1
    got = {name: {v.value: v.count for v in values if v.count} for name, values in results.facets.items()}
    assert got["category"] == expected_category
    assert got["deployment"] == expected_deployment
    assert (
        results.count == public.filter(category__code="e-invoice", deployment__in=["saas", "hybrid"]).count()
    )


def test_consultant_document_is_visible_until_the_certificate_ends(django_capture_on_commit_callbacks):
    from consultants.search_indexes import consultant_document
    from consultants.selectors import consultants_public, with_public_relations

    with django_capture_on_commit_callbacks(execute=True):
        consultant = certified_consultant(display_name="Võ Thanh Tâm")
    indexed = with_public_relations(consultants_public()).get(pk=consultant.pk)
    assert consultant_document(indexed)["visible_until"] == certificate_of(consultant).valid_until


def test_consultant_leaves_search_when_the_certificate_ends_before_any_job_ran(
    client, django_capture_on_commit_callbacks
):
    """The daily certificates_maintain has not run: the search API still never lists the consultant
    once the certificate's end date has passed (the web search, the API and matching all read it)."""
    from consultants.selectors import consultants_public
    from search.services import database_documents_refresh

    with django_capture_on_commit_callbacks(execute=True):
        consultant = certified_consultant(display_name="Đỗ Minh Quyên")
    age_certificate(certificate_of(consultant), days_left=2 / 86400)  # ends in two seconds
    database_documents_refresh(model_label="consultants.consultant", pks=[consultant.pk])
    api = lambda: {r["id"] for r in client.get("/api/v1/search/?q=do+minh+quyen").json()["results"]}  # noqa: E731
    assert api() == {str(consultant.pk)}
    time.sleep(max(0.0, (certificate_of(consultant).valid_until - timezone.now()).total_seconds()) + 0.1)
    assert not consultants_public().filter(pk=consultant.pk).exists()
    assert api() == set()
    assert ids("consultant", text="do minh quyen") == set()


def test_rebuild_indexes_exactly_the_public_rows():
    SolutionFactory(name="Công khai", status="published")
    SolutionFactory(name="Nháp", status="draft")
    certified_consultant()
    make_consultant()
    assert index_documents_total() == 2
    assert index_rebuild(backend=database_backend()) == 2
    assert database_backend().count() == 2


@pytest.mark.search_engine
def test_engine_rebuild_holds_only_public_rows(es_settings):
    from search.backends import get_backend

    visible = SolutionFactory(name="Chữ ký số từ xa", status="published")
    SolutionFactory(name="Chữ ký số nháp", status="submitted")
    engine = get_backend()
    assert index_rebuild(backend=engine) == 1
    engine.refresh()
    results = engine.search(SearchQuery(text="chu ky so"))
    assert [(h.kind, h.id) for h in results.hits] == [("solution", str(visible.pk))]


def test_a_product_for_a_farming_activity_is_found_under_its_section(django_capture_on_commit_callbacks):
    from marketplace.taxonomy.models import Sector

    with django_capture_on_commit_callbacks(execute=True):
        barn = SolutionFactory(name="Chuồng nuôi thông minh", status="published")
        barn.sectors.set(Sector.objects.filter(code="014"))
        barn.save()

    def in_section(code: str) -> set[str]:
        query = SearchQuery(page_size=100, filters={"kind": ["solution"], "sector": [code]})
        return {h.id for h in database_backend().search(query).hits}

    assert str(barn.pk) in in_section("A")
    assert str(barn.pk) not in in_section("C")
