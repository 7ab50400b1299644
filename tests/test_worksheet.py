"""Worksheets and their answer keys (``rules export --format worksheet|answer-key``, Markdown,
and ``worksheet-html|answer-key-html``): the same cases in the same order, no verdict on the
worksheet, and every key what ``check --format json`` says."""

from __future__ import annotations

import json
import re

import pytest

from cryo_check.core.documents import Selection
from cryo_check.core.ruleset import VERDICTS, RuleSet
from cryo_check.core.scoring import VERDICT_WORDS
from cryo_check.core.worksheet import worksheet_cases

from .conftest import invoke

SELECTIONS = [(), ("kidney",), ("liver", "skin-bcc")]


def export(fmt: str, *ids: str) -> str:
    result = invoke("rules", "export", "--format", fmt, *ids)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("ids", SELECTIONS)
def test_the_worksheet_gives_no_verdict_and_the_key_numbers_the_same_cases(
    ids: tuple[str, ...],
) -> None:
    sheet = export("worksheet", *ids)
    key = export("answer-key", *ids)
    cases = re.findall(r"^## Case (\d+)$", sheet, re.M)
    keyed = re.findall(r"^## Case (\d+): (.+)$", key, re.M)
    assert cases == [n for n, _ in keyed] == [str(n) for n in range(1, len(cases) + 1)]
    # Each key is a verdict's words, qualified where it rests on an open criterion.
    assert {v.split(", if ", 1)[0] for _, v in keyed} <= set(VERDICT_WORDS.values())
    # The worksheet names the verdicts only as the boxes to tick, never as an answer.
    boxes = "".join(f"- ☐ {w}\n" for w in VERDICT_WORDS.values())
    assert sheet.count(boxes) == len(cases)
    body = sheet.replace(boxes, "")
    for words in (*VERDICT_WORDS.values(), *VERDICTS.values()):
        assert words not in body
    assert "consult your doctor" in sheet
    assert "consult your doctor" in key


@pytest.mark.parametrize("ids", SELECTIONS)
def test_every_key_is_what_check_says(rules: RuleSet, ids: tuple[str, ...]) -> None:
    chosen = [rules.cancers[i] for i in ids] or list(rules.cancers.values())
    keyed = re.findall(r"^## Case (\d+): (.+)$", export("answer-key", *ids), re.M)
    cases = worksheet_cases(Selection(rules, chosen))
    assert len(keyed) == len(cases)
    for (_, said), case in zip(keyed, cases, strict=True):
        answers = case.result.answers
        args = [f"--answer={q}={answers[q]}" for q in answers]
        checked = json.loads(invoke("check", *args, "--no-input", "--format", "json").stdout)
        expected = VERDICT_WORDS[checked["verdict"]]
        if checked["open"]:  # never plainer than check's own verdict line
            first = checked["open"][0]
            expected += f", if {first['condition']}: {first['why']}"
        assert said == expected, args


def test_the_key_quotes_the_criteria_that_decide() -> None:
    key = export("answer-key", "kidney")
    first = key.split("## Case 2")[0]
    assert "## Case 1: commonly considered" in first
    assert (
        "- The person is not fit enough for surgery (met): “So it's used for people who are "
        "not fit enough for surgery.” (kidney-page)" in first
    )


@pytest.mark.parametrize("fmt", ["worksheet-html", "answer-key-html"])
def test_the_html_pages_hold_the_same_cases_with_contents(fmt: str) -> None:
    page = export(fmt, "kidney")
    markdown = export(fmt.removesuffix("-html"), "kidney")
    count = len(re.findall(r"^## Case \d+", markdown, re.M))
    assert len(re.findall(r'<h2 id="case-\d+">Case \d+', page)) == count
    targets = re.findall(r'href="#([^"]+)"', page)
    assert targets == ["main"] + [f"case-{n}" for n in range(1, count + 1)]  # skip link first
    assert "<script" not in page
    assert "consult your doctor" in page


@pytest.mark.parametrize("ids", SELECTIONS)
@pytest.mark.parametrize("kind", ["worksheet", "answer-key"])
def test_markdown_and_html_show_the_same_content(kind: str, ids: tuple[str, ...]) -> None:
    """Both are laid out from one list of sections (core.worksheet): every title, line of
    words and quote of the sections is in the Markdown (read by markdown-it) and the page."""
    from markdown_it import MarkdownIt

    from cryo_check.core.sections import Quote, Words
    from cryo_check.core.worksheet import answer_key_sections, worksheet_sections

    from .test_cli import _spans, tags_and_text

    rules = _rules()
    chosen = [rules.cancers[i] for i in ids] or list(rules.cancers.values())
    build = worksheet_sections if kind == "worksheet" else answer_key_sections
    sections = build(Selection(rules, chosen))
    expected = [s.title for s in sections]
    for section in sections:
        for block in section.blocks:
            for span in _spans(block):
                if isinstance(span, Quote):
                    expected += [span.quote, span.source]
                elif isinstance(span, Words) and span.text.strip():
                    expected.append(span.text.strip())
    rendered = MarkdownIt("commonmark").render(export(kind, *ids))
    page = export(f"{kind}-html", *ids)
    for html_text in (rendered, page):
        _, shown = tags_and_text(html_text)
        missing = [piece for piece in expected if " ".join(piece.split()) not in shown]
        assert not missing, missing


def _rules() -> RuleSet:
    from cryo_check.rulebook.loader import shipped_rules

    rules = shipped_rules()
    assert rules is not None
    return rules


def test_the_line_to_write_on_is_a_line_in_markdown_not_a_rule_or_emphasis() -> None:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(export("worksheet", "kidney"))
    blanks = [t.content for t in tokens if t.type == "inline" and "Deciding" in t.content]
    assert blanks
    rendered = MarkdownIt("commonmark").render(export("worksheet", "kidney"))
    assert rendered.count("<p>Deciding criterion: " + "_" * 30 + "</p>") == len(blanks)
    assert rendered.count("<hr />") == 1  # only the one above the closing disclaimer


@pytest.mark.parametrize("fmt", ["answer-key", "answer-key-html"])
def test_a_case_no_criterion_decides_yet_names_the_question_it_waits_for(fmt: str) -> None:
    """Not "the type alone decides it" with nothing after it: the verdict is "not enough
    information" because an answer is missing, and the key says which."""
    key = export(fmt, "kidney")
    assert "The type alone decides it: \n" not in key
    assert "The type alone decides it: </p>" not in key
    said = "No criterion decides it yet: it depends on the answer to “Is the person fit enough"
    assert said in key
