"""A result as one list of sections of typed spans: what every format shows, decided once.

A check result (``check_sections``), ``info`` (``info_sections``) and the worksheets
(``core.worksheet``) are sections. Text, Markdown and HTML lay out the same sections; what
differs between them is layout, never content. Each format is a ``Layout``: one method a kind
of span or block, chosen by the type in ``Layout.span`` and ``Layout.block``. Escaping comes
from the span's type: a format maps ``Words`` through its one escaper, ``Quote`` to its
quotation with the source, ``Code`` to its code, ``Status`` and ``Verdict`` to their words
(with a style or class), ``Blank`` to a line to write on; no format decides what to show.

Standard library only, like the rest of ``core``: pure functions of the documents.
"""

# Evaluated annotations (no ``__future__`` import): a NamedTuple built from annotations kept
# as text makes a ForwardRef of each field, on every result shown.

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping
from typing import Any, Generic, NamedTuple, TypeVar

from cryo_check.core.report import (
    STATUS_WORDS,
    according_to,
    documents_say,
    listed_words,
    sourced,
)


class Words(NamedTuple):
    """Plain text: from the rules, a person or cryo-check; never markup in any format."""

    text: str


class Quote(NamedTuple):
    """A verbatim quote from a source document and the source's id."""

    quote: str
    source: str


class Code(NamedTuple):
    """Something to type: a command or an option."""

    code: str


class Status(NamedTuple):
    """A criterion's status (``met``, ``not_met``, ``unknown``, ``not_applicable``)."""

    status: str

    @property
    def text(self) -> str:
        return STATUS_WORDS[self.status]


class Verdict(NamedTuple):
    """A verdict id and its words."""

    verdict: str
    text: str


class Blank(NamedTuple):
    """A line to write on (a worksheet's answer), ``width`` characters long."""

    width: int

    @property
    def text(self) -> str:
        return "_" * self.width


Span = Words | Quote | Code | Status | Verdict | Blank
Line = tuple[Span, ...]


class Paragraph(NamedTuple):
    spans: Line


class QuoteBlock(NamedTuple):
    """A quote set apart (under a reason or a note's lead)."""

    quote: Quote


class Bullets(NamedTuple):
    items: tuple[Line, ...]


class Table(NamedTuple):
    """Rows of cells; the first cell of a row names it (a header cell in HTML)."""

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Line, ...], ...]


Block = Paragraph | QuoteBlock | Bullets | Table


class Section(NamedTuple):
    """``id`` is stable (an HTML anchor, a test's handle); ``title`` is shown; ``short``
    names it in a list of contents (the title when empty)."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    short: str = ""


#: What a format makes of a span or line (a string, a styled text) and of a block.
S = TypeVar("S")
B = TypeVar("B")


class Layout(ABC, Generic[S, B]):
    """A format's way of showing each kind of span and block. ``span`` and ``block`` choose
    the method by the type, here once for every format; a format writes one method a kind,
    each passing text through the format's one escaper."""

    def span(self, span: Span) -> S:
        match span:
            case Words(text):
                return self.words(text)
            case Quote(quote, source):
                return self.quote(quote, source)
            case Code(code):
                return self.code(code)
            case Status(status):
                return self.status(status, span.text)
            case Verdict(verdict, text):
                return self.verdict(verdict, text)
            case Blank(width):
                return self.blank(width)
        raise AssertionError(span)

    def block(self, block: Block) -> B:
        match block:
            case Paragraph(spans):
                return self.paragraph(spans)
            case QuoteBlock(quote):
                return self.quote_block(quote)
            case Bullets(items):
                return self.bullets(items)
            case Table(caption, headers, rows):
                return self.table(caption, headers, rows)
        raise AssertionError(block)

    @abstractmethod
    def words(self, text: str) -> S: ...

    @abstractmethod
    def quote(self, quote: str, source: str) -> S: ...

    @abstractmethod
    def code(self, code: str) -> S: ...

    @abstractmethod
    def status(self, status: str, text: str) -> S: ...

    @abstractmethod
    def verdict(self, verdict: str, text: str) -> S: ...

    @abstractmethod
    def blank(self, width: int) -> S: ...

    @abstractmethod
    def line(self, line: Line) -> S:
        """A line's spans, joined."""

    @abstractmethod
    def paragraph(self, line: Line) -> B: ...

    @abstractmethod
    def quote_block(self, quote: Quote) -> B: ...

    @abstractmethod
    def bullets(self, items: tuple[Line, ...]) -> B: ...

    @abstractmethod
    def table(
        self, caption: str, headers: tuple[str, ...], rows: tuple[tuple[Line, ...], ...]
    ) -> B: ...


