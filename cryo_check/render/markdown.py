"""Markdown: the result as a handout, for a class or a printed sheet."""

from __future__ import annotations

from cryo_check.report import STATUS_WORDS, Report, according_to, listed_words, sourced


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def quote_line(quote: str, source: str) -> str:
    return f"> “{quote}” — *{source}*"


def render_markdown(report: Report) -> str:
    lines: list[str] = []
    add = lines.append
    title = report["cancer_name"] or report["cancer_input"] or "cancer type not given"
    add(f"# Cryotherapy: {cell(title)}")
    add("")
    add(f"**Verdict: {report['verdict_text']}** (`{report['verdict']}`), {according_to(report)}.")
    if report["listed_in"]:
        add("")
        add(listed_words(report["listed_in"]))
    add("")
    add("## Answers")
    add("")
    add("| Question | Answer |")
    add("| --- | --- |")
    read = {c["question"] for c in report["criteria"]}
    for question, value in report["answers"].items():
        if value is None:
            asked = question == "cancer" or question in read or not report["cancer_type"]
            value = "unknown" if asked else "not asked (no criterion for this type reads it)"
        add(f"| {cell(report['questions'][question]['prompt'])} | {cell(value)} |")
    if report["reasons"]:
        add("")
        add("## Why")
        for reason in report["reasons"]:
            add("")
            add(reason["reason"])
            for e in reason["evidence"]:
                add("")
                add(quote_line(e["quote"], e["source"]))
    if report["criteria"]:
        add("")
        add("## Criteria")
        add("")
        add("| Criterion | Answer | Status | Quote | Source |")
        add("| --- | --- | --- | --- | --- |")
        for c in report["criteria"]:
            answer = c["answer"] if c["answer"] is not None else "unknown"
            add(
                f"| {cell(c['label'])} | {cell(answer)} | {STATUS_WORDS[c['status']]} "
                f"| “{cell(c['quote'])}” | {cell(c['source'])} |"
            )
    if report["missing"]:
        add("")
        add("## Missing answers")
        add("")
        for question in report["missing"]:
            q = report["questions"][question]
            add(f"- {q['prompt']} (`{q['answer_with']}`)")
    if report["what_if"]:
        add("")
        add("## What would change the verdict")
        add("")
        for change in report["what_if"]:
            add(f"- {change['text']}")
    if report["notes"]:
        add("")
        add("## Notes")
        for note in report["notes"]:
            add("")
            if note["text"]:
                add(f"{note['text']}:" if note["quote"] else note["text"])
                if note["quote"]:
                    add("")
            if note["quote"]:
                add(quote_line(note["quote"], note["source"]))
    add("")
    more = report["more_information"]
    for topic in more["topics"]:
        add("")
        add(f"## {topic['title']}")
        for point in topic["points"]:
            add("")
            if point["text"]:
                add(f"{point['text']}:")
                add("")
            add(quote_line(point["quote"], point["source"]))
    add("")
    add(f"More from the documents: `{more['command']}`.")
    add("")
    add("## Sources")
    add("")
    for s in report["sources"]:
        add(f"- **{s['id']}**: {sourced(s)}")
    add("")
    add("---")
    add("")
    add(f"**Disclaimer:** {report['disclaimer']}")
    return "\n".join(lines) + "\n"
