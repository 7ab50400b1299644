"""Text for teaching: decision tables, demo scenarios and batch tables, with rich."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from cryo_check.core.engine import Result
from cryo_check.core.explain import Row
from cryo_check.core.questions import CANCER
from cryo_check.core.ruleset import VERDICTS, Cancer, RuleSet, Scenario
from cryo_check.render.rules import disclaimer_panel
from cryo_check.render.text import VERDICT_STYLES, bullets, heading, make_console, quoted

if TYPE_CHECKING:
    from cryo_check.core.documents import Report, TableDocument


def render_table(cancer: Cancer, rows: list[Row], out: TextIO) -> None:
    console = make_console(out)
    table = Table(title=f"{cancer.name}: every combination of answers", title_justify="left")
    for question in cancer.asks:
        table.add_column(question.label.capitalize(), overflow="fold")
    table.add_column("Verdict", overflow="fold")
    for row in rows:
        table.add_row(
            *(Text(label) for _, label in row.cells),
            Text(VERDICTS[row.verdict], style=VERDICT_STYLES[row.verdict]),
        )
    console.print(table)
    console.print()
    console.print(disclaimer_panel())


def deciding_lines(result: Result, rules: RuleSet) -> list[Text]:
    """The criteria that decided a result, in words."""
    if result.cancer is None:
        return [Text("The documents do not cover this type, so there is nothing to decide.")]
    if not result.decisions:
        missing = ", ".join(rules.question(q).where() for q in result.missing)
        return [Text(f"Nothing decided it yet: the answer depends on {missing}.")]
    statuses = {r.criterion.id: r for r in result.criteria}
    lines = []
    for decision in result.decisions:
        if not decision.when:
            lines.append(Text("The type alone decides it."))
        for cid, met in decision.when:
            r = statuses[cid]
            lines.append(
                Text.assemble(
                    f"{r.criterion.label}: ",
                    ("met" if met else "not met", "bold"),
                    " — ",
                    quoted(r.criterion.evidence.quote, r.criterion.evidence.source),
                )
            )
    return lines


def render_scenario_intro(scenario: Scenario, number: int, total: int, console: Console) -> None:
    # The title under the rule, not in it: a rule cuts a title short to fit its width.
    console.rule()
    console.print(Text(f"Scenario {number} of {total}: {scenario.title}", style="bold"))
    console.print(Text(scenario.story))
    answers = [Text(f"{q.replace('_', ' ')}: {v}") for q, v in scenario.answers]
    console.print(heading("Answers"))
    console.print(bullets(answers or [Text("none")]))


def render_scenario_outcome(
    scenario: Scenario, result: Result, report: Report, rules: RuleSet, console: Console
) -> None:
    console.print(
        Text.assemble(
            ("\nVerdict: ", "bold"),
            # in the result's own words: qualified where it rests on an open criterion
            (report["verdict_text"], VERDICT_STYLES[result.verdict]),
        )
    )
    console.print(heading("What decided it"))
    console.print(bullets(deciding_lines(result, rules)))
    if report["what_if"]:
        console.print(heading("What would change it"))
        console.print(bullets([Text(c["text"]) for c in report["what_if"]]))
    console.print(heading("Teaching point"))
    console.print(Text(scenario.teaching_point))


def render_outcomes(rows: Iterable[Mapping[str, Any]], rules: RuleSet, out: TextIO) -> None:
    """Batch results as a table: ``rows`` are their fields, as the JSON Lines rows hold them.
    A row that could not be read shows its error in place of a verdict; a prediction shows
    whether it agrees, and what one answer would have made it right."""
    from cryo_check.core.scoring import VERDICT_WORDS

    rows = list(rows)
    console = make_console(out)
    table = Table()
    questions = tuple(rules.questions.values())
    predictions = any(f["prediction"] is not None for f in rows)
    for header in ("Line", "Case", *(q.label.capitalize() for q in questions), "Verdict"):
        table.add_column(header, overflow="fold")
    table.add_column("Missing", overflow="fold")
    if predictions:
        table.add_column("Prediction", overflow="fold")
    for f in rows:
        cells = [Text(f[q.id] or "unknown") for q in questions]
        if f["cancer_type"]:
            cells[list(rules.questions).index(CANCER)] = Text(f["cancer_type"])
        if f["verdict"] is None:
            verdict = Text(f"Not read: {f['error']}", style="bold")
        else:
            verdict = Text(VERDICTS[f["verdict"]], style=VERDICT_STYLES[f["verdict"]])
            if f["open"]:  # never as plain as a verdict resting only on met criteria
                verdict.append(f", {f['open']}")
        extra = [_prediction_cell(f, VERDICT_WORDS)] if predictions else []
        table.add_row(
            str(f["line"]),
            Text(f["case"] or ""),
            *cells,
            verdict,
            Text(", ".join(f["missing"])),
            *extra,
        )
    console.print(table)


def _prediction_cell(f: Mapping[str, Any], words: Mapping[str, str]) -> Text:
    """``agrees`` or ``differs: right if the tumour were under 4 cm``, or why not read."""
    if f["correct"] is None:
        if f["prediction"] is None:
            return Text("")
        return Text(f"not read: {f['prediction']}" if f["verdict"] is not None else "")
    said = words.get(f["prediction"], f["prediction"])
    if f["correct"]:
        return Text(f"{said}: agrees")
    if f["right_if"]:
        return Text(f"{said}: differs; it would be right if {f['right_if']}")
    return Text(f"{said}: differs")


def write_table(document: TableDocument, out: TextIO) -> None:
    render_table(document.cancer, document.rows, out)
