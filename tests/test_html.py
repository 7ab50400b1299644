"""HTML pages without a browser: escaping, the CSP, the explorer's data, format errors.

What a browser shows is tested in tests/test_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import shutil
from itertools import product
from pathlib import Path
from typing import Any

import pytest

from cryo_check import DISCLAIMER, __version__
from cryo_check.core.ruleset import RuleSet
from cryo_check.render.explorer import UNKNOWN_KEY, CaseDoc, build_explorer, combination_key
from cryo_check.render.html import script_json, text
from cryo_check.rulebook.loader import load_rules

from .conftest import RULES_DIR, invoke

RULES: RuleSet = load_rules(RULES_DIR)
KIDNEY_SMALL = ("-c", "kidney", "-s", "early", "--size", "3cm", "--fit-for-surgery", "no")

# Text that would break out of HTML, a script element or a JavaScript string if it were not
# escaped, and Markdown-looking text that must stay as it is.
NASTY = "Kidney <script>alert(1)</script> *cancer* & \"quoted\" 'too' \u2028 </script><!--"


def check_html(*args: str, rules: str | None = None) -> str:
    extra = ("--rules", rules) if rules else ()
    result = invoke("check", *args, "--format", "html", "--no-input", *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def export_html(*ids: str, rules: str | None = None) -> str:
    extra = ("--rules", rules) if rules else ()
    result = invoke("rules", "export", "--format", "html", *ids, *extra)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def inline(page: str, tag: str) -> list[str]:
    """The contents of every inline ``<tag>`` element without attributes."""
    return re.findall(rf"<{tag}>(.*?)</{tag}>", page, re.S)


def policy(page: str) -> dict[str, list[str]]:
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    assert match, "no Content-Security-Policy"
    directives = [d.split() for d in html.unescape(match[1]).split(";")]
    return {d[0]: d[1:] for d in directives if d}


def sha256(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


def data_of(page: str) -> dict[str, Any]:
    match = re.search(
        r'<script type="application/json" id="cryo-check-data">(.*?)</script>', page, re.S
    )
    assert match
    data: dict[str, Any] = json.loads(match[1])
    return data


# --- one case --------------------------------------------------------------------------


def test_a_check_as_a_page() -> None:
    page = check_html(*KIDNEY_SMALL)
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')
    assert "<title>Kidney cancer: Cryotherapy is commonly considered — cryo-check</title>" in page
    assert '<div class="verdict v-commonly_considered" data-part="verdict">' in page
    assert "<strong>Verdict: </strong>Cryotherapy is commonly considered" in page
    assert (
        "<tr>"
        '<th scope="row" data-label="Criterion">The tumour is less than 4 cm across</th>'
        '<td data-label="Your answer">3 cm</td>'
        '<td data-label="Status"><span class="s-met">met</span></td>'
    ) in page
    assert "<li>If the person were fit enough for surgery: cryotherapy may be considered.</li>" in (
        page
    )
    assert "More from the documents: <code>cryo-check info kidney</code>" in page
    assert f"Written by cryo-check {__version__} from the shipped rules" in page
    assert RULES.digest in page
    assert f'<p class="notice">{text(DISCLAIMER)}</p>' in page
    assert "<script" not in page  # printable, readable, nothing to run


def test_a_check_page_says_what_is_missing_and_not_covered() -> None:
    page = check_html("-c", "kidney", "-s", "early")
    assert "Not enough information to say" in page
    assert "<li>How big is the tumour across? (<code>--size</code>)</li>" in page
    lung = check_html("-c", "lung")
    assert "<h1>Cryotherapy: lung</h1>" in lung
    assert "Not covered by the source documents" in lung
    assert "More from the documents: <code>cryo-check info</code>" in lung


def test_the_check_page_policy_allows_its_style_and_nothing_else() -> None:
    page = check_html(*KIDNEY_SMALL)
    (style,) = inline(page, "style")
    assert policy(page) == {
        "default-src": ["'none'"],
        "style-src": [sha256(style)],
        "script-src": ["'none'"],
        "img-src": ["data:"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    }
    assert "style=" not in page  # an inline style attribute would need 'unsafe-inline'


@pytest.mark.parametrize(
    ("args", "script"),
    [
        (("check", *KIDNEY_SMALL, "--no-input", "-f", "html"), None),
        (("info", "kidney", "-f", "html"), None),
        (("rules", "export", "--format", "html"), "explorer.js"),
        (("rules", "export", "--format", "worksheet-html"), None),
    ],
)
def test_a_page_serves_the_packaged_style_and_script_as_written_allowed_by_hash(
    args: tuple[str, ...], script: str | None
) -> None:
    """The style and script are package data files, served exactly as they are: the hash in
    the policy is of the very text the browser gets."""
    from importlib.resources import files

    templates = files("cryo_check.render").joinpath("templates")
    page = invoke(*args).stdout
    style = templates.joinpath("page.css").read_text(encoding="utf-8")
    assert inline(page, "style") == [style]
    assert policy(page)["style-src"] == [sha256(style)]
    if script is None:
        assert policy(page)["script-src"] == ["'none'"]
        assert "<script" not in page
    else:
        served = templates.joinpath(script).read_text(encoding="utf-8")
        assert inline(page, "script") == [served]
        assert policy(page)["script-src"] == [sha256(served)]


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("check", "-c", "kidney", "--format", "htm"),
            "cryo-check: error: --format: 'htm' is not a format "
            "(choose one of: text, json, markdown, html)",
        ),
        (
            ("rules", "export", "--format", "pdf"),
            "cryo-check: error: --format: 'pdf' is not a format "
            "(choose one of: markdown, mermaid, html, gift, worksheet, answer-key, "
            "worksheet-html, answer-key-html, json-schema)",
        ),
        (
            ("info", "--format", "pdf"),
            "cryo-check: error: --format: 'pdf' is not a format "
            "(choose one of: text, json, markdown, html)",
        ),
    ],
)
def test_a_bad_format_is_one_line_and_exit_2(args: tuple[str, ...], line: str) -> None:
    result = invoke(*args, "--no-input") if args[0] == "check" else invoke(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == line + "\n"


# --- the explorer ------------------------------------------------------------------------


def test_the_explorer_policy_allows_exactly_its_style_and_script() -> None:
    page = export_html()
    (style,) = inline(page, "style")
    (script,) = inline(page, "script")
    csp = policy(page)
    assert csp["default-src"] == ["'none'"]
    assert csp["style-src"] == [sha256(style)]
    assert csp["script-src"] == [sha256(script)]
    assert "'unsafe-inline'" not in str(csp)
    assert "style=" not in page
    assert not re.search(r"\son[a-z]+=", page)  # no inline event handlers
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from elsewhere


def test_the_explorer_data_is_the_document_it_was_built_from() -> None:
    page = export_html("kidney", "liver")
    chosen = [RULES.cancers["kidney"], RULES.cancers["liver"]]
    assert data_of(page) == json.loads(json.dumps(build_explorer(RULES, chosen)))


def test_every_combination_unknowns_included_is_the_engines_answer() -> None:
    data = build_explorer(RULES, list(RULES.cancers.values()))
    assert [t["id"] for t in data["types"]] == list(RULES.cancers)
    checked = 0
    for t in data["types"]:
        keys = [[c["key"] for c in q["cases"]] for q in t["questions"]]
        assert all(k[-1] == UNKNOWN_KEY for k in keys)
        assert set(t["results"]) == {combination_key(c) for c in product(*keys)}
        for combo in product(*(q["cases"] for q in t["questions"])):
            args = ["-c", t["id"]]
            for q, case in zip(t["questions"], combo, strict=True):
                if case["key"] != UNKNOWN_KEY:
                    args += [f"--{q['id'].replace('_', '-')}", _cli_answer(t["id"], q["id"], case)]
            expected = cli_json(*args)
            shown = t["results"][combination_key([c["key"] for c in combo])]
            assert shown["verdict"] == expected["verdict"]
            assert shown["verdict_text"] == expected["verdict_text"]
            assert [c["status"] for c in shown["criteria"]] == [
                c["status"] for c in expected["criteria"]
            ]
            assert shown["missing"] == expected["missing"]
            assert [(w["question"], w["answer"], w["verdict"]) for w in shown["what_if"]] == [
                (w["question"], w["answer"], w["verdict"]) for w in expected["what_if"]
            ]
            assert [t["reasons"][i]["reason"] for i in shown["reasons"]] == [
                r["reason"] for r in expected["reasons"]
            ]
            checked += 1
    assert checked == 66  # kidney 4*3*3, seven types 4 each, two precancers 1 each


def _cli_answer(cancer_id: str, question: str, case: CaseDoc) -> str:
    """The answer to type for a case: sizes as the size that stands for the band."""
    if question != "size":
        return case["label"]
    (value,) = [c.value for c in RULES.cancers[cancer_id].cases("size") if c.label == case["label"]]
    return f"{value}cm"


def cli_json(*args: str) -> dict[str, Any]:
    result = invoke("check", *args, "--format", "json", "--no-input")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_the_explorer_page_holds_tables_paths_scenarios_and_the_disclaimer() -> None:
    page = export_html()
    assert page.count('<section class="type"') == len(RULES.cancers)
    assert page.count('<li class="card"') == len(RULES.scenarios)
    assert (
        "<tr><td>early</td><td>under 4 cm</td><td>no</td>"
        '<td class="t-verdict v-commonly_considered">Cryotherapy is commonly considered</td></tr>'
    ) in page
    assert '<span class="node question">Tumour size?</span>' in page
    assert "<summary>Reveal the verdict and the teaching point</summary>" in page
    assert f'<p class="notice">{text(DISCLAIMER)}</p>' in page
    assert '<p class="notice" data-without-script>Choosing answers here needs JavaScript.' in page


def test_an_export_for_some_types_keeps_their_scenarios_only() -> None:
    data = data_of(export_html("liver"))
    assert [t["id"] for t in data["types"]] == ["liver"]
    assert [s["id"] for s in data["scenarios"]] == ["liver-early"]


# --- escaping ----------------------------------------------------------------------------


def test_script_json_can_not_close_its_element() -> None:
    dumped = script_json({"a": NASTY})
    assert "<" not in dumped
    assert ">" not in dumped
    assert "&" not in dumped
    assert "\u2028" not in dumped
    assert json.loads(dumped) == {"a": NASTY}


@pytest.fixture
def nasty_rules(tmp_path: Path) -> Path:
    """The shipped rules with a name, a label and a quote full of markup."""
    folder = tmp_path / "my-rules"
    shutil.copytree(RULES_DIR, folder)
    kidney = folder / "kidney.yaml"
    # U+2028 is refused in rule text by `rules validate` (it could hide text): the rest stays.
    nasty = NASTY.replace("\u2028", "")
    source = kidney.read_text(encoding="utf-8")
    source = source.replace("name: Kidney cancer", f"name: {json.dumps(nasty)}")
    source = source.replace(
        "label: The tumour is less than 4 cm across", f"label: {json.dumps('Under 4cm ' + nasty)}"
    )
    source = source.replace(
        "quote: So it's used for people who are not fit enough for surgery.",
        f"quote: {json.dumps('So it is *used* <b>' + nasty)}",
    )
    kidney.write_text(source, encoding="utf-8")
    return folder


def test_markup_in_a_rule_folder_is_shown_as_text(nasty_rules: Path) -> None:
    for page in (
        check_html(*KIDNEY_SMALL, rules=str(nasty_rules)),
        export_html("kidney", rules=str(nasty_rules)),
    ):
        assert "<script>alert" not in page
        assert "<b>" not in page
        assert text(NASTY.replace("\u2028", "")) in page
        assert "*cancer*" in page  # as written: not Markdown, not emphasis
        assert page.count("</script>") == page.count("<script")
        assert "my-rules" in page  # a custom folder says so
    data = data_of(export_html("kidney", rules=str(nasty_rules)))
    assert data["types"][0]["name"] == NASTY.replace("\u2028", "")
    assert data["types"][0]["criteria"][2]["quote"] == "So it is *used* <b>" + NASTY.replace(
        "\u2028", ""
    )


@pytest.mark.parametrize("ids", [(), ("kidney",), ("liver", "cervical-precancer")])
def test_the_class_page_opens_with_contents_and_links_within_itself_not_commands(
    ids: tuple[str, ...],
) -> None:
    page = export_html(*ids)
    targets = re.findall(r'href="#([^"]+)"', page)
    anchors = set(re.findall(r' id="([^"]+)"', page))
    assert targets
    assert sorted(set(targets) - anchors) == []  # every link lands on the page
    # The contents come before the first type's section.
    assert page.index('<nav aria-label="Contents">') < page.index('<section class="type"')
    # What a student would have had to run a command for is on the page.
    assert "cryo-check info" not in page
    for cancer in ids or ("kidney",):
        assert f'href="#about-{cancer}"' in page
        assert (
            f'<h3 id="about-{cancer}">How it is done, side effects and repeat treatment</h3>'
            in (page)
        )
