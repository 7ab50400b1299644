"""HTML: a printable class-results page for ``batch --format html``.

One row per student, in the order of the teacher's file: their own columns as written, the
answers, what the documents support, the prediction scored (and, for a miss, the one answer
that would have made it right, with its quote), or why the row could not be read. Every cell
a teacher or student wrote goes through the page's one escaper, ``html.text``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TextIO

from cryo_check import DISCLAIMER
from cryo_check.core.ruleset import VERDICTS, RuleSet
from cryo_check.core.scoring import VERDICT_WORDS, Tally
from cryo_check.errors import printable
from cryo_check.render.html import disclaimer_section, page, short_disclaimer
from cryo_check.render.html import text as html_text


def text(value: object) -> str:
    """What a teacher or student wrote, for the page: control and bidi characters shown as
    escapes (the page may be read in a terminal too), then escaped as HTML."""
    return html_text(printable(str(value)))


def write_class_results(
    rows: list[dict[str, Any]],
    kept: tuple[str, ...],
    summary: str,
    tally: Tally,
    rules: RuleSet,
    out: TextIO,
) -> None:
    body = [
        '<main id="main">',
        "<h1>Class results</h1>",
        short_disclaimer(),
        '<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ul>'
        '<li><a href="#summary">Summary</a></li>'
        '<li><a href="#students">Every student</a></li>'
        '<li><a href="#disclaimer">Disclaimer</a></li></ul></nav>',
        _summary(summary, tally, kept),
        _students(rows, kept, rules),
        disclaimer_section(DISCLAIMER),
        "</main>",
    ]
    out.write(page("cryo-check: class results", "\n".join(body)))


def _summary(summary: str, tally: Tally, kept: tuple[str, ...]) -> str:
    parts = [
        f'<section aria-labelledby="summary"><h2 id="summary">Summary</h2><p>{text(summary)}</p>'
    ]
    if kept:
        parts.append(f"<p>Kept as written: {text(', '.join(kept))}.</p>")
    if tally.predicted or tally.unread_predictions:
        parts.append(
            f"<p>Predictions: <strong>{tally.right:,} out of {tally.predicted:,}</strong> agree "
            "with what the documents support"
            + (f" ({tally.unread_predictions:,} not read)" if tally.unread_predictions else "")
            + ".</p>"
        )
    if tally.misses:
        parts.append(
            "<h3>What explains the misses</h3><p>For each prediction that differs, the "
            "criterion that one answer would have turned:</p><ul>"
            + "".join(
                f"<li>{text(label or 'no single answer would have made it right')}: {count:,}</li>"
                for label, count in tally.misses.most_common()
            )
            + "</ul>"
        )
    parts.append("</section>")
    return "".join(parts)


def _students(rows: list[dict[str, Any]], kept: tuple[str, ...], rules: RuleSet) -> str:
    questions = tuple(rules.questions.values())
    predictions = any(r["prediction"] is not None for r in rows)
    headers = ["Line", "Case", *kept, *(q.label.capitalize() for q in questions), "Verdict"]
    if predictions:
        headers += ["Prediction", "Agrees"]
    head = "".join(f'<th scope="col">{text(h)}</th>' for h in headers)
    body = "".join(_row(r, kept, rules, predictions, headers) for r in rows)
    return (
        '<section aria-labelledby="students"><h2 id="students">Every student</h2>'
        # Focusable: a keyboard can scroll a table wider than the screen.
        '<div class="table-wrap" role="region" tabindex="0" aria-labelledby="students-table">'
        '<table class="stack results">'
        '<caption id="students-table">Every row of the file, in its order</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div></section>"
    )


def _row(
    r: Mapping[str, Any],
    kept: tuple[str, ...],
    rules: RuleSet,
    predictions: bool,
    headers: list[str],
) -> str:
    cells = [str(r["line"]), r["case"] or "", *(r["kept"].get(k, "") for k in kept)]
    cells += [r[q.id] or "unknown" for q in rules.questions.values()]
    html_cells = [text(c) for c in cells]
    if r["verdict"] is None:
        html_cells.append(f"<strong>Not read:</strong> {text(r['error'])}")
    else:
        qualified = f", {r['open']}" if r["open"] else ""
        html_cells.append(text(VERDICTS[r["verdict"]] + qualified))
    if predictions:
        html_cells += _prediction(r)
    return (
        "<tr>"
        + "".join(
            f'<td data-label="{text(h)}">{c}</td>' for h, c in zip(headers, html_cells, strict=True)
        )
        + "</tr>"
    )


def _prediction(r: Mapping[str, Any]) -> list[str]:
    said = r["prediction"]
    if said is None:
        return ["", ""]
    if r["correct"] is None:
        why = f" ({text(r['error'])})" if r["verdict"] is not None and r["error"] else ""
        return [text(said) + why, "not scored"]
    words = text(VERDICT_WORDS[said])
    if r["correct"]:
        return [words, "yes"]
    because = r["because"]
    detail = ""
    if r["right_if"]:
        detail = f"<br>It would be right if {text(r['right_if'])}"
        if because:
            detail += (
                f": {text(because['criterion'])}, “{text(because['quote'])}” "
                f'<span class="source">({text(because["source"])})</span>'
            )
    return [words + detail, "no"]
