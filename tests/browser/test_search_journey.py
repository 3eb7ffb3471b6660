"""Real headless Chromium on a phone: search without diacritics, narrow with a facet (htmx, shareable
URL), sort, then reach the no-results help and remove the filter again."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed_documents():
    from search.backends import database_backend
    from search.registry import registry

    docs = []
    for n in range(1, 9):
        docs.append(
            registry.get("solution").prepare(
                {
                    "id": n,
                    "title": f"Hóa đơn điện tử {'An Tâm' if n % 2 else 'Sao Việt'} {n}",
                    "url": f"/solutions/{n}/",
                    "text": {"short_description": "Phát hành hóa đơn cho doanh nghiệp tại Đồng Nai"},
                    "facets": {"category": "e-invoice", "deployment": "saas" if n % 2 else "on_premises"},
                    "price": 100_000 * n,
                }
            )
        )
    docs.append(
        registry.get("consultant").prepare(
            {
                "id": 1,
                "title": "Nguyễn Văn Đông",
                "text": {"headline": "Tư vấn hóa đơn điện tử"},
                "facets": {"certified": True},
            }
        )
    )
    database_backend().index(docs)


def wait_for_query(page, fragment: str, present: bool = True) -> None:
    """htmx updates the address with pushState (no page load): wait for the query string itself."""
    check = "" if present else "!"
    page.wait_for_function(
        f"{check}decodeURIComponent(location.search.replace(/\\+/g, ' ')).includes({fragment!r})"
    )


def test_phone_user_searches_filters_and_recovers_from_no_results(live_server, phone_context, checks):
    seed_documents()
    page = phone_context.new_page()
    audit = checks(page).audit
    page.goto(live_server.url + "/search/")
    audit()
    page.locator("#search-q").fill("hoa don dien tu")
    page.locator("#search-form button[type=submit]").click()
    wait_for_query(page, "q=hoa don dien tu")
    assert "9" in page.get_by_test_id("result-count").inner_text()
    assert page.locator(".result-card mark").first.is_visible()

    # on a phone the filters are folded away until opened
    panel = page.locator("details.facet-panel")
    assert panel.get_attribute("open") is None
    panel.locator("summary").click()
    audit()
    # with the keyboard: the focus stays on the filter after the results are replaced
    page.locator('input[name="deployment"][value="saas"]').focus()
    page.keyboard.press("Space")
    wait_for_query(page, "deployment=saas")
    page.wait_for_function("document.querySelector('[data-testid=result-count]').innerText.includes('4')")
    page.wait_for_function("document.activeElement && document.activeElement.name === 'deployment'")
    # the updated results keep the filters open as the user left them
    assert page.locator("details.facet-panel").get_attribute("open") is not None
    shared = page.url

    page.locator('select[name="sort"]').select_option("price_desc")
    wait_for_query(page, "sort=price_desc")
    page.wait_for_function("document.querySelector('.result-card h2').innerText.includes('7')")
    audit()

    # Back and Forward give the full page (header, styles) with the filters that were applied
    page.go_back()
    page.wait_for_load_state()
    wait_for_query(page, "sort=price_desc", present=False)
    assert page.locator("header.site-header").is_visible()
    assert page.locator('input[name="deployment"][value="saas"]').is_checked()
    page.go_forward()
    wait_for_query(page, "sort=price_desc")
    assert page.locator("header.site-header").is_visible()
    assert page.locator('select[name="sort"]').input_value() == "price_desc"

    # the URL is shareable: opening it fresh shows the same state
    other = phone_context.new_page()
    other.goto(shared)
    assert "4" in other.get_by_test_id("result-count").inner_text()
    assert other.locator('input[name="deployment"][value="saas"]').is_checked()

    other.goto(live_server.url + "/search/?q=khong+ton+tai&deployment=saas")
    assert other.get_by_test_id("no-results").is_visible()
    other.locator(".selected-filters a").first.click()
    wait_for_query(other, "deployment", present=False)
    assert other.get_by_test_id("no-results").is_visible()  # still nothing, but the filter is gone
