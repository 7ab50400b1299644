"""The HTML pages in a real browser (Debian's Chromium, driven by Playwright).

Every combination of answers the explorer offers shows what ``check --format json`` says for
the same answers; nothing is requested from the network; nothing is logged to the console;
the page works from the keyboard alone and without JavaScript; axe-core finds no violation.

Without /usr/bin/chromium (or Playwright) these tests skip, saying why; under CI (the
environment variable CI set) they fail instead, so a green CI run always drove a browser.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from importlib import resources
from itertools import product
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from cryo_check.core.engine import evaluate
from cryo_check.core.report import STATUS_WORDS, build
from cryo_check.core.ruleset import VERDICTS, RuleSet
from cryo_check.environment import today
from cryo_check.rulebook.examples import scenario_case

from .conftest import invoke, load_script
from .test_html import KIDNEY_SMALL, _cli_answer, check_html, cli_json, export_html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

pytestmark = pytest.mark.slow

#: The browser and how it runs here (no sandbox: CI runs as root; nothing of its own online),
#: as the screenshot script runs it: one place for both.
_SCRIPT = load_script("screenshots")
CHROMIUM = Path(_SCRIPT.CHROMIUM)
CHROMIUM_ARGS: list[str] = _SCRIPT.CHROMIUM_ARGS


def _without_browser(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: CI must run the browser tests", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _without_browser("playwright is not installed (pip install -e '.[test]')")
    if not CHROMIUM.exists():
        _without_browser(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path
    written = {
        "explorer": export_html(),
        "kidney": export_html("kidney"),
        "check": check_html(*KIDNEY_SMALL),
        "insufficient": check_html("-c", "kidney", "-s", "early"),
        "lung": check_html("-c", "lung"),
        "info": invoke("info", "kidney", "--format", "html").stdout,
    }
    written["class-results"] = class_results_html()
    written["worksheet"] = invoke("rules", "export", "--format", "worksheet-html").stdout
    written["answer-key"] = invoke("rules", "export", "--format", "answer-key-html").stdout
    # As a learning platform that strips scripts would serve it.
    explorer = written["explorer"]
    start = explorer.rindex("<script>")
    end = explorer.index("</script>", start) + len("</script>")
    written["explorer-without-script"] = explorer[:start] + explorer[end:]
    paths = {}
    for name, page in written.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(page, encoding="utf-8")
    return paths


#: A class's sheet with a teacher's own column that tries to be markup, script and a request,
#: a bad row, an unreadable prediction and a miss.
CLASS_SHEET = (
    "Student;Cancer type;Stage;Size (mm);Fit for surgery?;Prediction;Notes\n"
    "Ana;kidney;early;30;no;commonly considered;<b>front</b>\n"
    "Ben;renal;early;25;yes;Commonly considered;<img src=x onerror=alert(1)>\n"
    "<i>Chen</i>;kidny;early;50;no;not typically;</td></tr></table><script>alert(1)</script>\n"
    'Dara;lung;early;;;maybe;"a ""quoted"" note"\n'
)


def class_results_html() -> str:
    from tempfile import TemporaryDirectory

    with TemporaryDirectory() as folder:
        sheet = Path(folder) / "class.csv"
        sheet.write_text(CLASS_SHEET, encoding="utf-8")
        result = invoke("batch", str(sheet), "--format", "html")
    assert result.exit_code == 0, result.stderr
    return result.stdout


class Visit:
    """A page opened from file://, with every request and console message it caused."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.requests: list[str] = []
        self.problems: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.goto(url)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console {message.type}: {message.text}")

    def assert_clean(self) -> None:
        assert self.problems == []
        assert self.requests == [self.url]  # the page itself, nothing else


