"""CSV: a decision table for a spreadsheet, each row with the short disclaimer."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cryo_check import SHORT_DISCLAIMER
from cryo_check.core.explain import Row
from cryo_check.core.ruleset import Cancer

if TYPE_CHECKING:
    from cryo_check.core.documents import TableDocument


def table_csv(cancer: Cancer, rows: list[Row]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*cancer.questions, "verdict", "disclaimer"])
    for r in rows:
        writer.writerow([*(label for _, label in r.cells), r.verdict, SHORT_DISCLAIMER])
    return buffer.getvalue()


def write_table(document: TableDocument, out: TextIO) -> None:
    out.write(table_csv(document.cancer, document.rows))
