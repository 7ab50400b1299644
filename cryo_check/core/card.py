"""The short card: a check result that fits one 80x24 screen, chosen from the result's content.

The card is a selection and condensation of what ``sections.check_sections`` shows, decided
here, never by a renderer: the verdict in words first (with what every open answer leads to,
when they all lead to a considered verdict), the one reason with its key quote, what is still
unknown and where each answer would lead, questions for the care team, a line per source and
the disclaimer. What does not fit is left to ``--details``, and the card says so.

Lines are counted as an 80-column terminal wraps them (``textwrap``, a little narrower to be
safe), so the card's length is known here; tests measure the real output.
Standard library only.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator, Mapping
from typing import Any

from cryo_check.core.careteam import UNKNOWN
from cryo_check.core.report import TO_GET_A_VERDICT, according_to
from cryo_check.core.ruleset import COMMONLY, INSUFFICIENT, MAY, RULE_VERDICTS, VERDICTS
from cryo_check.core.sections import (
    DISCLAIMER,
    HEAD,
    Block,
    Bullets,
    Code,
    Line,
    Paragraph,
    Quote,
    QuoteBlock,
    Section,
    Verdict,
    Words,
    care_team_section,
    title_of,
    words,
)

#: The screen the card is made for. One line is kept for the shell's prompt after it.
COLUMNS = 80
ROWS = 24
BUDGET = ROWS - 1
#: Verdicts that mean cryotherapy is considered, in some measure.
CONSIDERED = (COMMONLY, MAY)


def card_sections(report: Mapping[str, Any]) -> list[Section]:
    """The card's sections, in the order shown; each fits in what the ones before it left."""
    head = Section(HEAD, f"Cryotherapy: {title_of(report)}", (_headline(report),))
    details = Section(
        "details",
        "",
        (Paragraph((Words("Every criterion, quote and note: add "), Code("--details"))),),
    )
    sources = Section("sources", "Sources", tuple(_source_lines(report)))
    last = Section(DISCLAIMER, "Disclaimer", (Paragraph(words(report["disclaimer"])),))
    left = BUDGET - sum(height(s) for s in (head, details, sources, last))
    middle = []
    for candidate in (_why(report), _own_notes(report), _unknown(report), _care(report)):
        fitted = _fit(candidate, left)
        if fitted is not None:
            middle.append(fitted)
            left -= height(fitted)
    return [head, *middle, sources, details, last]


def _headline(report: Mapping[str, Any]) -> Paragraph:
    verdict = Verdict(report["verdict"], report["verdict_text"])
    leads = open_outcomes(report)
    if report["verdict"] == INSUFFICIENT and leads:
        question, outcomes = leads
        asked = report["questions"][question]["prompt"]
        said = " or ".join(f"“{_outcome(v)}”" for v in outcomes)
        return Paragraph((verdict, Words(f" yet: every answer to “{asked}” leads to {said}.")))
    if report["verdict"] not in RULE_VERDICTS:
        return Paragraph((verdict, Words(".")))
    return Paragraph((verdict, Words(f", {according_to(report).removesuffix(' cited below')}.")))


def open_outcomes(report: Mapping[str, Any]) -> tuple[str, tuple[str, ...]] | None:
    """An unknown question every answer to which leads to a considered verdict, and those
    verdicts (commonly first). For an unknown question the report lists every answer's
    outcome, others still unknown; so when each of one question's outcomes is considered,
    every way the open answers could go is."""
    for question in report["missing"]:
        reached = {w["verdict"] for w in report["what_if"] if w["question"] == question}
        if reached and reached <= set(CONSIDERED):
            return question, tuple(v for v in CONSIDERED if v in reached)
    return None


def _why(report: Mapping[str, Any]) -> Section:
    blocks: list[Block] = []
    if report["reasons"]:
        reason = report["reasons"][0]
        blocks.append(Paragraph(words(reason["reason"])))
        if reason["evidence"]:
            first = reason["evidence"][0]
            blocks.append(QuoteBlock(Quote(first["quote"], first["source"])))
    elif report["cancer_type"] is not None:
        pass
    elif report["verdict"] != INSUFFICIENT:
        # Not covered: cryo-check's own note says why.
        blocks.extend(Paragraph(words(text)) for text in _own(report)[:1])
    return Section("why", "Why", tuple(blocks))


def _own(report: Mapping[str, Any]) -> list[str]:
    """cryo-check's own notes, but the one on what is still needed ("Still unknown" asks)."""
    return [
        n["text"]
        for n in report["notes"]
        if n["text"] and not n["quote"] and not n["text"].startswith(TO_GET_A_VERDICT)
    ]


def _own_notes(report: Mapping[str, Any]) -> Section:
    """cryo-check's own notes (how a name was read, an answer not used): never dropped
    silently, so the card carries them (what is still needed, "Still unknown" asks)."""
    own = [words(text) for text in _own(report)]
    if report["cancer_type"] is None and report["verdict"] != INSUFFICIENT:
        own = own[1:]  # the first is the card's "Why"
    return Section("read", "How your answers were read", (Bullets(tuple(own)),) if own else ())