#: The first section (its title is the result's title) and the last: every format has both.
HEAD = "verdict"
DISCLAIMER = "disclaimer"


def words(text: str) -> Line:
    return (Words(text),)


def check_sections(report: Mapping[str, Any]) -> list[Section]:
    """The sections of a check result (``core.report.build``), in the order shown."""
    return [section for section in _check_sections(report) if section.blocks]


def title_of(report: Mapping[str, Any]) -> str:
    return str(report["cancer_name"] or report["cancer_input"] or "cancer type not given")


def _check_sections(report: Mapping[str, Any]) -> Iterator[Section]:
    yield Section(HEAD, f"Cryotherapy: {title_of(report)}", tuple(_head(report)))
    yield Section("answers", "Answers", (_answers(report),))
    yield Section("why", "Why", tuple(_why(report)))
    if report["criteria"]:
        yield Section("criteria", "Criteria", (_criteria(report),))
    missing = tuple(_missing(report, q) for q in report["missing"])
    yield Section("missing", "Missing answers", (Bullets(missing),) if missing else ())
    changes = tuple(words(change["text"]) for change in changes_of(report))
    yield Section(
        "what-if", "What would change the verdict", (Bullets(changes),) if changes else ()
    )
    notes = tuple(_note(note) for note in report["notes"])
    yield Section("notes", "Notes", (Bullets(notes),) if notes else ())
    yield care_team_section(report["care_team_questions"])
    more = report["more_information"]
    for topic in more["topics"]:
        yield Section(str(topic["id"]), str(topic["title"]), tuple(_points(topic["points"])))
    yield Section(
        "more",
        "More",
        (Paragraph((Words("More from the documents: "), Code(more["command"]))),),
    )
    sources = tuple(_source(s) for s in report["sources"])
    yield Section("sources", "Sources", (Bullets(sources),))
    yield Section("about", "About this result", (Paragraph(words(_provenance(report))),))
    yield Section(DISCLAIMER, "Disclaimer", (Paragraph(words(report["disclaimer"])),))


def _head(report: Mapping[str, Any]) -> Iterator[Block]:
    verdict = Verdict(report["verdict"], report["verdict_text"])
    yield Paragraph((verdict, Words(f", {according_to(report)}.")))
    if report["listed_in"]:
        yield Paragraph(words(listed_words(report["listed_in"])))


def _answers(report: Mapping[str, Any]) -> Table:
    read = {c["question"] for c in report["criteria"]}
    rows = []
    for question, value in report["answers"].items():
        if value is None:
            asked = question == "cancer" or question in read or not report["cancer_type"]
            value = "unknown" if asked else "not asked (no criterion for this type reads it)"
        rows.append((words(report["questions"][question]["prompt"]), words(str(value))))
    return Table("The answers this result is for", ("Question", "Answer"), tuple(rows))


def _why(report: Mapping[str, Any]) -> Iterator[Block]:
    for reason in report["reasons"]:
        yield Paragraph(words(reason["reason"]))
        for e in reason["evidence"]:
            yield QuoteBlock(Quote(e["quote"], e["source"]))


def _criteria(report: Mapping[str, Any]) -> Table:
    rows = tuple(
        (
            words(c["label"]),
            words(c["answer"] if c["answer"] is not None else "unknown"),
            (Status(c["status"]),),
            (Quote(c["quote"], c["source"]),),
        )
        for c in report["criteria"]
    )
    caption = f"The criteria for {title_of(report)}, with your answers"
    return Table(caption, ("Criterion", "Your answer", "Status", "Quote (source)"), rows)


