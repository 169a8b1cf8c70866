"""What a reader sees: every built page visited in a real Chromium driven by Playwright.

The site built by the session fixture is served on 127.0.0.1. Each page is loaded once at
desktop width and once at phone width (375 px) in a fresh browser context (no cache), a few
pages at once, and
everything the tests check is recorded in one report per page. The page weights go to
``_build/page-weight.json``. Screenshots (desktop and phone) go to ``_build/screenshots/``
for a page whose report shows a problem, and for every page with DENSEBOOK_SCREENSHOTS=1:
they are for a person to look at, and no test reads them.

Chromium comes from the system (Debian's ``chromium``; Playwright's own download is not
reachable here). Without it these tests are skipped, unless DENSEBOOK_BROWSER_TESTS=required
(set by .ci/run), which turns a missing browser into a failure.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

import pytest
from bs4 import BeautifulSoup
from chromium import CHROMIUM, CHROMIUM_ARGS, skip_without_chromium

from helpers import TEST_ALL, core_path
from sitebuild import ROOT

pytestmark = pytest.mark.build

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
SCREENSHOTS = ROOT / "_build" / "screenshots"
ALL_SCREENSHOTS = os.environ.get("DENSEBOOK_SCREENSHOTS") == "1"
PAGE_WEIGHT = ROOT / "_build" / "page-weight.json"
# Pages visited at once. A visit spends most of its time waiting on Chromium (rendering,
# screenshots, axe), so a few at a time finish sooner than one by one on two cores.
VISITS_AT_ONCE = 4
MEDIAN_BUDGET = 250 * 1024
MAX_BUDGET = 400 * 1024
# The Chinese edition's pages get every axe rule but colour contrast, about half of axe's
# time: both editions are written with the same style sheet, the same templates and the same
# code outputs, so a contrast fault would show on the English page as well.
CHINESE = "zh-tw/"
AXE_RULES_CHINESE = {"color-contrast": {"enabled": False}}
# The smallest text of a figure, as rendered on a phone, in CSS pixels.
MIN_FIGURE_TEXT_PX = 9.0
# What each script is for: it may load only on a page that has this element.
SCRIPT_NEEDS = {
    "design-tabs.js": ".sd-tab-set",
    "clipboard.min.js": "div.highlight pre",
    "copybutton.js": "div.highlight pre",
    "searchtools.js": "#search-results",
    "language_data.js": "#search-results",
    "searchindex.js": "#search-results",
    "densebook-explorables.js": ".densebook-explorable, .densebook-predict",
    "densebook-terms.js": "#densebook-terms",
    "densebook-side-by-side.js": "p.edition-switch[data-originals] button.densebook-side-by-side",
}
# Scripts every page uses: the theme (furo.js: navigation, theme switch), Sphinx's
# highlighting of search words arriving from the search page, the options it reads, and in
# the Chinese edition the translations of the words it shows (its "Hide Search Matches").
SITE_WIDE_SCRIPTS = {
    "furo.js",
    "translations.js",
    "sphinx_highlight.js",
    "doctools.js",
    "documentation_options.js",
}

skip_without_chromium()

from playwright.async_api import Browser as AsyncBrowser  # noqa: E402 (after the skip)
from playwright.async_api import Page as AsyncPage  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402
from playwright.sync_api import Browser  # noqa: E402

AXE_JS = (Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js").read_text(
    encoding="utf-8"
)


@dataclass
class PageReport:
    """Everything observed while loading one page."""

    status: int = 0
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    bytes: int = 0
    requests: int = 0
    images: list[dict[str, Any]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    unused_scripts: list[str] = field(default_factory=list)
    math_elements: int = 0
    math_laid_out: int = 0
    math_in_accessibility_tree: int = 0
    fractions_upside_down: int = 0
    raw_tex: list[str] = field(default_factory=list)
    code_scrolling_at_desktop: list[str] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    phone_title_lines: float = 0.0
    phone_h1_px: float = 0.0
    desktop_h1_px: float = 0.0
    stamp: dict[str, Any] = field(default_factory=dict)
    code_cells: int = 0
    code_cells_with_copy_button: int = 0
    audited: bool = False  # whether axe ran on the page
    axe_violations: list[dict[str, Any]] = field(default_factory=list)
    phone_overflow: int = 0

    def serious_violations(self) -> list[dict[str, Any]]:
        """axe's serious and critical findings: the ones that fail the tests. (The moderate
        ones, furo's on every page, are reported but do not: see the README.)"""
        return [v for v in self.axe_violations if v["impact"] in ("serious", "critical")]

    def shows_a_problem(self) -> bool:
        """Worth a screenshot: an error, a failed load, a layout or accessibility fault that
        fails a test. (Two screenshots cost about a second of processor time per page.)"""
        return bool(
            self.console_errors
            or self.failed_requests
            or self.foreign_requests
            or self.raw_tex
            or self.code_scrolling_at_desktop
            or self.serious_violations()
            or self.phone_overflow > 0
        )


