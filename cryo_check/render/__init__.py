"""Output formats: one module a format, and one ``render`` that writes any document in any of
its formats. Each writer is imported only when chosen (rich is slow to import).

To add a format, write its module here and name it in ``WRITERS``: the command's ``--format``
choices, its help and its completion follow.
"""

from __future__ import annotations

import importlib
from typing import Any, TextIO

#: Document kind -> format -> "module:function" writing it: ``function(document, out)``.
WRITERS: dict[str, dict[str, str]] = {
    "check": {
        "text": "text:write_check",
        "json": "json:write_json",
        "markdown": "markdown:write_check",
        "html": "html:write_check",
    },
    "info": {
        "text": "text:write_info",
        "json": "json:write_json",
        "markdown": "markdown:write_info",
        "html": "html:write_info",
    },
    "rules-list": {"text": "rules:render_list", "json": "json:write_json"},
    "table": {
        "text": "teaching:write_table",
        "markdown": "markdown:write_table",
        "csv": "csv:write_table",
    },
    "export": {
        "markdown": "markdown:write_export",
        "mermaid": "mermaid:write_export",
        "html": "html:write_export",
        "gift": "gift:write_export",
        "worksheet": "worksheet:write_worksheet_markdown",
        "answer-key": "worksheet:write_answer_key_markdown",
        "worksheet-html": "worksheet:write_worksheet_html",
        "answer-key-html": "worksheet:write_answer_key_html",
    },
}


def formats(kind: str) -> tuple[str, ...]:
    """The formats a kind of document can be written in, the first the default."""
    return tuple(WRITERS[kind])


def render(kind: str, document: Any, fmt: str, out: TextIO) -> None:
    """Write ``document`` (a ``kind`` document) to ``out`` in ``fmt``; every format of every
    document ends with the disclaimer."""
    module, function = WRITERS[kind][fmt].split(":")
    writer = getattr(importlib.import_module(f"cryo_check.render.{module}"), function)
    writer(document, out)
