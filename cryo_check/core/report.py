"""A result as plain data and plain words: what every output format shows.

The JSON output is this document as it is; the Markdown and text renderers lay it out.
Standard library only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from cryo_check import DISCLAIMER, SCHEMA_VERSION, __version__
from cryo_check.core.age import age_words, review_overdue
from cryo_check.core.careteam import care_team_questions
from cryo_check.core.engine import Result, WhatIf, open_condition, open_criteria
from cryo_check.core.questions import MEASURE, Question, Value
from cryo_check.core.ruleset import (
    INSUFFICIENT,
    NOT_COVERED,
    VERDICTS,
    Cancer,
    Evidence,
    RuleSet,
    Topic,
)
from cryo_check.paths import display_path

if TYPE_CHECKING:
    from cryo_check.core.documents import (
        CriterionResult,
        InfoDocument,
        ListedIn,
        MoreDoc,
        NoteDoc,
        OpenDoc,
        Quote,
        ReadingDoc,
        ReasonDoc,
        Report,
        RulesListDocument,
        SourceDoc,
        TopicDoc,
        WhatIfDoc,
    )

#: How the remark on what is still needed begins (the card asks those questions itself).
TO_GET_A_VERDICT = "To get a verdict, find out:"

STATUS_WORDS = {
    "met": "met",
    "not_met": "not met",
    "unknown": "unknown",
    "not_applicable": "not needed",
    "open": "open: for the care team",
}


def documents(count: int) -> str:
    """``the two documents``: how many documents a rule set quotes, in words. The count
    comes from the rules (their sources), never from the code."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    number = words[count] if count < len(words) else f"{count:,}"
    return f"the {number} document{'s' * (count != 1)}"


def documents_say(count: int) -> str:
    """``the two documents say`` (``the one document says``)."""
    return f"{documents(count)} {'says' if count == 1 else 'say'}"


def according_to(report: Mapping[str, Any]) -> str:
    """Whose word the verdict is: the documents' the report cites, or a custom rule folder's."""
    if report["rules_folder"]:
        return f"according to the rules in {report['rules_folder']} (not the shipped rules)"
    return f"according to {documents(len(report['sources']))} cited below"


def verdict_words(verdict: str) -> str:
    return VERDICTS[verdict]


def listed_words(listed: Mapping[str, object]) -> str:
    """Where the documents name the type, in their words: “lead-in” … “name” (source)."""
    lead = f"“{listed['context']}” … " if listed.get("context") else ""
    return f"Named in {listed['source']}: {lead}“{listed['quote']}”."


def condition_words(question: Question, answer: str, answered: bool) -> str:
    """``the tumour were under 4 cm``: an answer as a condition (``is`` when not answered)."""
    choice = question.choice(answer)
    template = (choice and choice.condition) or question.condition or "the {label} {is} {answer}"
    # Plain replacement, not str.format: a rule folder's template must not reach attributes.
    return (
        template.replace("{is}", "were" if answered else "is")
        .replace("{label}", question.label)
        .replace("{answer}", answer)
    )


def what_if_words(question: Question, answer: str, verdict: str, answered: bool) -> str:
    """``If the tumour were under 4 cm: cryotherapy is commonly considered.``"""
    outcome = verdict_words(verdict)
    condition = condition_words(question, answer, answered)
    return f"If {condition}: {outcome[0].lower()}{outcome[1:]}."


def missing_words(report: Report, question_id: str) -> str:
    """A missing question, and how to answer it: ``What stage is the cancer? (--stage)``."""
    question = report["questions"][question_id]
    return f"{question['prompt']} ({question['answer_with']})"


def sourced(source: Mapping[str, Any]) -> str:
    """A source of a report as a list shows it: its citation, then where it comes from."""
    if source.get("provenance"):
        return f"{source['citation']}. {source['provenance']}"
    return str(source["citation"])


