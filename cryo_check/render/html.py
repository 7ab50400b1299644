"""HTML: one self-contained page for a case, and a page for a class (the explorer).

Standard library only. The page's template, its style and the explorer's script are package
data files in ``templates`` (``page.html``, ``page.css``, ``explorer.js``). Pages make no
network request: styles and the explorer's script are inline, allowed by a
Content-Security-Policy that names their SHA-256 hashes (computed here,
when the page is written) and forbids everything else. Text reaches the page through one
escaper, ``text``; data reaches the explorer's script through another, ``script_json``, inside
a ``<script type="application/json">`` that nothing in the data can close. The explorer's
script holds no rules: it looks each combination of answers up in data that cryo-check's
engine computed (``cryo_check.render.explorer``), and writes it with ``textContent`` only.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import string
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from cryo_check.core.report import (
    STATUS_WORDS,
    documents_say,
    listed_words,
    sourced,
)
from cryo_check.core.sections import DISCLAIMER as LAST
from cryo_check.core.sections import (
    HEAD,
    Layout,
    Line,
    Quote,
    Section,
    Verdict,
    Words,
    check_sections,
    title_of,
)

if TYPE_CHECKING:
    from cryo_check.core.documents import Selection


GENERATOR = "cryo-check"

#: The page's template, style and the explorer's script: files in ``templates``, read once.
#: The template's ``<link rel="icon" href="data:,">`` is an empty icon: no request for
#: /favicon.ico where the page is served.
TEMPLATES = "templates"


@functools.cache
def template(name: str) -> str:
    """A file of ``templates`` (package data: in the wheel beside this module)."""
    from importlib.resources import files

    return files(__package__).joinpath(TEMPLATES, name).read_text(encoding="utf-8")


def text(value: object) -> str:
    """Text for HTML content or a quoted attribute: nothing in it is markup."""
    return html.escape(str(value), quote=True)


def script_json(data: object) -> str:
    """JSON for a ``<script type="application/json">``: nothing in it can end the element.

    ``<``, ``>`` and ``&`` become JSON escapes (so no ``</script>`` or ``<!--``), and so do
    U+2028 and U+2029 (line terminators to older JavaScript parsers).
    """
    dumped = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        dumped = dumped.replace(char, escape)
    return dumped


def csp_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline style or script."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(style: str, script: str | None) -> str:
    """Nothing from anywhere; only this page's own style and script, by hash."""
    scripts = csp_hash(script) if script is not None else "'none'"
    return (
        f"default-src 'none'; style-src {csp_hash(style)}; script-src {scripts}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def page(title: str, body: str, *, script: str | None = None, data: object | None = None) -> str:
    """A whole page around ``body`` (already HTML), with its styles, data and script inline:
    ``templates/page.html`` filled in, each value escaped for where it goes."""
    style = template("page.css")
    scripts = []
    if data is not None:
        scripts.append(
            f'<script type="application/json" id="cryo-check-data">{script_json(data)}</script>\n'
        )
    if script is not None:
        scripts.append(f"<script>{script}</script>\n")
    return string.Template(template("page.html")).substitute(
        policy=text(content_security_policy(style, script)),
        generator=text(GENERATOR),
        title=text(title),
        style=style,
        body=body,
        scripts="".join(scripts),
    )


# --- shared pieces -------------------------------------------------------------------------


def quote_block(quote: str, source: str) -> str:
    return f"<blockquote><p>“{text(quote)}”</p><footer>— {text(source)}</footer></blockquote>"


def verdict_box(verdict: str, words: str, extra: str = "", *, live: bool = False) -> str:
    role = ' role="status"' if live else ""
    return (
        f'<div class="verdict v-{text(verdict)}"{role} data-part="verdict">'
        f"<strong>Verdict: </strong>{text(words)}{extra}</div>"
    )


def bullet_list(items: Iterable[str], cls: str = "") -> str:
    """``<ul>`` of items that are already HTML."""
    attr = f' class="{cls}"' if cls else ""
    return f"<ul{attr}>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def short_disclaimer() -> str:
    return (
        '<p class="notice" role="note"><strong>General information, not medical advice.</strong> '
        "Whether cryotherapy suits a particular person is a decision for their doctor and care "
        "team: consult your doctor.</p>"
    )


def disclaimer_section(disclaimer: str) -> str:
    return (
        '<section aria-labelledby="disclaimer"><h2 id="disclaimer">Disclaimer</h2>'
        f'<p class="notice">{text(disclaimer)}</p></section>'
    )


def provenance(version: str, digest: str, folder: str | None) -> str:
    rules = (
        f"the rules in <code>{text(folder)}</code> (not the shipped rules, so not necessarily "
        "the documents' word)"
        if folder
        else "the shipped rules, drawn from the documents listed under Sources"
    )
    return (
        '<section aria-labelledby="about"><h2 id="about">About this page</h2>'
        f"<p>Written by cryo-check {text(version)} from {rules}. "
        f'Rules SHA-256: <code class="hash">{text(digest)}</code>.</p>'
        "<p>The page is self-contained: it loads nothing from anywhere and works offline.</p>"
        "</section>"
    )


def sources_section(sources: Iterable[Mapping[str, Any]]) -> str:
    items = [f"<strong>{text(s['id'])}</strong>: {text(sourced(s))}" for s in sources]
    return (
        '<section aria-labelledby="sources"><h2 id="sources">Sources</h2>'
        + bullet_list(items)
        + "</section>"
    )


def criteria_table(
    criteria: list[Mapping[str, Any]], caption: str, *, rows: list[Mapping[str, Any]] | None
) -> str:
    """The criteria with their quotes; ``rows`` (answer, status) fill the answer columns, or
    leave them for the explorer's script to fill."""
    out = [
        '<div class="table-wrap">',
        '<table class="stack criteria">',
        f"<caption>{text(caption)}</caption>",
        '<thead><tr><th scope="col">Criterion</th><th scope="col">Answer</th>'
        '<th scope="col">Status</th><th scope="col">Quote (source)</th></tr></thead>',
        "<tbody>",
    ]
    for index, c in enumerate(criteria):
        row = rows[index] if rows is not None else None
        answer = "" if row is None else ("unknown" if row["answer"] is None else row["answer"])
        status = "" if row is None else row["status"]
        status_attr = f' data-status="{text(status)}"' if status else ""
        status_cls = f' class="s-{text(status)}"' if status else ""
        out.append(
            f'<tr data-criterion="{text(c["id"])}"{status_attr}>'
            f'<th scope="row" data-label="Criterion">{text(c["label"])}</th>'
            f'<td data-label="Answer" data-cell="answer">{text(answer)}</td>'
            f'<td data-label="Status" data-cell="status"{status_cls}>'
            f"{text(STATUS_WORDS[status]) if status else ''}</td>"
            f'<td class="quote" data-label="Quote">“{text(c["quote"])}” '
            f'<span class="source">({text(c["source"])})</span></td></tr>'
        )
    out += ["</tbody>", "</table>", "</div>"]
    return "\n".join(out)


def notes_list(notes: Iterable[Mapping[str, Any]]) -> str:
    items = []
    for note in notes:
        lead = ""
        if note["text"]:
            lead = f"<p>{text(note['text'])}{':' if note['quote'] else ''}</p>"
        quote = quote_block(note["quote"], note["source"]) if note["quote"] else ""
        items.append(lead + quote)
    return bullet_list(items, "notes")


# --- one case ------------------------------------------------------------------------------


def render_check_html(document: Mapping[str, Any]) -> str:
    """The check document (``report.build``) as a printable page; no script at all. Its
    sections are ``core.sections``'s, as in text and Markdown."""
    report = dict(document)
    title = f"{title_of(report)}: {report['verdict_text']} — cryo-check"
    kicker = f"cryo-check: what {documents_say(len(report['sources']))}"
    return sections_page(check_sections(report), title, kicker)


def render_info_html(document: Mapping[str, Any]) -> str:
    """``info`` as a printable page, from the same sections as its text and Markdown."""
    from cryo_check.core.sections import info_sections

    sections = info_sections(document)
    # Its heading already says whose word it is: no line above it to repeat that.
    return sections_page(sections, f"{sections[0].title} — cryo-check")


def sections_page(
    sections: list[Section], title: str, kicker: str | None = None, *, handout: bool = False
) -> str:
    """Sections as a page: the first's title its heading (``kicker`` a line above it), the
    others ``<section>``s; sources, the page's provenance and the disclaimer close it, in its
    footer. A ``handout``'s sections are cards, listed under the first as contents."""
    body: list[str] = []
    footer: list[str] = []
    card = ' class="card"' if handout else ""
    for section in sections:
        shown = _Page('<p class="notice">') if section.id == LAST else _Page()
        blocks = "".join(shown.block(block) for block in section.blocks)
        if section.id == HEAD:
            body += [
                "<header>" + (f'<p class="muted">{text(kicker)}</p>' if kicker else ""),
                f"<h1>{text(section.title)}</h1>",
                short_disclaimer(),
                "</header>",
                '<main id="main">',
                blocks,
            ]
            if handout:
                body.append(_contents([s for s in sections[1:] if s.id not in _FOOTER]))
            continue
        if section.id in _FOOTER:
            footer.append(_section(section, blocks))
        else:
            body.append(_section(section, blocks, card))
    body += ["</main>", '<footer class="page-end">', *footer, "</footer>"]
    return page(title, "\n".join(body))


def _section(section: Section, blocks: str, attributes: str = "") -> str:
    return (
        f'<section{attributes} aria-labelledby="{text(section.id)}">'
        f'<h2 id="{text(section.id)}">{text(section.title)}</h2>{blocks}</section>'
    )


def _contents(sections: list[Section]) -> str:
    links = "".join(
        f'<li><a href="#{text(s.id)}">{text(s.short or s.title)}</a></li>' for s in sections
    )
    return (
        '<nav aria-labelledby="contents"><h2 id="contents">Contents</h2>'
        f'<ul class="contents">{links}</ul></nav>'
    )


#: Sections a page keeps for its end, after the main content.
_FOOTER = frozenset({"sources", "about", LAST})


class _Page(Layout[str, str]):
    """Spans and blocks as HTML, every piece of text through ``text``; ``paragraph`` is the
    tag a paragraph opens with (the disclaimer's are styled as the notice they are)."""

    def __init__(self, paragraph: str = "<p>") -> None:
        self.opening = paragraph

    def words(self, words: str) -> str:
        return text(words)

    def quote(self, quote: str, source: str) -> str:
        return f'“{text(quote)}” <span class="source">({text(source)})</span>'

    def code(self, code: str) -> str:
        return f"<code>{text(code)}</code>"

    def status(self, status: str, words: str) -> str:
        return f'<span class="s-{text(status)}">{text(words)}</span>'

    def verdict(self, verdict: str, words: str) -> str:
        return f"<strong>Verdict: {text(words)}</strong>"

    def blank(self, width: int) -> str:
        return "_" * width

    def line(self, line: Line) -> str:
        return "".join(self.span(span) for span in line)

    def paragraph(self, line: Line) -> str:
        match line:
            case (Verdict(verdict, words), *rest):  # a box of its own
                # What follows the verdict goes on a line of its own in the box: a sentence,
                # not the ", according to…" that continues it in text and Markdown.
                if rest and isinstance(rest[0], Words) and rest[0].text.startswith(", "):
                    after = rest[0].text[2:]
                    rest[0] = Words(after[:1].upper() + after[1:])
                return verdict_box(
                    verdict, words, f'<span class="according">{self.line(tuple(rest))}</span>'
                )
        return f"{self.opening}{self.line(line)}</p>"

    def quote_block(self, quote: Quote) -> str:
        return quote_block(quote.quote, quote.source)

    def bullets(self, items: tuple[Line, ...]) -> str:
        return bullet_list(self.line(item) for item in items)

    def table(
        self, caption: str, headers: tuple[str, ...], rows: tuple[tuple[Line, ...], ...]
    ) -> str:
        head = "".join(f'<th scope="col">{text(h)}</th>' for h in headers)
        body = "".join(
            "<tr>"
            + "".join(
                f'<th scope="row" data-label="{text(headers[0])}">{self.line(cell)}</th>'
                if index == 0
                else f'<td data-label="{text(headers[index])}">{self.line(cell)}</td>'
                for index, cell in enumerate(row)
            )
            + "</tr>"
            for row in rows
        )
        return (
            '<div class="table-wrap"><table class="stack">'
            f"<caption>{text(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{body}</tbody></table></div>"
        )


# --- a page for a class --------------------------------------------------------------------


def render_explorer_html(data: Mapping[str, Any]) -> str:
    """The explorer document (``explorer.build_explorer``) as a page for a class."""
    types = data["types"]
    said = documents_say(len(data["sources"]))
    body: list[str] = [
        f'<header><p class="muted">cryo-check: what {said}</p>',
        "<h1>Cryotherapy for cancer: an explorer for the classroom</h1>",
        short_disclaimer(),
        "<p>Pick answers for a cancer type and see what cryo-check says, with the criteria, "
        "the quotes they rest on and what would change the verdict. Every result on this page "
        "was worked out by cryo-check before the page was written; the page only looks them "
        "up.</p>",
        '<nav aria-label="Contents"><ul>',
        *(f'<li><a href="#type-{text(t["id"])}">{text(t["name"])}</a></li>' for t in types),
    ]
    if data["scenarios"]:
        body.append('<li><a href="#scenarios">Teaching scenarios</a></li>')
    body += [
        '<li><a href="#sources">Sources</a></li>',
        "</ul></nav>",
        "</header>",
        '<main id="main">',
    ]
    body += [_type_section(data, t) for t in types]
    if data["scenarios"]:
        body.append(_scenarios_section(data))
    body.append("</main>")
    body.append('<footer class="page-end">')
    body.append(sources_section(data["sources"]))
    body.append(provenance(data["cryo_check_version"], data["rules_sha256"], data["rules_folder"]))
    body.append(disclaimer_section(data["disclaimer"]))
    body.append("</footer>")
    title = "Cryotherapy for cancer: an explorer — cryo-check"
    return page(title, "\n".join(body), script=template("explorer.js"), data=data)


def _type_section(data: Mapping[str, Any], t: Mapping[str, Any]) -> str:
    tid = text(t["id"])
    name = text(t["name"])
    out = [
        f'<section class="type" id="type-{tid}" aria-labelledby="h-{tid}">',
        f'<h2 id="h-{tid}">{name}</h2>',
        _section_links(t),
    ]
    if t["listed_in"]:
        out.append(f"<p>{text(listed_words(t['listed_in']))}</p>")
    out.append(f'<h3 id="explore-{tid}">Try the answers</h3>')
    # Not <noscript>: where a learning platform strips the script, this still shows.
    out.append(
        '<p class="notice" data-without-script>Choosing answers here needs JavaScript. The '
        "table below lists every combination of answers with its verdict.</p>"
    )
    out.append(f'<div class="explorer" data-explorer data-type="{tid}" hidden>')
    out.append('<div class="explorer-choices">')
    if t["questions"]:
        out.append(f'<fieldset class="answers"><legend>Answers for {name}</legend>')
        for q in t["questions"]:
            qid = text(q["id"])
            out.append(
                f'<div class="field"><label for="{tid}-{qid}">{text(q["prompt"])}</label>'
                f'<select id="{tid}-{qid}" data-question="{qid}">'
            )
            for case in q["cases"]:
                selected = " selected" if case["key"] == data["unknown_key"] else ""
                out.append(
                    f'<option value="{text(case["key"])}"{selected}>{text(case["label"])}</option>'
                )
            out.append("</select></div>")
        out.append("</fieldset>")
    else:
        out.append("<p>No question changes the verdict for this type.</p>")
    # A live region: a screen reader says the new verdict when an answer changes.
    out.append('<div class="verdict" role="status" aria-live="polite" data-part="verdict"></div>')
    out.append(
        '<div data-part="missing" hidden><h4>Missing answers</h4>'
        "<p>The verdict depends on:</p><ul></ul></div>"
    )
    out.append(
        '<div data-part="what-if" hidden><h4>What would change the verdict</h4>'
        '<ul class="what-if"></ul></div>'
    )
    out.append('</div><div class="explorer-details">')
    if t["criteria"]:
        out.append(criteria_table(t["criteria"], f"The criteria for {t['name']}", rows=None))
    out.append('<div data-part="why" hidden><h4>Why</h4><div></div></div>')
    out.append("</div></div>")
    out.append(_table(data, t))
    out.append(_tree(data, t))
    if t["notes"]:
        out.append(f'<h3 id="notes-{tid}">Notes</h3>')
        out.append(notes_list(t["notes"]))
    out.append(_about(t))
    out.append("</section>")
    return "\n".join(out)


def _section_links(t: Mapping[str, Any]) -> str:
    """Links to the parts of a type's section: a class finds its place without scrolling."""
    tid = text(t["id"])
    parts = [
        (f"explore-{tid}", "Try the answers"),
        (f"table-{tid}", "Every combination"),
        (f"paths-{tid}", "Decision paths"),
        *([(f"notes-{tid}", "Notes")] if t["notes"] else []),
        *([(f"about-{tid}", "How it is done")] if t["about"] else []),
    ]
    links = "".join(f'<li><a href="#{target}">{label}</a></li>' for target, label in parts)
    return f'<nav class="in-section" aria-label="{text(t["name"])}: parts"><ul>{links}</ul></nav>'


def _about(t: Mapping[str, Any]) -> str:
    """What the documents say about cryotherapy for the type, quoted: here, not a command."""
    if not t["about"]:
        return ""
    tid = text(t["id"])
    out = [f'<h3 id="about-{tid}">How it is done, side effects and repeat treatment</h3>']
    for topic in t["about"]:
        out.append(f"<h4>{text(topic['title'])}</h4>")
        items = [
            (f"{text(p['text'])}: " if p["text"] else "") + quote_block(p["quote"], p["source"])
            for p in topic["points"]
        ]
        out.append(bullet_list(items))
    return "\n".join(out)


def _table(data: Mapping[str, Any], t: Mapping[str, Any]) -> str:
    table = t["table"]
    out = [
        f'<h3 id="table-{text(t["id"])}">Every combination of answers</h3>',
        '<div class="table-wrap">',
        '<table class="decisions">',
        f"<caption>{text(t['name'])}: the verdict for each combination</caption>",
        "<thead><tr>",
        *(f'<th scope="col">{text(c)}</th>' for c in table["columns"]),
        '<th scope="col">Verdict</th></tr></thead><tbody>',
    ]
    for row in table["rows"]:
        cells = "".join(f"<td>{text(c)}</td>" for c in row["cells"])
        verdict = row["verdict"]
        out.append(
            f'<tr>{cells}<td class="t-verdict v-{text(verdict)}">'
            f"{text(data['verdicts'][verdict])}</td></tr>"
        )
    out += ["</tbody></table>", "</div>"]
    return "\n".join(out)


def _tree(data: Mapping[str, Any], t: Mapping[str, Any]) -> str:
    tid = text(t["id"])

    def node(n: Mapping[str, Any]) -> str:
        if "verdict" in n:
            words = data["verdicts"][n["verdict"]]
            return f'<span class="node verdict v-{text(n["verdict"])}">{text(words)}</span>'
        branches = "".join(
            f'<li><span class="edge">{text(b["answer"])}</span> {node(b["then"])}</li>'
            for b in n["branches"]
        )
        return f'<span class="node question">{text(n["label"])}</span><ul>{branches}</ul>'

    return (
        f'<h3 id="paths-{tid}">Decision paths</h3>'
        f'<figure class="tree" aria-labelledby="paths-caption-{tid}">'
        f'<figcaption id="paths-caption-{tid}" class="muted">One question at a time; a question '
        "is left out where no answer to it changes the verdict.</figcaption>"
        f"<ul><li>{node(t['tree'])}</li></ul></figure>"
    )


def _scenarios_section(data: Mapping[str, Any]) -> str:
    out = [
        '<section aria-labelledby="scenarios"><h2 id="scenarios">Teaching scenarios</h2>',
        "<p>Fictional cases. Read the story and the answers, decide what you expect, then "
        "reveal what cryo-check says.</p>",
        '<ul class="cards">',
    ]
    for s in data["scenarios"]:
        result = s["result"]
        sid = text(s["id"])
        answers = "".join(
            f"<dt>{text(a['label'])}:</dt><dd>{text(a['answer'])}</dd>" for a in s["answers"]
        )
        reveal = [verdict_box(result["verdict"], result["verdict_text"])]
        if result["reasons"]:
            reveal.append("<h4>Why</h4>")
            for index in result["reasons"]:
                reason = s["reasons"][index]
                reveal.append(f"<p>{text(reason['reason'])}</p>")
                reveal += [quote_block(e["quote"], e["source"]) for e in reason["evidence"]]
        if result["missing"]:
            reveal.append("<h4>Missing answers</h4>")
            reveal.append(bullet_list(text(data["questions"][q]) for q in result["missing"]))
        if result["what_if"]:
            reveal.append("<h4>What would change it</h4>")
            reveal.append(bullet_list((text(w["text"]) for w in result["what_if"]), "what-if"))
        reveal.append(f"<h4>Teaching point</h4><p>{text(s['teaching_point'])}</p>")
        out.append(
            f'<li class="card" id="scenario-{sid}" data-scenario="{sid}">'
            f'<h3 id="scenario-title-{sid}">{text(s["title"])}</h3>'
            f"<p>{text(s['story'])}</p>"
            f'<dl class="answers-given">{answers}</dl>'
            f"<details><summary>Reveal the verdict and the teaching point</summary>"
            f"{''.join(reveal)}</details></li>"
        )
    out += ["</ul>", "</section>"]
    return "\n".join(out)


def write_check(document: Mapping[str, Any], out: TextIO) -> None:
    out.write(render_check_html(document))


def write_info(document: Mapping[str, Any], out: TextIO) -> None:
    out.write(render_info_html(document))


def write_export(document: Selection, out: TextIO) -> None:
    """A class's page: the explorer of the chosen types, with its data from the engine."""
    from cryo_check.render.explorer import build_explorer

    out.write(render_explorer_html(build_explorer(document.rules, document.cancers)))