def site_pages(built_site: Path) -> list[str]:
    """Every page of both editions: English at the root, Traditional Chinese in zh-tw/."""
    pages = [*built_site.glob("*.html"), *built_site.glob("zh-tw/*.html")]
    return sorted(p.relative_to(built_site).as_posix() for p in pages)


def audited_pages(built_site: Path) -> set[str]:
    """The pages axe audits: every English page, and of the Chinese edition its landing page
    and core path (every Chinese page with ``make test-all``). The editions share their
    templates, style sheet and code outputs; what a Chinese audit adds is the Chinese text's
    own markup, which the core path's pages carry as the others do."""
    pages = set(site_pages(built_site))
    if TEST_ALL:
        return pages
    core = {f"{CHINESE}{page}.html" for page in core_path(built_site)}
    return {name for name in pages if not name.startswith(CHINESE) or name in core}


def _svg_text_sizes(svg: str) -> tuple[float, list[float]]:
    """An SVG figure's width in its own units, and its texts' sizes in the same units.

    densebook.plot.to_svg draws each text in a group whose id records its size in points,
    and the SVG's unit is the point.
    """
    width = float(re.search(r'viewBox="0 0 ([0-9.]+) ', svg).group(1))  # type: ignore[union-attr]
    return width, [float(size) for size in re.findall(r'<g id="text-([0-9.]+)pt-', svg)]


async def _figures_on_phone(page: AsyncPage, site: Path, name: str) -> list[dict[str, Any]]:
    figures = await page.evaluate(
        """() => [...document.querySelectorAll('figure img')].map(img => ({
            src: img.getAttribute('src'), width: img.getBoundingClientRect().width,
            link: img.closest('a.full-size') ? img.closest('a.full-size').getAttribute('href')
                                             : null}))"""
    )
    folder = (site / name).parent
    for figure in figures:
        if figure["src"].endswith(".svg"):
            width, sizes = _svg_text_sizes((folder / figure["src"]).read_text(encoding="utf-8"))
            figure["texts"] = len(sizes)
            figure["smallest_text_px"] = round(min(sizes) * figure["width"] / width, 2)
    return figures


