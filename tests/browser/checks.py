"""Checks every browser journey runs on the pages it visits (phone 390×844 and desktop):

- axe-core (bundled with axe-playwright-python, nothing downloaded) finds no serious or critical violation;
- the browser logged no console error and no uncaught exception (collected for the page's whole life);
- at 390 px nothing is wider than the screen;
- a Vietnamese page shows no English interface text outside user data (elements marked
  `data-user-content` or `lang="en"`), with a small allow-list.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()

# Words that only English interface text would contain (not product names a vendor types).
ENGLISH_WORDS = [
    "the",
    "and",
    "your",
    "with",
    "for",
    "this",
    "that",
    "from",
    "please",
    "enter",
    "save",
    "search",
    "results",
    "result",
    "page",
    "next",
    "previous",
    "back",
    "log",
    "sign",
    "version",
    "password",
    "submit",
    "edit",
    "delete",
    "cancel",
    "remove",
    "choose",
    "select",
    "show",
    "hide",
    "filters",
    "apply",
    "clear",
    "more",
    "less",
    "required",
    "optional",
]

# English that a Vietnamese page may show on purpose: the name of the other language in the switch is
# lang="en" and skipped already; brand and technical names Vietnamese users use as they are.
ALLOWED_ENGLISH: set[str] = set()

_ENGLISH_SCAN = """
([words, allowed]) => {
  const wanted = new Set(words), ok = new Set(allowed), found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest("script,style,noscript,template,[data-user-content],[lang]:not([lang=vi])")) continue;
    if (!el.getClientRects().length) continue;  // not shown
    for (const word of node.textContent.toLowerCase().match(/[a-z]+/g) || []) {
      if (wanted.has(word) && !ok.has(word)) found.add(word);
    }
  }
  return [...found];
}
"""


class PageChecks:
    """Attach to a page before its first navigation; call `audit()` on each page the journey shows."""

    def __init__(self, page, *, allow_rules: tuple[str, ...] = ()):
        self.page = page
        self.errors: list[str] = []
        self.allow_rules = set(allow_rules)
        self.audited: list[str] = []
        page.on("console", lambda message: self._console(message))
        page.on("pageerror", lambda error: self.errors.append(f"{page.url}: uncaught {error}"))

    def _console(self, message) -> None:
        if message.type != "error":
            return
        # Chromium logs the document's own 4xx status ("Failed to load resource") too: a 404 page or a
        # form answered 400 with its errors is the intended answer, which journeys assert themselves.
        # A failing script, stylesheet or image has its own URL and still counts.
        document = message.location.get("url") == self.page.url
        if document and message.text.startswith(
            "Failed to load resource: the server responded with a status of 4"
        ):
            return
        self.errors.append(f"{self.page.url}: {message.text}")

    def audit(self) -> None:
        page = self.page
        page.wait_for_load_state()
        url = page.url
        self.audited.append(url)
        results = _axe.run(page)
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"} and v["id"] not in self.allow_rules
        ]
        assert not serious, f"axe on {url}:\n" + "\n".join(serious)
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)
        width = page.viewport_size["width"] if page.viewport_size else 0
        if width and width <= 400:
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{url} is {overflow}px wider than a {width}px phone"
        if page.locator("html").get_attribute("lang") == "vi":
            english = page.evaluate(_ENGLISH_SCAN, [ENGLISH_WORDS, sorted(ALLOWED_ENGLISH)])
            assert not english, f"English on the Vietnamese page {url}: {english}"

    def finish(self) -> None:
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)