def number(value: Decimal) -> int | float:
    """A measure as a JSON number: an int when whole. Answers are at most a few dozen digits,
    and a float keeps every digit of the sizes people give (its repr round-trips them)."""
    return int(value) if value == value.to_integral_value() else float(value)


def measures(rules: RuleSet, answers: Mapping[str, Value]) -> dict[str, int | float | None]:
    """Each measure's answer as a number in its question's unit, keyed ``<question>_<unit>``
    (``size_cm``), beside the answers as shown; None when not answered."""
    found: dict[str, int | float | None] = {}
    for q in rules.questions.values():
        if q.kind == MEASURE:
            value = answers.get(q.id)
            found[f"{q.id}_{q.unit}"] = number(value) if isinstance(value, Decimal) else None
    return found


def open_words(verdict: str, condition: str, answer: str | None, why: str) -> str:
    """``Cryotherapy may be considered, if the care team counts the tumour (20 cm) as
    smaller: the documents give no size``: a verdict resting on an open criterion, never
    as plain as one resting on met criteria."""
    return f"{verdict_words(verdict)}, {open_condition(condition, why, answer)}"


def _open(result: Result, criteria: list[CriterionResult]) -> list[OpenDoc]:
    """The open criteria the deciding decisions rest on, in the order the rules list them."""
    resting = set(open_criteria(result))
    found: list[OpenDoc] = []
    for r, doc in zip(result.criteria, criteria, strict=True):
        c = r.criterion
        if c in resting and c.open and c.condition:  # true of all of them: narrows the types
            found.append(
                {
                    "id": c.id,
                    "label": c.label,
                    "question": c.question,
                    "answer": doc["answer"],
                    "condition": c.condition,
                    "why": c.open,
                    "source": doc["source"],
                    "quote": doc["quote"],
                }
            )
    return found


def build(result: Result, rules: RuleSet, as_of: datetime.date) -> Report:
    """The whole result as JSON-ready data, for the day ``as_of`` (each source's age)."""
    cancer = result.cancer
    cited: list[str] = []

    def evidence(e: Evidence) -> Quote:
        if e.source not in cited:
            cited.append(e.source)
        return {"source": e.source, "quote": e.quote}

    def shown(question_id: str, value: Value | None) -> str | None:
        return None if value is None else rules.question(question_id).show(value)

    answers = result.answers
    criteria: list[CriterionResult] = [
        {
            "id": r.criterion.id,
            "label": r.criterion.label,
            "question": r.criterion.question,
            "test": r.criterion.test.describe(),
            "answer": shown(r.criterion.question, r.answer),
            "status": r.status,
            **evidence(r.criterion.evidence),
        }
        for r in result.criteria
    ]
    reasons: list[ReasonDoc] = [
        {
            "verdict": d.verdict,
            "reason": d.reason,
            "evidence": [evidence(e) for e in d.evidence],
        }
        for d in result.decisions
    ]
    listed_in: ListedIn | None = (
        {**evidence(cancer.listed_in), "context": cancer.listed_context} if cancer else None
    )
    notes: list[NoteDoc] = [
        {"text": n.text, **evidence(n.evidence)} for n in (cancer.notes if cancer else ())
    ]
    notes += [{"text": text, "source": None, "quote": None} for text in _remarks(result, rules)]
    if result.verdict == NOT_COVERED and rules.not_covered is not None:
        notes.append({"text": "Of other cancers, the documents say", **evidence(rules.not_covered)})
    more = _more(rules, cancer, evidence)
    resting = _open(result, criteria)
    verdict_text = verdict_words(result.verdict)
    if resting:
        first = resting[0]
        verdict_text = open_words(result.verdict, first["condition"], first["answer"], first["why"])
    # Sources in the order sources.yaml lists them; all of them when nothing was cited.
    cited = [sid for sid in rules.sources if sid in cited or not cited]
    return {
        "schema_version": SCHEMA_VERSION,
        "cryo_check_version": __version__,
        "rules_sha256": rules.digest,
        # A custom rule folder says so: its rules need not be the documents' word.
        "rules_folder": None if rules.shipped else display_path(Path(rules.folder)),
        "cancer_input": result.answers.cancer,
        "cancer_type": cancer.id if cancer else None,
        "cancer_reading": _reading(result),
        "cancer_name": cancer.name if cancer else None,
        "verdict": result.verdict,
        "verdict_text": verdict_text,
        "open": resting,
        "as_of": as_of.isoformat(),
        "answers": {q: shown(q, answers.get(q)) for q in rules.questions},
        "measures": measures(rules, answers),
        "listed_in": listed_in,
        "criteria": criteria,
        "reasons": reasons,
        "missing": list(result.missing),
        "what_if": [_what_if(w, rules, w.question in answers) for w in result.what_if],
        "notes": notes,
        "care_team_questions": care_team_questions(result, rules),
        "more_information": more,
        "sources": [_source(rules, sid, as_of) for sid in cited],
        "questions": {
            q.id: {"label": q.label, "prompt": q.prompt, "answer_with": q.where()}
            for q in rules.questions.values()
        },
        "disclaimer": DISCLAIMER,
    }


