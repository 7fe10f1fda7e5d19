"""The explorer page driven in headless Chromium (Playwright): drawing, clicks,
search, filters, and that injected markup stays text."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]

sync_api = pytest.importorskip("playwright.sync_api")

sys.path.insert(0, str(Path(__file__).parent))
from test_explore import EXPECTED_NODES_XSS, XSS_NAME, XSS_QUOTE, sample_graph  # noqa: E402

from kg.explore import write_explorer  # noqa: E402

LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def page_url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("explorer") / "explorer.html"
    write_explorer(sample_graph(xss=True), path, title="Проверка")
    return path.resolve().as_uri()


@pytest.fixture()
def page(browser, page_url):
    context = browser.new_context(viewport={"width": 1300, "height": 850})
    pg = context.new_page()
    pg.errors = []
    pg.remote = []
    pg.on("pageerror", lambda err: pg.errors.append(str(err)))
    pg.on("console", lambda msg: pg.errors.append(msg.text) if msg.type == "error" else None)

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:  # the page must never reach the network
            pg.remote.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.goto(page_url)
    wait_js(pg, "!!(window.kgExplorer && window.kgExplorer.ready)")
    yield pg
    assert pg.remote == [], f"network requests: {pg.remote}"
    assert pg.errors == [], f"page errors: {pg.errors}"
    assert pg.evaluate("window.__pwned") is None
    context.close()


def wait_js(page, expression: str, timeout: float = 15.0):
    """Poll a JS expression until truthy.  (``page.wait_for_function`` evals the
    predicate inside the page, which the explorer's CSP rightly forbids.)"""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.05)


def _id(page, label: str) -> int:
    ids = page.evaluate(
        "label => kgExplorer.data.nodes.map((n, i) => n.l === label ? i : -1).filter(i => i >= 0)", label
    )
    assert len(ids) == 1, label
    return ids[0]


def test_every_node_is_in_the_page(page):
    counts = page.evaluate("kgExplorer.counts()")
    assert counts["nodes"] == EXPECTED_NODES_XSS
    assert counts["drawn"] == EXPECTED_NODES_XSS  # vis-network holds them all
    assert counts["byType"]["statement"]["visible"] == 0  # statements live in the panel by default
    assert counts["visible"] == EXPECTED_NODES_XSS - counts["byType"]["statement"]["total"]
    assert page.locator("#type-filters input").count() == 7


def test_mouse_click_opens_panel_with_statements(page):
    ushakov = _id(page, "Юрий Ушаков")
    pos = page.evaluate("id => kgExplorer.domPosition(id)", ushakov)
    page.mouse.click(pos["x"], pos["y"])
    wait_js(page, "kgExplorer.selected !== null")
    assert page.evaluate("kgExplorer.selected") == ushakov
    panel = page.locator("#panel")
    assert panel.is_visible()
    assert page.locator("#panel h2").inner_text() == "Юрий Ушаков"
    text = panel.inner_text()
    assert "помощник президента России" in text
    assert "Разговор был очень полезным, конструктивным" in text
    assert "компромиссный вариант пока не найден" in text
    assert "direct quote" in text and "reported speech" in text
    assert "004_51ad233c2e6be3aa" in text  # source article
    assert "— сказал Ушаков." in text  # the evidence sentence
    # his meeting, with its date, place and the other attendees
    assert "2025-12-02" in text and "Кремль" in text and "Стив Уиткофф" in text
    # clicking empty canvas closes the panel
    empty = page.evaluate(
        """() => {
          const net = kgExplorer.network, box = document.getElementById('network').getBoundingClientRect();
          for (let y = box.bottom - 20; y > box.top + 20; y -= 25)
            for (let x = 300; x < 800; x += 25) {
              const p = {x: x - box.left, y: y - box.top};
              if (net.getNodeAt(p) === undefined && net.getEdgeAt(p) === undefined) return {x, y};
            }
        }"""
    )
    page.mouse.click(empty["x"], empty["y"])
    wait_js(page, "kgExplorer.selected === null")
    assert not panel.is_visible()


def test_select_hook_and_meeting_panel(page):
    miami = _id(page, "Переговоры в Майами")
    assert page.evaluate("id => kgExplorer.select(id)", miami)
    text = page.locator("#panel").inner_text()
    assert "2025-12-20 – 2025-12-21" in text
    for who in ("Кирилл Дмитриев", "Стив Уиткофф", "Джаред Кушнер"):
        assert who in text
    assert "Владимир Путин" not in text
    # links in the panel navigate
    page.locator("#panel button.link", has_text="Кирилл Дмитриев").first.click()
    assert page.locator("#panel h2").inner_text() == "Кирилл Дмитриев"
    assert "глава РФПИ" in page.locator("#panel").inner_text()


@pytest.mark.parametrize(
    "query, expected",
    [
        ("уиткоффа", "Стив Уиткофф"),  # an alias, lower case
        ("Уиткоффу", "Стив Уиткофф"),  # inflected, not an alias
        ("УШАКОВУ", "Юрий Ушаков"),
        ("Кушнёр", "Джаред Кушнер"),  # ё = е
        ("песковым", "Дмитрий Песков"),
        ("Российского фонда", "Российский фонд прямых инвестиций"),
        ("западного чиновника", "западный чиновник"),
    ],
)
def test_search_finds_inflected_forms(page, query, expected):
    page.fill("#search", query)
    page.press("#search", "Enter")
    wait_js(page, "kgExplorer.selected !== null")
    assert page.locator("#panel h2").inner_text() == expected
    assert page.evaluate("kgExplorer.selected") == _id(page, expected)


def test_search_results_list(page):
    page.fill("#search", "Уитк")
    page.wait_for_selector("#search-results li button")
    first = page.locator("#search-results li button").first
    assert "Стив Уиткофф" in first.inner_text()
    first.click()
    assert page.locator("#panel h2").inner_text() == "Стив Уиткофф"
    assert page.evaluate("kgExplorer.search('Жириновский')") == []


def test_type_filter_hides_meetings(page):
    before = page.evaluate("kgExplorer.counts()")
    page.locator('#type-filters input[data-type="meeting"]').uncheck()
    after = page.evaluate("kgExplorer.counts()")
    assert after["byType"]["meeting"]["visible"] == 0
    assert after["visible"] == before["visible"] - 2
    hidden = page.evaluate("kgExplorer.nodes.get({filter: n => n.hidden}).map(n => n.group)")
    assert sorted(set(hidden)) == ["meeting", "statement"]
    # no visible edge touches a hidden node
    dangling = page.evaluate(
        """() => kgExplorer.edges.get({filter: e => !e.hidden})
              .filter(e => kgExplorer.nodes.get(e.from).hidden || kgExplorer.nodes.get(e.to).hidden).length"""
    )
    assert dangling == 0
    page.locator('#type-filters input[data-type="meeting"]').check()
    assert page.evaluate("kgExplorer.counts()")["visible"] == before["visible"]


def test_statement_toggle_draws_statement_nodes(page):
    page.locator('#type-filters input[data-type="statement"]').check()
    counts = page.evaluate("kgExplorer.counts()")
    assert counts["byType"]["statement"]["visible"] == counts["byType"]["statement"]["total"] == 5
    agg = page.evaluate(
        "kgExplorer.edges.get({filter: e => !e.hidden && e.label === 'mentions'}).length"
    )
    said = page.evaluate("kgExplorer.edges.get({filter: e => !e.hidden && e.label === 'said'}).length")
    assert said == 5 and agg > 0


def test_date_range_hides_meetings_and_what_only_they_connect(page):
    page.fill("#date-from", "2025-12-10")
    page.fill("#date-to", "2025-12-31")
    page.dispatch_event("#date-to", "change")
    visible = set(page.evaluate("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.label)"))
    assert "Переговоры в Майами" in visible and "Майами" in visible
    assert "2025-12-02 · Кремль" not in visible
    assert "Кремль" not in visible  # only the hidden meeting connected it
    assert "Владимир Путин" in visible  # still linked through a statement mentioning him
    page.click("#date-reset")
    assert "Кремль" in page.evaluate("kgExplorer.nodes.get({filter: n => !n.hidden}).map(n => n.label)")


def test_injected_markup_renders_as_text(page):
    evil = _id(page, XSS_NAME)
    pos = page.evaluate("id => kgExplorer.domPosition(id)", evil)
    page.mouse.click(pos["x"], pos["y"])
    wait_js(page, "kgExplorer.selected !== null")
    assert page.locator("#panel h2").text_content() == XSS_NAME
    panel_text = page.locator("#panel").text_content()
    assert "<script>window.__pwned=1</script>" in panel_text
    assert XSS_QUOTE in panel_text
    assert "</textarea><svg onload=window.__pwned=4>" in panel_text
    assert "<iframe src=javascript:window.__pwned=5>" in panel_text
    # no element came out of the data
    assert page.locator("#panel script, #panel img, #panel svg, #panel iframe, #panel b").count() == 0
    assert page.evaluate("document.scripts.length") == 3
    # a javascript: source URL is not made a link
    assert page.evaluate("[...document.querySelectorAll('#panel a')].map(a => a.href)") == []
    # the search list shows the payload as text too
    page.fill("#search", "img src")
    page.wait_for_selector("#search-results li button")
    assert XSS_NAME in page.locator("#search-results").text_content()
    assert page.locator("#search-results img").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.__pwned") is None


def test_physics_toggle_stops_when_stable(page):
    box = page.locator("#physics")
    assert not box.is_checked()
    assert page.evaluate("kgExplorer.network.physics.options.enabled") is False
    box.check()
    wait_js(page, "!document.getElementById('physics').checked", timeout=25)
    assert page.evaluate("kgExplorer.network.physics.options.enabled") is False
