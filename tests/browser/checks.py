"""Checks every browser journey runs on the pages it visits (phone 390×844 and desktop):

- axe-core (bundled with axe-playwright-python, nothing downloaded) finds no serious or critical violation;
- the browser logged no console error and no uncaught exception (collected for the page's whole life);
- at 390 px nothing is wider than the screen;
- a Vietnamese page shows no English interface text outside user data (elements marked
  `data-user-content` or `lang="en"`), with a small allow-list.
"""

from __future__ import annotations

import json
from pathlib import Path

import axe_playwright_python
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()
_AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")

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


# Runs in every document the page loads (an init script), so no page a journey passes through can be
# forgotten: once loaded and settled, axe and the overflow and English checks run in the page and
# report to Python through a binding; `finish()` fails on anything reported.
_AUTO_AUDIT = """
(() => {
  if (window.top !== window) return;
  const scan = %(scan)s;
  window.addEventListener("load", () => setTimeout(async () => {
    // one axe run at a time: an explicit audit() may be running (see _EXCLUSIVE)
    while (window.dxmAuditBusy) await new Promise(resolve => setTimeout(resolve, 50));
    window.dxmAuditBusy = true;
    const report = {url: location.href, width: window.innerWidth};
    try {
      const results = await axe.run(document);
      report.serious = results.violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target)}));
      report.overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth;
      report.english = document.documentElement.lang === "vi" ? scan(%(words)s) : [];
    } catch (error) {
      report.error = String(error);
    } finally {
      window.dxmAuditBusy = false;
    }
    window.dxmAuditReport(report);
  }, 50));
})();
"""


# check-and-set in one evaluation (the page's JavaScript is single-threaded): wait for the automatic run
_EXCLUSIVE = """async () => {
  while (window.dxmAuditBusy) await new Promise(resolve => setTimeout(resolve, 50));
  window.dxmAuditBusy = true;
}"""


class PageChecks:
    """Attach to a page before its first navigation. Every document it loads is audited
    automatically (axe, overflow at phone width, English on a Vietnamese page); `audit()` also
    audits the page as the journey shows it now (after htmx swaps, opened panels) and fails at once.
    """

    def __init__(self, page, *, allow_rules: tuple[str, ...] = ()):
        self.page = page
        self.errors: list[str] = []
        self.allow_rules = set(allow_rules)
        self.audited: list[str] = []
        self.reports: list[dict] = []
        self.loads = 0
        page.on("load", lambda _page: setattr(self, "loads", self.loads + 1))
        page.on("console", lambda message: self._console(message))
        page.expose_function("dxmAuditReport", lambda report: self.reports.append(report))
        page.add_init_script(
            _AXE_SOURCE
            + "\n"
            + _AUTO_AUDIT
            % {"scan": _ENGLISH_SCAN.strip(), "words": json.dumps([ENGLISH_WORDS, sorted(ALLOWED_ENGLISH)])}
        )
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
        page.evaluate(_EXCLUSIVE)
        try:
            results = _axe.run(page)
        finally:
            page.evaluate("() => { window.dxmAuditBusy = false; }")
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

    def _problems(self, report: dict) -> list[str]:
        url = report["url"]
        if report.get("error"):
            return [f"{url}: the automatic audit failed: {report['error']}"]
        found = [
            f"{url}: axe {v['id']} ({v['impact']}): {v['help']} → {v['targets']}"
            for v in report["serious"]
            if v["id"] not in self.allow_rules
        ]
        if report["width"] <= 400 and report["overflow"] > 0:
            found.append(f"{url} is {report['overflow']}px wider than a {report['width']}px phone")
        if report["english"]:
            found.append(f"English on the Vietnamese page {url}: {report['english']}")
        return found

    def finish(self) -> None:
        assert not self.errors, "console errors:\n" + "\n".join(self.errors)
        if not self.page.is_closed():
            self.page.wait_for_timeout(300)  # the last page's automatic audit reports
        # the mechanism itself works: a journey that loaded pages got their reports back
        assert self.reports or not self.loads, "no automatic audit reported from the pages loaded"
        problems = [p for report in self.reports for p in self._problems(report)]
        assert not problems, "pages the journey passed through:\n" + "\n".join(problems)