def _what_if(w: WhatIf, rules: RuleSet, answered: bool) -> WhatIfDoc:
    question = rules.question(w.question)
    change: dict[str, Any] = {
        "question": w.question,
        "answer": w.answer,
        "verdict": w.verdict,
        "text": what_if_words(question, w.answer, w.verdict, answered),
    }
    if w.band is not None:
        b = w.band
        change[f"range_{b.unit}"] = {
            "min": number(b.low),
            "max": number(b.high),
            "min_inclusive": b.low_inclusive,
            "max_inclusive": b.high_inclusive,
        }
    # The band's key names its unit (range_cm), so no TypedDict can declare it: the schema
    # adds one per measure (rulebook.schemas).
    return cast("WhatIfDoc", change)


def reading_text(result: Result) -> str:
    return (result.answers.cancer or "").strip().casefold()


def topic_doc(topic: Topic, evidence: Callable[[Evidence], Quote] | None = None) -> TopicDoc:
    """A topic of the documents (how it is done, side effects…) with its quoted points;
    ``evidence`` shapes each point's quote (a result's own quotes carry more)."""
    quote = evidence or (lambda e: {"source": e.source, "quote": e.quote})
    return {
        "id": topic.id,
        "title": topic.title,
        "points": [{"text": p.text, **quote(p.evidence)} for p in topic.points],
    }


def _more(rules: RuleSet, cancer: Cancer | None, evidence: Callable[[Evidence], Quote]) -> MoreDoc:
    """Where to read more (``cryo-check info``), and the topics every result carries."""
    return {
        "command": f"cryo-check info {cancer.id}" if cancer else "cryo-check info",
        "topics": [
            topic_doc(topic, evidence) for topic in rules.topics_for(cancer) if topic.in_results
        ],
    }


def _reading(result: Result) -> ReadingDoc | None:
    """How the typed name was read, word by word, and what the reading must say."""
    reading = result.reading
    if reading is None:
        return None
    return {
        "words": [{"word": word, "role": role} for word, role in reading.words],
        "site": reading.site,
        "note": reading.note,
    }


def _source(rules: RuleSet, source_id: str, as_of: datetime.date) -> SourceDoc:
    s = rules.sources[source_id]
    day = datetime.date.fromisoformat(s.date or s.last_reviewed or as_of.isoformat())
    return {
        "id": s.id,
        "title": s.title,
        "untitled": s.untitled,
        "publisher": s.publisher,
        "author": s.author,
        "reviewed_by": s.reviewed_by,
        "date": s.date,
        "last_reviewed": s.last_reviewed,
        "citation": s.citation(),
        "provenance": s.provenance,
        "own_words": [{"source": e.source, "quote": e.quote} for e in s.own_words],
        "age": age_words(day, as_of),
        "review_overdue": review_overdue(day, as_of),
        "age_text": age_text(s.dated(), day, as_of),
    }


