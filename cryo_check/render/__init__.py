"""Output formats. Each renderer is imported only when chosen (rich is slow to import)."""

from __future__ import annotations

from typing import TextIO

from cryo_check.core.report import Report


def render(report: Report, fmt: str, out: TextIO) -> None:
    """Write ``report`` to ``out`` in ``fmt``; every format ends with the disclaimer."""
    if fmt == "json":
        from cryo_check.render.json import render_json

        out.write(render_json(report, out))
    elif fmt == "html":
        from cryo_check.render.html import render_check_html

        out.write(render_check_html(report))
    elif fmt == "markdown":
        from cryo_check.render.markdown import render_markdown

        out.write(render_markdown(report))
    else:
        from cryo_check.render.text import render_text

        render_text(report, out)