@pytest.fixture
def visit(browser: Browser, pages: dict[str, Path]) -> Iterator[Callable[..., Visit]]:
    contexts: list[BrowserContext] = []

    def open_page(name: str, *, javascript: bool = True, width: int = 1280) -> Visit:
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": width, "height": 900}
        )
        contexts.append(context)
        # Anything other than the page itself is refused, and shows up in Visit.requests.
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file:") else route.abort()
            ),
        )
        return Visit(context.new_page(), pages[name].as_uri())

    yield open_page
    for context in contexts:
        context.close()


SHOWN = """box => {
  const part = name => box.querySelector(`[data-part='${name}']`);
  const items = name => part(name).hidden ? [] : [...part(name).querySelectorAll('li')];
  return {
    verdict: box.getAttribute('data-verdict'),
    verdictText: part('verdict').innerText,
    criteria: [...box.querySelectorAll('tbody tr[data-criterion]')].map(row => [
      row.getAttribute('data-status'),
      row.querySelector("[data-cell='status']").innerText,
    ]),
    missing: items('missing').map(li => li.getAttribute('data-question')),
    whatIf: items('what-if').map(li => [
      li.getAttribute('data-question'), li.getAttribute('data-answer'),
      li.getAttribute('data-verdict'), li.querySelector('.what-if-text').innerText,
    ]),
  };
}"""


def test_every_combination_shows_what_check_says(
    visit: Callable[..., Visit], rules: RuleSet
) -> None:
    seen = visit("explorer")
    data: dict[str, Any] = seen.page.evaluate(
        "JSON.parse(document.getElementById('cryo-check-data').textContent)"
    )
    combinations = 0
    for t in data["types"]:
        box = seen.page.locator(f"[data-explorer][data-type='{t['id']}']")
        assert box.is_visible()
        for combo in product(*(q["cases"] for q in t["questions"])):
            args = ["-c", t["id"]]
            for q, case in zip(t["questions"], combo, strict=True):
                box.locator(f"select[data-question='{q['id']}']").select_option(case["key"])
                if case["key"] != data["unknown_key"]:
                    args += [f"--{q['id'].replace('_', '-')}", _cli_answer(t["id"], q["id"], case)]
            expected = cli_json(*args)
            shown = box.evaluate(SHOWN)
            assert shown == {
                "verdict": expected["verdict"],
                "verdictText": f"Verdict: {expected['verdict_text']}",
                "criteria": [
                    [c["status"], STATUS_WORDS[c["status"]]] for c in expected["criteria"]
                ],
                "missing": expected["missing"],
                "whatIf": [
                    [
                        w["question"],
                        w["answer"],
                        w["verdict"],
                        w["text"],
                    ]
                    for w in expected["what_if"]
                ],
            }, (t["id"], [c["label"] for c in combo])
            combinations += 1
    assert combinations == 66
    seen.assert_clean()


@pytest.mark.parametrize("name", ["explorer", "check", "insufficient", "lung", "info"])
def test_no_request_and_no_console_message(visit: Callable[..., Visit], name: str) -> None:
    seen = visit(name)
    seen.page.wait_for_load_state("networkidle")
    if name == "explorer":
        assert seen.page.locator("html[data-ready='true']").count() == 1
    seen.assert_clean()


def focused(page: Page) -> dict[str, str]:
    info: dict[str, str] = page.evaluate(
        """() => {
          const e = document.activeElement, s = getComputedStyle(e);
          return {tag: e.tagName.toLowerCase(), id: e.id, text: e.innerText || '',
                  outline: s.outlineStyle, width: s.outlineWidth};
        }"""
    )
    return info