def age_text(dated: str, day: datetime.date, as_of: datetime.date) -> str:
    """``Last reviewed 2019-01-17: 7 years and 3 months before 2026-04-20; more than three
    years, so due for review.``"""
    text = f"{dated[0].upper()}{dated[1:]}: {age_words(day, as_of)} before {as_of.isoformat()}"
    if review_overdue(day, as_of):
        text += (
            "; more than three years, so due for review (patient information is commonly "
            "reviewed every three years)"
        )
    return text + "."


def _remarks(result: Result, rules: RuleSet) -> list[str]:
    """Notes the engine's outcome calls for, in cryo-check's own words."""
    remarks = []
    reading = result.reading
    if reading is not None and reading.note:
        remarks.append(f"'{reading.text}': {reading.note}.")
    for qid in sorted(result.unitless & set(result.answers)):
        question = rules.question(qid)
        shown = question.show(result.answers[qid])
        remarks.append(
            f"{question.label[0].upper()}{question.label[1:]} {shown}: no unit was given, so "
            f"it was read in {question.unit}."
        )
    for qid in result.from_name:
        shown = rules.question(qid).show(result.answers[qid])
        remarks.append(f"The {rules.question(qid).label}, {shown}, was read from the name.")
    if result.verdict == NOT_COVERED:
        covered = ", ".join(sorted(rules.cancers))
        site = reading.site if reading else None
        what = (
            f"names {site}, which is" if site and site.casefold() != reading_text(result) else "is"
        )
        remarks.append(
            f"'{result.answers.cancer}' {what} not one of the types these rules cover, so "
            f"cryo-check says nothing about it. They cover: {covered}."
        )
    elif result.verdict == INSUFFICIENT:
        # Said as the questions themselves: after a prompted session, option names mean nothing.
        asked = " ".join(rules.question(q).prompt for q in result.missing)
        remarks.append(f"{TO_GET_A_VERDICT} {asked}")
    for question in rules.questions.values():
        if question.id not in result.unused:
            continue
        shown = question.show(result.answers[question.id])
        if result.cancer is not None and question.unread:
            # Plain replacement, not str.format: a rule folder's text must not reach attributes.
            why = question.unread.replace("{cancer}", result.cancer.name).replace("{answer}", shown)
            remarks.append(
                f"Your answer to {question.id} ({shown}) does not change the verdict: {why}."
            )
            continue
        whose = result.cancer.name if result.cancer else "a type the documents do not cover"
        remarks.append(
            f"Your answer to {question.id} ({shown}) was not used: no criterion for {whose} "
            "reads it."
        )
    return remarks


# --- the other documents: `rules list` and `info` ------------------------------------------


def listing(rules: RuleSet) -> RulesListDocument:
    """``rules list`` as data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "folder": display_path(Path(rules.folder)),
        "cancers": [
            {
                "id": c.id,
                "name": c.name,
                "kind": c.kind,
                "file": display_path(rules.path_of(c.file)),
                "aliases": list(c.aliases),
                "criteria": [
                    {
                        "id": k.id,
                        "question": k.question,
                        "test": k.test.describe(),
                        "source": k.evidence.source,
                    }
                    for k in c.criteria
                ],
            }
            for c in rules.cancers.values()
        ],
        "sources": [{"id": s.id, "citation": s.described()} for s in rules.sources.values()],
        "disclaimer": DISCLAIMER,
    }


def info_document(
    rules: RuleSet, topics: list[Topic], cancer: Cancer | None, as_of: datetime.date
) -> InfoDocument:
    """What the documents say, topic by topic; its sources as a check's are, with their age
    on ``as_of``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "cancer_type": cancer.id if cancer else None,
        "cancer_name": cancer.name if cancer else None,
        "listed_in": (
            {"source": cancer.listed_in.source, "quote": cancer.listed_in.quote} if cancer else None
        ),
        "topics": [topic_doc(t) for t in topics],
        "sources": [_source(rules, sid, as_of) for sid in rules.sources],
        "disclaimer": DISCLAIMER,
    }
