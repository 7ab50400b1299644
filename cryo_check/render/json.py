"""JSON: the report document as it is (see ``cryo_check.core.report.build``)."""

from __future__ import annotations

import codecs
import json
from typing import Any

UNICODE_ENCODINGS = frozenset({"utf-8", "utf-16", "utf-32", "utf-8-sig"})


def ascii_only(out: Any) -> bool:
    """Whether ``out`` cannot write every character (``PYTHONIOENCODING=ascii``, a Latin-1
    locale): JSON for it escapes them (``\\u201c``), which keeps the text exact."""
    try:
        return codecs.lookup(getattr(out, "encoding", None) or "utf-8").name not in (
            UNICODE_ENCODINGS
        )
    except LookupError:
        return True


def render_json(report: Any, out: Any = None) -> str:
    """``report`` as indented JSON, for the stream ``out`` (ASCII where it needs it)."""
    return json.dumps(report, indent=2, ensure_ascii=out is not None and ascii_only(out)) + "\n"


def write_json(document: Any, out: Any) -> None:
    """Any document as JSON (its keys as they are: the JSON output is the document)."""
    out.write(render_json(document, out))