def tab_to(page: Page, match: Callable[[dict[str, str]], bool], limit: int = 60) -> dict[str, str]:
    """Press Tab until the focused element matches; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["tag"] != "body"
        assert now["outline"] != "none", now
        assert float(now["width"].removesuffix("px")) >= 2, now
        if match(now):
            return now
    raise AssertionError("never reached by Tab")


def test_the_keyboard_alone_walks_the_explorer(visit: Callable[..., Visit]) -> None:
    seen = visit("kidney")
    page = seen.page
    verdict = page.locator("[data-explorer] [data-part='verdict']")
    assert tab_to(page, lambda f: f["tag"] == "a")["text"] == "Skip to the content"
    tab_to(page, lambda f: f["id"] == "kidney-stage")
    page.keyboard.press("Home")  # the first stage: early
    tab_to(page, lambda f: f["id"] == "kidney-size")
    page.keyboard.press("Home")  # under 4 cm
    tab_to(page, lambda f: f["id"] == "kidney-fit_for_surgery")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")  # no
    assert verdict.inner_text() == "Verdict: Cryotherapy is commonly considered"
    assert verdict.get_attribute("role") == "status"
    button = tab_to(page, lambda f: f["tag"] == "button")
    assert button["text"] == "Try this"
    page.keyboard.press("Enter")  # If the stage were locally-advanced
    assert verdict.inner_text() == "Verdict: Cryotherapy is not typically considered"
    assert focused(page)["id"] == "kidney-stage"  # focus goes to the answer that changed
    assert page.locator("#kidney-stage").input_value() == "1"
    summary = tab_to(page, lambda f: f["tag"] == "summary")
    assert summary["text"] == "Reveal the verdict and the teaching point"
    card = page.locator("li.card").first
    assert not card.locator("h4", has_text="Teaching point").is_visible()
    page.keyboard.press("Enter")
    assert card.locator("h4", has_text="Teaching point").is_visible()
    seen.assert_clean()


def test_scenario_cards_reveal_their_verdict_on_click(
    visit: Callable[..., Visit], rules: RuleSet
) -> None:
    seen = visit("explorer", javascript=False)  # <details> needs no script
    cards = seen.page.locator("li.card")
    assert cards.count() == len(rules.scenarios)
    for index, scenario in enumerate(rules.scenarios):
        card = cards.nth(index)
        assert card.locator("h3").inner_text() == scenario.title
        verdict = card.locator(".verdict")
        assert not verdict.is_visible()
        card.locator("summary").click()
        # The verdict in its words, qualified where it rests on an open criterion.
        result = evaluate(rules, scenario_case(rules, scenario))
        report = build(result, rules, today())
        assert VERDICTS[scenario.expect] in report["verdict_text"]
        assert verdict.inner_text() == f"Verdict: {report['verdict_text']}"
        assert card.get_by_text(scenario.teaching_point).is_visible()
    seen.assert_clean()


def test_without_javascript_the_content_is_all_there(visit: Callable[..., Visit]) -> None:
    seen = visit("explorer", javascript=False)
    page = seen.page
    assert page.locator("script:not([type])").count() == 1
    assert not page.locator("[data-explorer]").first.is_visible()
    notice = page.get_by_text("Choosing answers here needs JavaScript").first
    assert notice.is_visible()
    assert page.locator("table.decisions").count() == 10
    assert page.locator("table.decisions").first.is_visible()
    assert page.locator("figure.tree").first.is_visible()
    assert page.locator("#disclaimer").is_visible()
    assert page.get_by_text("consult your doctor").last.is_visible()
    seen.assert_clean()
    check = visit("check", javascript=False)
    assert (
        check.page.locator(".verdict")
        .inner_text()
        .startswith("Verdict: Cryotherapy is commonly considered")
    )
    check.assert_clean()


AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page: Page) -> list[str]:
    """axe-core's violations, one line each: rule, impact, the elements."""
    script = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")
    page.evaluate(script)
    found: list[dict[str, Any]] = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)",
        AXE_RULES,
    )
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}" for v in found]


