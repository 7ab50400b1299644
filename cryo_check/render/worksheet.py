"""A printable worksheet of cases without their verdicts, and its answer key (Markdown, HTML).

The cases are the chosen types' teaching scenarios, then every combination of answers in
their decision tables, numbered the same way in both: case 7 of the worksheet is case 7 of
the key. The key's verdicts and reasons are the engine's; nothing is written by hand.
Markdown text goes through ``markdown.escape``, HTML text through ``html.text``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cryo_check import DISCLAIMER
from cryo_check.core.quiz import QuizCase, scenario_cases, table_cases
from cryo_check.core.report import documents
from cryo_check.core.ruleset import RuleSet
from cryo_check.core.scoring import VERDICT_WORDS, supported_words
from cryo_check.render import html as page_html
from cryo_check.render.markdown import escape

if TYPE_CHECKING:
    from cryo_check.core.documents import Selection


def worksheet_cases(document: Selection) -> list[QuizCase]:
    """The chosen types' scenarios, then each type's every combination, in that order."""
    chosen = {c.id for c in document.cancers}
    every = chosen == set(document.rules.cancers)  # then a type not covered belongs too
    scenarios = [
        c
        for c in scenario_cases(document.rules)
        if (c.result.cancer.id in chosen if c.result.cancer else every)
    ]
    drawn = [case for cancer in document.cancers for case in table_cases(document.rules, cancer)]
    return scenarios + drawn


def _ask(rules: RuleSet) -> str:
    return f"what {documents(len(rules.sources))} support for cryotherapy"


def reasons(case: QuizCase) -> list[tuple[str, str, str]]:
    """The criteria that decided a case: (criterion and whether it is met, quote, source)."""
    result = case.result
    statuses = {r.criterion.id: r.criterion for r in result.criteria}
    found = []
    for decision in result.decisions:
        for cid, met in decision.when:
            c = statuses[cid]
            state = "met" if met else "not met"
            found.append((f"{c.label} ({state})", c.evidence.quote, c.evidence.source))
    return found


# --- Markdown ------------------------------------------------------------------------------


def write_worksheet_markdown(document: Selection, out: TextIO) -> None:
    rules = document.rules
    lines = [
        "# Cryotherapy: a worksheet",
        "",
        f"For each case, tick {escape(_ask(rules))}, and name the criterion that decides it.",
        "",
        f"> {escape(DISCLAIMER)}",
    ]
    boxes = " ".join(f"☐ {words}" for words in VERDICT_WORDS.values())
    for number, case in enumerate(worksheet_cases(document), start=1):
        lines += ["", f"## Case {number}", ""]
        if case.story:
            lines += [escape(case.story), ""]
        lines += [f"- {escape(label)}: {escape(answer)}" for label, answer in case.shown]
        lines += ["", boxes, "", "Deciding criterion: ______________________________"]
    lines += ["", "---", "", f"**Disclaimer:** {escape(DISCLAIMER)}", ""]
    out.write("\n".join(lines))


def write_answer_key_markdown(document: Selection, out: TextIO) -> None:
    rules = document.rules
    lines = [
        "# Cryotherapy: the worksheet's answer key",
        "",
        f"What {escape(documents(len(rules.sources)))} support for each case, and why.",
        "",
        f"> {escape(DISCLAIMER)}",
    ]
    for number, case in enumerate(worksheet_cases(document), start=1):
        lines += [
            "",
            f"## Case {number}: {escape(supported_words(case.result))}",
            "",
        ]
        why = reasons(case)
        if not why:
            lines.append(escape(_no_criterion(case)))
        for what, quote, source in why:
            lines.append(f"- {escape(what)}: “{escape(quote)}” ({escape(source)})")
    lines += ["", "---", "", f"**Disclaimer:** {escape(DISCLAIMER)}", ""]
    out.write("\n".join(lines))


def _no_criterion(case: QuizCase) -> str:
    if case.result.cancer is None:
        return "The documents do not discuss this type."
    return "The type alone decides it: " + " ".join(d.reason for d in case.result.decisions)


# --- HTML ----------------------------------------------------------------------------------


def write_worksheet_html(document: Selection, out: TextIO) -> None:
    rules = document.rules
    text = page_html.text
    cases = worksheet_cases(document)
    body = [
        '<main id="main">',
        "<h1>Cryotherapy: a worksheet</h1>",
        page_html.short_disclaimer(),
        f"<p>For each case, tick {text(_ask(rules))}, and name the criterion that decides it.</p>",
        _contents(len(cases)),
    ]
    for number, case in enumerate(cases, start=1):
        body.append(
            f'<section class="card" aria-labelledby="case-{number}">'
            f'<h2 id="case-{number}">Case {number}</h2>'
        )
        if case.story:
            body.append(f"<p>{text(case.story)}</p>")
        body.append(
            page_html.bullet_list(f"{text(label)}: {text(answer)}" for label, answer in case.shown)
        )
        choices = "".join(f"<li>☐ {text(words)}</li>" for words in VERDICT_WORDS.values())
        body.append(f'<ul class="choices" aria-label="Verdicts">{choices}</ul>')
        body.append("<p>Deciding criterion: ______________________________</p></section>")
    body += [page_html.disclaimer_section(DISCLAIMER), "</main>"]
    out.write(page_html.page("cryo-check: a worksheet", "\n".join(body)))


def write_answer_key_html(document: Selection, out: TextIO) -> None:
    rules = document.rules
    text = page_html.text
    cases = worksheet_cases(document)
    body = [
        '<main id="main">',
        "<h1>Cryotherapy: the worksheet's answer key</h1>",
        page_html.short_disclaimer(),
        f"<p>What {text(documents(len(rules.sources)))} support for each case, and why.</p>",
        _contents(len(cases)),
    ]
    for number, case in enumerate(cases, start=1):
        words = supported_words(case.result)
        body.append(
            f'<section class="card" aria-labelledby="case-{number}">'
            f'<h2 id="case-{number}">Case {number}: {text(words)}</h2>'
        )
        why = reasons(case)
        if not why:
            body.append(f"<p>{text(_no_criterion(case))}</p>")
        body.append(
            page_html.bullet_list(
                f"{text(what)}: {page_html.quote_block(quote, source)}"
                for what, quote, source in why
            )
            if why
            else ""
        )
        body.append("</section>")
    body += [page_html.disclaimer_section(DISCLAIMER), "</main>"]
    out.write(page_html.page("cryo-check: the worksheet's answer key", "\n".join(body)))


def _contents(count: int) -> str:
    links = "".join(f'<li><a href="#case-{n}">Case {n}</a></li>' for n in range(1, count + 1))
    return (
        '<nav aria-labelledby="contents"><h2 id="contents">Contents</h2>'
        f'<ul class="contents">{links}</ul></nav>'
    )
