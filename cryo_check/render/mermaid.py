"""Mermaid: each cancer's decision paths as a flowchart, in Markdown. Labels are quoted with
entity codes and node ids prefixed, so no name can end a label or add a statement."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, TextIO

from cryo_check import DISCLAIMER
from cryo_check.core.explain import Branch, Leaf, Node, decision_tree
from cryo_check.core.ruleset import VERDICTS, Cancer
from cryo_check.render.markdown import escape

if TYPE_CHECKING:
    from cryo_check.core.documents import Selection


def export_mermaid(cancers: list[Cancer]) -> str:
    """A Mermaid flowchart of each cancer's decision, in Markdown (renders on most hosts)."""
    out = ["# Cryotherapy decision flowcharts", "", f"> {DISCLAIMER}"]
    for cancer in cancers:
        out += ["", f"## {escape(cancer.name)} (`{cancer.id}`)", "", "```mermaid"]
        out += [*mermaid(cancer), "```"]
    out += ["", f"**Disclaimer:** {DISCLAIMER}", ""]
    return "\n".join(out)


#: Characters that mean something in a Mermaid label, as its entity codes: a label cannot
#: end early, start a statement (``click … "javascript:…"``) or hold HTML.
_MERMAID_ENTITIES = str.maketrans(
    {
        '"': "#quot;",
        "#": "#35;",
        "&": "#amp;",
        "<": "#lt;",
        ">": "#gt;",
        "`": "#96;",
        "|": "#124;",
        ";": "#59;",
    }
)


def mermaid_label(text: str) -> str:
    """``text`` as a quoted Mermaid label: one line, every special character an entity."""
    return '"' + " ".join(text.split()).translate(_MERMAID_ENTITIES) + '"'


def mermaid_id(cancer_id: str) -> str:
    """A node id no cancer id can turn into a keyword (``end``) or break: prefixed, and
    letters, digits and underscores only."""
    return "c_" + re.sub(r"[^A-Za-z0-9_]", "_", cancer_id)


def mermaid(cancer: Cancer) -> list[str]:
    """The cancer's decision tree as Mermaid flowchart lines, top-down."""
    prefix = mermaid_id(cancer.id)
    lines = ["flowchart TD", f"    {prefix}[{mermaid_label(cancer.name)}]"]
    declared: set[str] = set()
    counter = 0

    def ident(node: Node) -> str:
        nonlocal counter
        if isinstance(node, Leaf):
            name = f"{prefix}_{node.verdict}"
            if name not in declared:
                declared.add(name)
                lines.append(f"    {name}([{mermaid_label(VERDICTS[node.verdict])}])")
            return name
        counter += 1
        name = f"{prefix}_q{counter}"
        label = cancer.question(node.question).label.capitalize()
        lines.append(f"    {name}{{{mermaid_label(label + '?')}}}")
        return name

    def edges(node: Node, name: str) -> None:
        if isinstance(node, Branch):
            for label, child in node.children:
                child_name = ident(child)
                lines.append(f"    {name} -->|{mermaid_label(label)}| {child_name}")
                edges(child, child_name)

    root = decision_tree(cancer)
    root_name = ident(root)
    lines.append(f"    {prefix} --> {root_name}")
    edges(root, root_name)
    return lines


def write_export(document: Selection, out: TextIO) -> None:
    out.write(export_mermaid(document.cancers))