def _missing(report: Mapping[str, Any], question_id: str) -> Line:
    question = report["questions"][question_id]
    return (Words(f"{question['prompt']} ("), Code(question["answer_with"]), Words(")"))


def _note(note: Mapping[str, Any]) -> Line:
    spans: list[Span] = []
    if note["text"]:
        spans.append(Words(note["text"] + (": " if note["quote"] else "")))
    if note["quote"] and note["source"]:
        spans.append(Quote(note["quote"], note["source"]))
    return tuple(spans)


def _points(points: list[Mapping[str, Any]]) -> Iterator[Block]:
    items = []
    for point in points:
        lead: Line = (Words(f"{point['text']}: "),) if point["text"] else ()
        items.append((*lead, Quote(point["quote"], point["source"])))
    if items:
        yield Bullets(tuple(items))


def _source(source: Mapping[str, Any]) -> Line:
    """A source as facts: its citation and provenance, what it says of itself (quoted), and
    how old it is on the result's date."""
    spans: list[Span] = [Words(f"{source['id']}: {sourced(source)} ")]
    if source["own_words"]:
        spans.append(Words("In its own words: "))
        for index, said in enumerate(source["own_words"]):
            spans += [Words("; ")] if index else []
            spans.append(Quote(said["quote"], said["source"]))
        spans.append(Words(". "))
    spans.append(Words(source["age_text"]))
    return tuple(spans)


def _provenance(report: Mapping[str, Any]) -> str:
    folder = report["rules_folder"]
    rules = (
        f"the rules in {folder} (not the shipped rules, so not necessarily the documents' word)"
        if folder
        else "the shipped rules, drawn from the documents listed under Sources"
    )
    return (
        f"Written by cryo-check {report['cryo_check_version']} from {rules}, as of "
        f"{report['as_of']}. "
        f"Rules SHA-256: {report['rules_sha256']}."
    )


def info_sections(document: Mapping[str, Any]) -> list[Section]:
    """The sections of ``info`` (``report.info_document``): what the documents say about
    cryotherapy, topic by topic, each point quoted; then the sources and the disclaimer."""
    name = document["cancer_name"]
    about = f"and {lower_first(name)}" if name else "for cancer"
    title = f"Cryotherapy {about}: what {documents_say(len(document['sources']))}"
    listed = document["listed_in"]
    head = (
        (Paragraph((Words("Listed: "), Quote(listed["quote"], listed["source"]), Words("."))),)
        if listed
        else ()
    )
    sources = tuple(_source(s) for s in document["sources"])
    return [
        Section(HEAD, title, head),
        *(
            Section(str(topic["id"]), str(topic["title"]), tuple(_points(topic["points"])))
            for topic in document["topics"]
        ),
        Section("sources", "Sources", (Bullets(sources),)),
        Section(DISCLAIMER, "Disclaimer", (Paragraph(words(document["disclaimer"])),)),
    ]


def lower_first(name: str) -> str:
    """'Kidney cancer' -> 'kidney cancer', for the middle of a sentence."""
    return name[:1].lower() + name[1:]


def changes_of(report: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The what-ifs that change the verdict (an unknown answer's every outcome is in the
    report, including those that leave the verdict as it is: they change nothing)."""
    return [change for change in report["what_if"] if change["verdict"] != report["verdict"]]


def care_team_section(questions: list[Mapping[str, Any]]) -> Section:
    """Questions to take to the care team (``core.careteam``), each with its quote if any."""
    items = tuple(_care_question(q) for q in questions)
    return Section("care-team", "Questions for the care team", (Bullets(items),) if items else ())


def _care_question(question: Mapping[str, Any]) -> Line:
    from cryo_check.core.careteam import NOTE_ASK, NOTE_LEAD

    if question.get("quote") and question.get("source"):
        return (
            Words(NOTE_LEAD),
            Quote(question["quote"], question["source"]),
            Words(f" {NOTE_ASK}"),
        )
    return words(question["text"])