def _unknown(report: Mapping[str, Any]) -> Section:
    items = []
    for question in report["missing"]:
        asked = report["questions"][question]["prompt"]
        leads = [w for w in report["what_if"] if w["question"] == question]
        if not leads:
            said = ""
        elif all(w["verdict"] == INSUFFICIENT for w in leads):
            said = "Its answer alone would not settle it."
        else:
            said = " ".join(_lead(w) for w in leads)
        items.append(words(f"{asked} {said}".strip()))
    return Section(
        "unknown",
        "Still unknown, and where each answer leads",
        (Bullets(tuple(items)),) if items else (),
    )


def _lead(what_if: Mapping[str, Any]) -> str:
    """``If no: commonly considered.`` (the verdict without its subject, to stay short)."""
    return f"If {what_if['answer']}: {_outcome(what_if['verdict'])}."


def _outcome(verdict: str) -> str:
    """A verdict without its subject: ``commonly considered``, ``not enough information to
    say``."""
    said = VERDICTS[verdict].removeprefix("Cryotherapy ").removeprefix("is ")
    return said[0].lower() + said[1:]


def _care(report: Mapping[str, Any]) -> Section:
    """The care-team questions but those "Still unknown" already asks (the card is short)."""
    unknown = {
        UNKNOWN.replace("{prompt}", report["questions"][q]["prompt"]) for q in report["missing"]
    }
    return care_team_section([q for q in report["care_team_questions"] if q["text"] not in unknown])


def _source_lines(report: Mapping[str, Any]) -> Iterator[Paragraph]:
    """A source in a line: its id, its year, its title (or what it is), its publisher if the
    line has room."""
    limit = COLUMNS - 1
    for s in report["sources"]:
        name = f"“{s['title']}”" if s["title"] else str(s["untitled"])
        year = (s["date"] or s["last_reviewed"] or "")[:4]
        due = ", due for review" if s.get("review_overdue") else ""
        lead = f"{s['id']}, {year}{due}: " if year else f"{s['id']}: "
        whose = f", {s['publisher']}" if s["publisher"] else ""
        text = lead + name + whose if len(lead + name + whose) <= limit else lead + name
        # Never cut short (a word or a title ended with "…"): a line too long wraps.
        yield Paragraph(words(text))


def _fit(section: Section, left: int) -> Section | None:
    """``section``, or as many of its bullets as fit in ``left`` lines with a last line
    saying how many more ``--details`` shows; None when not even its heading fits."""
    if not section.blocks:
        return None
    if height(section) <= left:
        return section
    blocks: list[Block] = []
    for block in section.blocks:
        if isinstance(block, Bullets):
            kept: list[Line] = []
            for item in block.items:
                more = len(block.items) - len(kept) - 1
                tail = (words(f"… {more} more with --details"),) if more else ()
                trial = Section(section.id, section.title, (*blocks, Bullets((*kept, item, *tail))))
                if height(trial) > left:
                    break
                kept.append(item)
            if not kept:
                break
            more = len(block.items) - len(kept)
            tail = (words(f"… {more} more with --details"),) if more else ()
            blocks.append(Bullets((*kept, *tail)))
            break
        trial = Section(section.id, section.title, (*blocks, block))
        if height(trial) > left:
            break
        blocks.append(block)
    fitted = Section(section.id, section.title, tuple(blocks))
    return fitted if blocks and height(fitted) <= left else None


def height(section: Section) -> int:
    """How many lines ``section`` takes on the card (its heading, if titled, and its blocks;
    the disclaimer has a blank line above it)."""
    title = 1 if section.title and section.id != HEAD else 0
    if section.id == HEAD:
        title = 1
    gap = 1 if section.id == DISCLAIMER else 0
    return title + gap + sum(_block_height(b) for b in section.blocks)


def _block_height(block: Block) -> int:
    if isinstance(block, Paragraph):
        return _wrapped(block.spans, COLUMNS + 1)
    if isinstance(block, QuoteBlock):
        return _wrapped((block.quote,), COLUMNS - 2)
    if isinstance(block, Bullets):
        return sum(_wrapped(item, COLUMNS - 2) for item in block.items)
    return len(block.rows) * 3 + 3


def _wrapped(line: Line, width: int) -> int:
    """Lines ``line`` takes at ``width`` columns (two narrower: rich breaks a little sooner)."""
    return max(1, len(textwrap.wrap(plain(line), width - 2)))


def plain(line: Line) -> str:
    """A line's spans as the text a terminal shows."""
    parts = []
    for span in line:
        if isinstance(span, Quote):
            parts.append(f"“{span.quote}” ({span.source})")
        elif isinstance(span, Verdict):
            parts.append(f"Verdict: {span.text}")
        else:
            parts.append(str(getattr(span, "text", getattr(span, "code", ""))))
    return "".join(parts)