async def _visit(
    browser: AsyncBrowser, base: str, site: Path, name: str, audit: bool
) -> PageReport:
    report = PageReport()
    host = urlparse(base).netloc
    context = await browser.new_context(viewport=DESKTOP)
    page = await context.new_page()
    responses = []

    def on_request(request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme not in ("data", "blob", "about") and url.netloc != host:
            report.foreign_requests.append(request.url)

    page.on("request", on_request)
    page.on("response", lambda r: responses.append(r))
    page.on("requestfailed", lambda r: report.failed_requests.append(f"{r.url} {r.failure}"))
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text))
    page.on("pageerror", lambda e: report.console_errors.append(str(e)))

    # "load": the page, its scripts, styles and images are in (no page fetches more later;
    # networkidle would wait on a fixed idle timer instead).
    response = await page.goto(f"{base}/{name}", wait_until="load")
    assert response is not None
    report.status = response.status
    for r in responses:
        if r.status >= 400:
            report.failed_requests.append(f"{r.url} HTTP {r.status}")
        elif r.status < 300:
            report.bytes += len(await r.body())
    report.requests = len(responses)

    report.images = await page.evaluate(
        """() => [...document.images].map(img => ({
            src: img.getAttribute('src'), alt: (img.getAttribute('alt') || '').trim(),
            loaded: img.complete && img.naturalWidth > 0}))"""
    )
    report.scripts = await page.evaluate(
        """() => [...document.scripts].filter(s => s.src)
                 .map(s => new URL(s.src).pathname.split('/').pop())"""
    )
    report.unused_scripts = [
        script
        for script in report.scripts
        if script not in SITE_WIDE_SCRIPTS
        and not (script in SCRIPT_NEEDS and await page.locator(SCRIPT_NEEDS[script]).count())
    ]
    report.math_elements = await page.locator("div.math, span.math").count()
    # Laid out by the browser as MathML: a math box of its own (display "math" or "block
    # math"), with height; each fraction's numerator above its denominator.
    report.math_laid_out = await page.evaluate(
        """() => [...document.querySelectorAll('div.math > math, span.math > math')]
            .filter(m => getComputedStyle(m).display.endsWith('math')
                         && m.getBoundingClientRect().height > 0).length"""
    )
    report.fractions_upside_down = await page.evaluate(
        """() => [...document.querySelectorAll('mfrac')].filter(f => {
            const [top, bottom] = f.children;
            return top.getBoundingClientRect().bottom > bottom.getBoundingClientRect().top;
        }).length"""
    )
    # Chromium's accessibility tree, read over CDP, only where there is a <math> element at
    # all: building the whole tree of a long page costs as much as loading it.
    if await page.locator("math").count():
        cdp = await context.new_cdp_session(page)
        tree = await cdp.send("Accessibility.getFullAXTree")
        report.math_in_accessibility_tree = sum(
            1 for node in tree["nodes"] if node.get("role", {}).get("value") == "MathMLMath"
        )
    report.code_scrolling_at_desktop = await page.evaluate(
        """() => [...document.querySelectorAll('div.cell_input pre')]
            .filter(pre => pre.scrollWidth > pre.clientWidth)
            .map(pre => pre.innerText.split('\\n').find(l => l.length > 80) || '?')"""
    )
    report.desktop_h1_px = await page.evaluate(
        "() => { const h = document.querySelector('article h1');"
        " return h ? parseFloat(getComputedStyle(h).fontSize) : 0; }"
    )
    article = page.locator("article")
    text = await article.inner_text() if await article.count() else ""
    report.raw_tex = [d for d in ("$$", "\\[", "\\]", "\\(", "\\)", "\\frac") if d in text]
    report.code_cells = await page.locator("div.cell_input div.highlight").count()
    report.code_cells_with_copy_button = await page.locator(
        "div.cell_input div.highlight:has(button.copybtn)"
    ).count()

    if audit:
        report.audited = True
        await page.add_script_tag(content=AXE_JS)
        report.axe_violations = await page.evaluate(
            """async (rules) => (await axe.run(document, {resultTypes: ['violations'], rules}))
                .violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                            targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))""",
            AXE_RULES_CHINESE if name.startswith(CHINESE) else {},
        )
    await page.set_viewport_size(PHONE)
    await page.wait_for_function("() => document.documentElement.clientWidth === 375")
    report.phone_overflow = await page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    report.figures = await _figures_on_phone(page, site, name)
    report.phone_h1_px, report.phone_title_lines = await page.evaluate(
        """() => { const h = document.querySelector('article h1');
                   if (!h) return [0, 0];
                   const style = getComputedStyle(h);
                   const line = parseFloat(style.lineHeight) || 1.2 * parseFloat(style.fontSize);
                   const height = h.getBoundingClientRect().height;
                   return [parseFloat(style.fontSize), height / line]; }"""
    )
    report.stamp = await page.evaluate(
        """() => { const cell = document.querySelector('.tag_environment-stamp');
                   if (!cell) return {};
                   const details = cell.querySelector('details'), pre = cell.querySelector('pre');
                   return {collapsed: !!details && !details.open,
                           wraps: getComputedStyle(pre).whiteSpace === 'pre-wrap'}; }"""
    )
    if ALL_SCREENSHOTS or report.shows_a_problem():
        stem = name.removesuffix(".html").replace("/", "-")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / f"{stem}-phone.png"), full_page=True)
        await page.set_viewport_size(DESKTOP)
        await page.screenshot(path=str(SCREENSHOTS / f"{stem}-desktop.png"), full_page=True)
    await context.close()
    return report


async def _visit_all(
    base: str, site: Path, names: list[str], audited: set[str]
) -> dict[str, PageReport]:
    """Visit the pages a few at a time, each in its own browser context."""
    gate = asyncio.Semaphore(VISITS_AT_ONCE)

    async def visit(browser: AsyncBrowser, name: str) -> PageReport:
        async with gate:
            return await _visit(browser, base, site, name, name in audited)

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            found = await asyncio.gather(*(visit(browser, name) for name in names))
        finally:
            await browser.close()
    return dict(zip(names, found, strict=True))


