"""The baseline for ``check``: a minimal Typer app with the same options, printing one JSON line.

The same options means all of ``check``'s: Typer builds a validator for every option, so a
baseline with fewer would charge that cost to cryo-check.

Run it the way the benchmark runs cryo-check, with the same interpreter (so the same installed
Typer and rich)::

    python benchmarks/minimal_app.py --cancer kidney --stage early --size 3cm \
        --fit-for-surgery no --format json --no-input
    python benchmarks/minimal_app.py --cancer kidney --stage early --size 3cm \
        --fit-for-surgery no --no-input            # a rich table and a panel
    python benchmarks/minimal_app.py --help
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

app = typer.Typer()


@app.command()
def check(
    cancer: Annotated[str, typer.Option("--cancer", help="Cancer type.")] = "",
    stage: Annotated[str, typer.Option("--stage", help="Stage.")] = "",
    size: Annotated[str, typer.Option("--size", help="Tumour size.")] = "",
    fit_for_surgery: Annotated[
        str, typer.Option("--fit-for-surgery", help="Fit for surgery.")
    ] = "",
    output_format: Annotated[str, typer.Option("--format", help="Output format.")] = "text",
    no_input: Annotated[bool, typer.Option("--no-input", help="Never prompt.")] = False,
    answers_file: Annotated[str | None, typer.Option("--answers", help="Answer file.")] = None,
    save_answers: Annotated[
        str | None, typer.Option("--save-answers", help="Save the answers.")
    ] = None,
    answer: Annotated[
        list[str] | None, typer.Option("--answer", "-a", help="Any question: ID=VALUE.")
    ] = None,
    rules: Annotated[str | None, typer.Option("--rules", help="Rule folder.")] = None,
    details: Annotated[bool, typer.Option("--details", help="The full result.")] = False,
    plain: Annotated[bool, typer.Option("--plain", help="No box drawing.")] = False,
) -> None:
    """Print the options as one JSON line; with ``--format text``, as a rich table of the
    answers and a panel, as a text result shows (rich imported only then, as cryo-check does)."""
    if output_format == "text":
        from rich.console import Console
        from rich.panel import Panel
        from rich.table import Table

        table = Table("Question", "Answer", show_lines=True)
        for label, given in (
            ("Which type of cancer?", cancer),
            ("What stage is the cancer?", stage),
            ("How big is the tumour across?", size),
            ("Is the person fit enough for surgery?", fit_for_surgery),
        ):
            table.add_row(label, given)
        console = Console(width=80)
        console.print(table)
        console.print(Panel("General information, not medical advice.", title="Disclaimer"))
        return
    print(
        json.dumps(
            {
                "cancer": cancer,
                "stage": stage,
                "size": size,
                "fit_for_surgery": fit_for_surgery,
                "format": output_format,
                "no_input": no_input,
                "answers": answers_file,
                "save_answers": save_answers,
                "answer": answer,
                "rules": rules,
                "details": details,
                "plain": plain,
            }
        )
    )


if __name__ == "__main__":
    app()
