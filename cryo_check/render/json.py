"""JSON: the report document as it is (see ``cryo_check.report.build``)."""

from __future__ import annotations

import json

from cryo_check.report import Report


def render_json(report: Report) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