@pytest.fixture(scope="module")
def reports(server: str, built_site: Path) -> dict[str, PageReport]:
    # Playwright's synchronous API (the other tests) keeps an event loop of its own in this
    # thread; the visits run theirs in another.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        names = site_pages(built_site)
        audited = audited_pages(built_site)
        visited = pool.submit(asyncio.run, _visit_all(server, built_site, names, audited)).result()
    weights = [
        {
            "page": name,
            "bytes": report.bytes,
            "requests": report.requests,
            "scripts": report.scripts,
        }
        for name, report in visited.items()
    ]
    PAGE_WEIGHT.parent.mkdir(parents=True, exist_ok=True)
    PAGE_WEIGHT.write_text(json.dumps(weights, indent=2) + "\n")
    return visited


def test_every_page_was_visited(reports: dict[str, PageReport], built_site: Path) -> None:
    assert sorted(reports) == site_pages(built_site)
    assert len(reports) >= 10


def test_pages_load_cleanly(reports: dict[str, PageReport]) -> None:
    problems = {
        name: {
            "status": r.status,
            "console errors": r.console_errors,
            "failed requests": r.failed_requests,
            "requests to other hosts": r.foreign_requests,
        }
        for name, r in reports.items()
        if r.status != 200 or r.console_errors or r.failed_requests or r.foreign_requests
    }
    assert problems == {}


def test_every_image_loads_and_has_alt_text(reports: dict[str, PageReport]) -> None:
    bad = {
        name: [img for img in r.images if not (img["loaded"] and img["alt"])]
        for name, r in reports.items()
    }
    assert {name: imgs for name, imgs in bad.items() if imgs} == {}
    assert sum(len(r.images) for r in reports.values()) >= 7  # the book's figures


def test_math_is_mathml_laid_out_by_the_browser(reports: dict[str, PageReport]) -> None:
    with_math = {name: r for name, r in reports.items() if r.math_elements}
    assert len(with_math) >= 4, "too few pages with math: the check would prove little"
    assert {
        name: (r.math_elements, r.math_laid_out, r.fractions_upside_down)
        for name, r in with_math.items()
        if r.math_laid_out != r.math_elements or r.fractions_upside_down
    } == {}
    assert {name: r.raw_tex for name, r in reports.items() if r.raw_tex} == {}


def test_math_is_exposed_to_assistive_technology(reports: dict[str, PageReport]) -> None:
    assert {
        name: (r.math_elements, r.math_in_accessibility_tree)
        for name, r in reports.items()
        if r.math_in_accessibility_tree != r.math_elements
    } == {}


def test_no_page_loads_a_script_it_does_not_use(reports: dict[str, PageReport]) -> None:
    assert {name: r.unused_scripts for name, r in reports.items() if r.unused_scripts} == {}
    assert not any("mathjax" in s.lower() for r in reports.values() for s in r.scripts)
    assert any("copybutton.js" not in r.scripts for r in reports.values())


def test_figure_text_is_readable_on_a_phone(reports: dict[str, PageReport]) -> None:
    figures = [(name, f) for name, r in reports.items() for f in r.figures]
    assert len(figures) >= 12  # six figures, in both editions
    assert {
        f"{name} {f['src']}": f.get("smallest_text_px")
        for name, f in figures
        if not f.get("texts") or f["smallest_text_px"] < MIN_FIGURE_TEXT_PX
    } == {}


def test_each_figure_links_to_its_full_size_drawing(reports: dict[str, PageReport]) -> None:
    figures = [f for r in reports.values() for f in r.figures]
    assert figures
    assert [f for f in figures if f["link"] != f["src"]] == []


def test_code_fits_the_desktop_column(reports: dict[str, PageReport]) -> None:
    assert {
        name: r.code_scrolling_at_desktop
        for name, r in reports.items()
        if r.code_scrolling_at_desktop
    } == {}


def test_titles_scale_down_on_a_phone(reports: dict[str, PageReport]) -> None:
    titled = {name: r for name, r in reports.items() if r.desktop_h1_px}
    assert len(titled) >= 20
    for name, r in titled.items():
        assert r.phone_h1_px < r.desktop_h1_px, name
    assert reports["index.html"].phone_title_lines <= 3.2
    assert reports["zh-tw/index.html"].phone_title_lines <= 3.2


