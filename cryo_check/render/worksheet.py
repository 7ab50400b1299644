"""A printable worksheet of cases without their verdicts, and its answer key (Markdown, HTML):
the sections of ``core.worksheet``, laid out as a check result's are, each with the
disclaimer under its title and at its end, and the HTML with contents linking to each case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from cryo_check.core.worksheet import answer_key_sections, worksheet_sections
from cryo_check.render.html import sections_page
from cryo_check.render.markdown import sections_markdown

if TYPE_CHECKING:
    from cryo_check.core.documents import Selection


def write_worksheet_markdown(document: Selection, out: TextIO) -> None:
    out.write(sections_markdown(worksheet_sections(document), disclaimer_first=True))


def write_answer_key_markdown(document: Selection, out: TextIO) -> None:
    out.write(sections_markdown(answer_key_sections(document), disclaimer_first=True))


def write_worksheet_html(document: Selection, out: TextIO) -> None:
    sections = worksheet_sections(document)
    out.write(sections_page(sections, "cryo-check: a worksheet", handout=True))


def write_answer_key_html(document: Selection, out: TextIO) -> None:
    sections = answer_key_sections(document)
    out.write(sections_page(sections, "cryo-check: the worksheet's answer key", handout=True))