@pytest.mark.parametrize(
    ("name", "javascript", "width"),
    [
        ("explorer", True, 1280),
        ("explorer", True, 390),
        # axe-core needs script to run: the page as served without its own script instead.
        ("explorer-without-script", True, 1280),
        ("check", True, 1280),
        ("check", True, 390),
        ("insufficient", True, 1280),
        ("lung", True, 1280),
        ("info", True, 1280),
        ("info", True, 390),
        ("class-results", True, 1280),
        ("class-results", True, 390),
        ("worksheet", True, 1280),
        ("answer-key", True, 390),
    ],
)
def test_axe_finds_no_violation(
    visit: Callable[..., Visit], name: str, javascript: bool, width: int
) -> None:
    seen = visit(name, javascript=javascript, width=width)
    if name == "explorer" and javascript:
        # A state with every part shown: a verdict, reasons, what-ifs, and an open card.
        seen.page.select_option("#kidney-stage", "0")
        seen.page.select_option("#kidney-fit_for_surgery", "1")
        seen.page.locator("li.card summary").first.click()
    assert axe_violations(seen.page) == []


@pytest.mark.parametrize(
    ("name", "paper"),
    [
        ("explorer", "A4"),
        ("check", "Letter"),
        ("info", "A4"),
        ("class-results", "A4"),
        ("worksheet", "A4"),
        ("answer-key", "Letter"),
    ],
)
def test_printed_tables_fit_the_paper(visit: Callable[..., Visit], name: str, paper: str) -> None:
    # The printable width of A4 and Letter with the page's 1.5 cm margins, in CSS pixels.
    width = {"A4": round((210 - 30) / 25.4 * 96), "Letter": round((8.5 * 25.4 - 30) / 25.4 * 96)}
    seen = visit(name, width=width[paper])
    seen.page.emulate_media(media="print")
    overflowing = seen.page.evaluate(
        """() => [...document.querySelectorAll('table')]
          .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map(t => t.querySelector('caption').innerText)"""
    )
    assert overflowing == []
    assert seen.page.evaluate("document.documentElement.scrollWidth") <= width[paper]
    pdf = seen.page.pdf(format=paper, print_background=True)
    assert pdf.startswith(b"%PDF")


def test_axe_would_notice_a_violation(visit: Callable[..., Visit], pages: dict[str, Path]) -> None:
    # The control for the test above: the same page without its language is reported.
    check = pages["check"]
    check.write_text(check.read_text(encoding="utf-8").replace(' lang="en"', ""), "utf-8")
    seen = visit("check")
    assert [v.split(" ")[0] for v in axe_violations(seen.page)] == ["html-has-lang"]


def test_the_class_results_page_shows_every_row_as_written_and_runs_nothing(
    visit: Callable[..., Visit],
) -> None:
    seen = visit("class-results")
    seen.page.wait_for_load_state("networkidle")
    seen.assert_clean()  # no script ran, no image was requested
    rows = seen.page.evaluate(
        """() => [...document.querySelectorAll('table.results tbody tr')].map(tr =>
          Object.fromEntries([...tr.querySelectorAll('td')].map(td =>
            [td.getAttribute('data-label'), td.innerText])))"""
    )
    assert [r["Case"] for r in rows] == ["Ana", "Ben", "<i>Chen</i>", "Dara"]
    assert [r["Notes"] for r in rows] == [
        "<b>front</b>",
        "<img src=x onerror=alert(1)>",
        "</td></tr></table><script>alert(1)</script>",
        'a "quoted" note',
    ]
    assert [r["Agrees"] for r in rows] == ["yes", "no", "not scored", "not scored"]
    assert rows[2]["Verdict"].startswith("Not read: cancer: 'kidny' is not a name")
    assert (
        "It would be right if the person were not fit enough for surgery" in rows[1]["Prediction"]
    )
    assert seen.page.locator("script").count() == 0
    summary = seen.page.locator("#summary").locator("..").inner_text()
    assert "Predictions: 1 out of 2 agree with what the documents support (1 not read)" in " ".join(
        summary.split()
    )
    # The contents link within the page.
    targets = seen.page.evaluate(
        "() => [...document.querySelectorAll('nav a')].map(a => a.getAttribute('href'))"
    )
    assert targets == ["#summary", "#students", "#disclaimer"]
    for target in targets:
        assert seen.page.locator(target).count() == 1