def test_the_environment_stamp_is_collapsed_and_wraps(reports: dict[str, PageReport]) -> None:
    stamped = {name: r.stamp for name, r in reports.items() if r.stamp}
    assert len(stamped) >= 16  # every chapter, in both editions
    assert {name: s for name, s in stamped.items() if s != {"collapsed": True, "wraps": True}} == {}


def test_every_code_cell_has_a_copy_button(reports: dict[str, PageReport]) -> None:
    assert sum(r.code_cells for r in reports.values()) > 20
    missing = {
        name: (r.code_cells, r.code_cells_with_copy_button)
        for name, r in reports.items()
        if r.code_cells != r.code_cells_with_copy_button
    }
    assert missing == {}


def test_no_serious_accessibility_violations(
    reports: dict[str, PageReport], built_site: Path
) -> None:
    assert {name for name, r in reports.items() if r.audited} == audited_pages(built_site)
    serious = {name: found for name, r in reports.items() if (found := r.serious_violations())}
    assert serious == {}


def test_no_page_scrolls_sideways_on_a_phone(reports: dict[str, PageReport]) -> None:
    assert {name: r.phone_overflow for name, r in reports.items() if r.phone_overflow > 0} == {}


def test_page_weight_within_budget(reports: dict[str, PageReport]) -> None:
    table = json.loads(PAGE_WEIGHT.read_text())
    sizes = [row["bytes"] for row in table]
    assert len(table) == len(reports)
    assert statistics.median(sizes) <= MEDIAN_BUDGET, table
    assert {row["page"]: row["bytes"] for row in table if row["bytes"] > MAX_BUDGET} == {}


def _search_finds(browser: Browser, url: str, href: str) -> None:
    """Open the search page at ``url`` in a new page and wait until a result links to a page
    whose address contains ``href``.

    Sphinx lists the results one by one, best first, each after fetching its page for a
    summary. Waiting for the whole list to finish timed out (at 15 s, then at 60 s) under
    make test's load, on queries with many results, and never when run alone. On failure
    the message gives the page's search state, console and failed requests.
    """
    page = browser.new_page()
    seen: list[str] = []
    page.on("console", lambda m: seen.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: seen.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and seen.append(f"HTTP {r.status} {r.url}"))
    page.goto(url, wait_until="load")
    try:
        page.wait_for_selector(f'#search-results li a[href*="{href}"]', timeout=60000)
    except Exception as error:
        state = page.evaluate(
            "() => [typeof Search, typeof Search !== 'undefined' && Search._pulse_status,"
            " [...document.querySelectorAll('#search-results li a')].map(a => a.href),"
            " (document.querySelector('#search-status') || {}).innerText]"
        )
        raise AssertionError(f"no result for {href} at {url}: {state} {seen}") from error
    finally:
        page.close()


def test_the_chinese_search_says_how_many_pages_it_found(browser: Browser, server: str) -> None:
    """Sphinx's own zh_TW catalog leaves this line empty; the edition's words fill it."""
    page = browser.new_page()
    page.goto(f"{server}/zh-tw/search.html?q=偏差", wait_until="load")
    page.wait_for_function(
        "() => /共找到 \\d+ 頁/.test((document.querySelector('.search-summary') || {}).innerText"
        " || '')",
        timeout=60000,
    )
    assert "您" not in page.locator(".search-summary").inner_text()
    page.close()


def test_side_by_side_shows_the_english_originals_and_remembers(
    browser: Browser, server: str
) -> None:
    """Off at first, nothing fetched; one press fetches and shows every original; the next
    page, and a reload, keep the choice."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: "_originals/" in r.url and fetched.append(r.url))
    page.goto(f"{server}/zh-tw/shapes.html", wait_until="load")
    switch = page.locator("button.densebook-side-by-side")
    assert switch.get_attribute("aria-pressed") == "false"
    assert page.locator("p.densebook-original").count() == 0
    assert fetched == []
    switch.click()
    page.wait_for_selector("p.densebook-original")
    assert switch.get_attribute("aria-pressed") == "true"
    marked = page.locator("p.densebook-has-original").count()
    assert page.locator("p.densebook-original").count() == marked > 5
    shown = "[...document.querySelectorAll('p.densebook-original')].every(p => !p.hidden)"
    assert page.evaluate(shown)  # those in a closed exercise solution show once it opens
    follows = "[...document.querySelectorAll('p.densebook-original')].every(p =>"
    follows += " p.previousElementSibling.classList.contains('densebook-has-original'))"
    assert page.evaluate(follows)
    page.goto(f"{server}/zh-tw/bias.html", wait_until="load")
    page.wait_for_selector("p.densebook-original")
    assert page.locator("button.densebook-side-by-side").get_attribute("aria-pressed") == "true"
    page.locator("button.densebook-side-by-side").click()
    assert page.locator("p.densebook-original:visible").count() == 0
    page.reload(wait_until="load")
    assert page.locator("p.densebook-original").count() == 0
    page.goto(f"{server}/shapes.html", wait_until="load")  # the English edition has none
    assert page.locator("button.densebook-side-by-side").count() == 0
    context.close()


def test_search_finds_the_kernel_page(browser: Browser, server: str) -> None:
    _search_finds(browser, f"{server}/search.html?q=kernel", "kernel-meanings.html")


def _error_messages(site: Path) -> list[str]:
    """Each distinct error the errors page shows, as Keras raised it in the build."""
    soup = BeautifulSoup((site / "errors.html").read_text(encoding="utf-8"), "html.parser")
    lines = [
        line.split(": ", 1)[1]
        for pre in soup.select("div.cell_output pre")
        for line in pre.get_text().splitlines()
        if re.match(r"[A-Za-z]+Error: ", line)
    ]
    return list(dict.fromkeys(lines))


def test_each_error_message_searched_for_finds_the_errors_page(
    browser: Browser, server: str, built_site: Path
) -> None:
    """A reader pastes the message with their own names left out (Sphinx's search wants
    every word, and a layer's name is the reader's own)."""
    messages = _error_messages(built_site)
    assert len(messages) >= 10, messages
    for message in messages:
        words = re.sub(r"'[^']*'|\b[a-z]+_\d+\b", " ", message)
        _search_finds(browser, f"{server}/search.html?q={quote(words)}", "errors.html")


@pytest.mark.parametrize(("word", "expected"), [("權重", "setting-weights"), ("偏差", "bias")])
def test_chinese_search_finds_the_page(
    browser: Browser, server: str, word: str, expected: str
) -> None:
    """Sphinx's Chinese search (words segmented by jieba) on the zh-TW edition."""
    _search_finds(browser, f"{server}/zh-tw/search.html?q={word}", f"{expected}.html")


def test_language_switch_goes_to_the_same_page(browser: Browser, server: str) -> None:
    page = browser.new_page()
    page.goto(f"{server}/bias.html", wait_until="load")
    page.locator(".edition-switch a").first.click()
    page.wait_for_url("**/zh-tw/bias.html")
    assert page.evaluate("() => document.documentElement.lang") == "zh-TW"
    page.locator(".edition-switch a").first.click()
    page.wait_for_url(re.compile(r".*/(?<!zh-tw/)bias\.html$"))
    assert page.url.endswith("/bias.html")
    assert "/zh-tw/" not in page.url
    page.close()


def test_dark_mode_toggle_changes_the_theme(browser: Browser, server: str) -> None:
    page = browser.new_page(color_scheme="light")
    page.goto(f"{server}/index.html", wait_until="load")

    def state() -> tuple[str, str]:
        theme, background = page.evaluate(
            """() => [document.body.dataset.theme,
                      getComputedStyle(document.body).backgroundColor]"""
        )
        return theme, background

    seen = {state()}
    toggle = page.locator("button.theme-toggle:visible").first
    for _ in range(3):  # furo cycles auto -> dark -> light (or similar)
        toggle.click()
        seen.add(state())
    themes = {theme for theme, _ in seen}
    backgrounds = {background for _, background in seen}
    assert "dark" in themes, seen
    assert len(backgrounds) >= 2, seen
    page.close()


@pytest.mark.parametrize("edition", ["", "zh-tw/"])
def test_a_claim_mark_opens_its_proof_by_keyboard_without_a_script(
    browser: Browser, server: str, edition: str
) -> None:
    """Tab to the first ✓, press Enter: the browser opens the proof's <details> and shows it.

    Scripts are off, so nothing but HTML does it; at a phone's width the proof fits."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(f"{server}/{edition}lazy-weights.html", wait_until="load")
    mark = page.locator("a.densebook-claim-mark").first
    target = mark.get_attribute("href")
    assert target == "#claim-lazy.no-weights-until-built"
    proof = page.locator("details.densebook-claim-proof").first
    assert proof.evaluate("d => d.open") is False
    mark.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}")
    assert proof.evaluate("d => d.open") is True
    assert proof.locator("pre").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    context.close()
