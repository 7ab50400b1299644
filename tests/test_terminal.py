"""Real-terminal tests of ``cryo-check check``: what a person sees and types on a terminal.

Each test runs ``python -m cryo_check check ...`` on a pseudo-terminal (pexpect), with the
shipped rules, answers the prompts as a person would and checks the words printed and the
exit status. Stdout and stderr share the terminal, so the transcript holds both (and the
terminal's echo of what was typed, which never contains a prompt's text).
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pexpect
import pytest

pytestmark = pytest.mark.slow

TIMEOUT = 15

# The question headings and the prompt lines exactly as the program writes them.
CANCER_QUESTION = "Which type of cancer?"
STAGE_QUESTION = "What stage is the cancer?"
SIZE_QUESTION = "How big is the tumour across?"
FIT_QUESTION = "Is the person fit enough for surgery?"
CANCER_PROMPT = "Cancer type [a name, ? for the list, Enter for unknown]: "
STAGE_PROMPT = "Stage [a-d or a name, Enter for unknown]: "
SIZE_PROMPT = "Tumour size [? for help, Enter for unknown]: "
ALL_TYPES_PROMPT = "Cancer type [1-10, a name, Enter for unknown]: "
#: The read-back of what was understood, before any verdict of a prompted session.
READ_BACK = "This is what I understood:"
FIT_PROMPT = "Fit enough for surgery [1-3 or a name, Enter for unknown]: "
READ_BACK_PROMPT = "Enter if this is right, or a line's number to change it ["
#: Every prompt line ends with this; no other output contains it.
ANY_PROMPT = "Enter for unknown]: "

COMMONLY = "Verdict: Cryotherapy is commonly considered"
MAY = "Verdict: Cryotherapy may be considered"
NOT_TYPICALLY = "Verdict: Cryotherapy is not typically considered"
INSUFFICIENT = "Verdict: Not enough information to say"
DISCLAIMER = "not medical advice."

KIDNEY = ("--cancer", "kidney")


def environment() -> dict[str, str]:
    """The parent's environment, fixed for a plain 100-column terminal and the shipped rules."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CRYO_CHECK_RULES", "CRYO_CHECK_DEBUG", "FORCE_COLOR", "LINES")
    }
    env.update({"NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "100"})
    return env


@dataclass
class Terminal:
    """One run of the program on a pseudo-terminal, recording everything it printed."""

    child: Any  # pexpect.spawn (pexpect ships no type information)
    log: io.StringIO

    def expect(self, text: str) -> None:
        """Wait until ``text`` is printed (it is consumed: a later wait needs a new copy).

        A read-back met on the way is confirmed with Enter (tests of the read-back itself
        wait for its prompt); ``finish`` checks a verdict is never shown without one."""
        while self.child.expect_exact([text, READ_BACK_PROMPT]) == 1:
            if text == READ_BACK_PROMPT:
                return
            self.child.sendline("")

    def answer(self, prompt: str, text: str) -> None:
        """Wait for ``prompt``, then type ``text`` and Enter."""
        self.expect(prompt)
        self.child.sendline(text)

    def finish(self) -> int:
        """Wait for the program to end; its exit status (it must exit, not die of a signal).

        After any prompt was answered, no verdict is shown before the answers were read back.
        """
        while self.child.expect([pexpect.EOF, re.escape(READ_BACK_PROMPT)]) == 1:
            self.child.sendline("")
        prompted = (
            ANY_PROMPT in self.transcript or "for all, Enter for unknown]: " in self.transcript
        )
        if prompted and "Verdict:" in self.transcript:
            assert self.transcript.index(READ_BACK) < self.transcript.index("Verdict:")
        self.child.wait()
        self.child.close()
        status: int | None = self.child.exitstatus
        signal: int | None = self.child.signalstatus
        assert status is not None, f"killed by signal {signal}:\n{self.transcript}"
        return status

    @property
    def transcript(self) -> str:
        return self.log.getvalue().replace("\r\n", "\n")

    @property
    def conversation(self) -> str:
        """The transcript before the result (whose Answers section repeats the questions)."""
        found = re.search(r"^Cryotherapy: .*\nVerdict: ", self.transcript, re.MULTILINE)
        return self.transcript[: found.start()] if found else self.transcript


class Spawn(Protocol):
    def __call__(self, *args: str, stdout_to: Path | None = None) -> Terminal: ...


@pytest.fixture
def check(tmp_path: Path) -> Iterator[Spawn]:
    """Starts ``cryo-check check ARGS`` on a terminal; every child is closed at the end."""
    children: list[Any] = []

    def spawn(*args: str, stdout_to: Path | None = None) -> Terminal:
        command = [sys.executable, "-m", "cryo_check", "check", *args]
        if stdout_to is None:
            program, argv = command[0], command[1:]
        else:
            # Only stdout leaves the terminal: stdin and stderr (the prompts) stay on it.
            line = f"exec {shlex.join(command)} > {shlex.quote(str(stdout_to))}"
            program, argv = "/bin/sh", ["-c", line]
        log = io.StringIO()
        child = pexpect.spawn(
            program,
            argv,
            cwd=str(tmp_path),
            env=environment(),
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(50, 100),
        )
        children.append(child)
        child.logfile_read = log
        return Terminal(child, log)

    yield spawn
    for child in children:
        if not child.closed:
            child.close(force=True)


def assert_no_traceback(transcript: str) -> None:
    assert "Traceback" not in transcript
    assert "internal error" not in transcript


def test_full_interactive_kidney_flow(check: Spawn) -> None:
    """With no options every question is asked; numbers, names in any case and units work."""
    term = check()
    term.expect(CANCER_QUESTION)
    term.answer(CANCER_PROMPT, "kidney")
    term.expect(STAGE_QUESTION)
    for line in (
        "a  early",
        "b  locally-advanced",
        "c  spread",
        "d  unknown",
    ):
        term.expect(line)
    term.answer(STAGE_PROMPT, "a")
    term.expect(SIZE_QUESTION)
    term.answer(SIZE_PROMPT, "3cm")
    term.expect(FIT_QUESTION)
    term.expect("1  yes")
    term.expect("2  no")
    term.expect("3  unknown")
    term.answer(FIT_PROMPT, "NO")
    term.expect("Cryotherapy: Kidney cancer")
    term.expect(COMMONLY)
    term.expect(DISCLAIMER)

    assert term.finish() == 0
    transcript = term.conversation
    # Each question was asked once: every answer was taken the first time.
    for question in (CANCER_QUESTION, STAGE_QUESTION, SIZE_QUESTION, FIT_QUESTION):
        assert transcript.count(question) == 1, question
    assert "Please try again" not in transcript
    assert_no_traceback(term.transcript)


@pytest.mark.parametrize(
    ("options", "prompt", "wrong", "explanation", "right"),
    [
        pytest.param(
            (*KIDNEY, "--size", "3cm", "--fit-for-surgery", "no"),
            STAGE_PROMPT,
            "erly",
            "'erly' is not a valid answer: did you mean 'early'? "
            "choose one of: early, locally-advanced, spread, unknown. Please try again.",
            "early",
            id="stage",
        ),
        pytest.param(
            (*KIDNEY, "--stage", "early", "--fit-for-surgery", "no"),
            SIZE_PROMPT,
            "3,5cm",
            "'3,5cm' is not a tumour size: use a decimal point, e.g. 3.5. Please try again.",
            "3.5cm",
            id="size",
        ),
        pytest.param(
            (*KIDNEY, "--stage", "early", "--size", "3cm"),
            FIT_PROMPT,
            "nope",
            # Two letters from 'no': not a typo of it, so no guess at what it means.
            "'nope' is not a valid answer: choose one of: yes, no, unknown. Please try again.",
            "no",
            id="fitness",
        ),
    ],
)
def test_wrong_answer_is_explained_and_asked_again(
    check: Spawn,
    options: Sequence[str],
    prompt: str,
    wrong: str,
    explanation: str,
    right: str,
) -> None:
    term = check(*options)
    term.answer(prompt, wrong)
    term.expect("Please try again.")  # the explanation, broken at words to the width
    assert explanation in " ".join(term.transcript.split())
    term.answer(prompt, right)  # the same prompt again, after the explanation
    term.expect(COMMONLY)  # only reachable with the corrected answer

    assert term.finish() == 0
    transcript = term.transcript
    assert transcript.count(prompt) == 2
    assert transcript.count("Please try again") == 1
    assert_no_traceback(transcript)


@pytest.mark.parametrize(
    ("typo", "suggestion", "right", "heading"),
    [
        ("kidny", "did you mean 'kidney'?", "kidney", "Cryotherapy: Kidney cancer"),
        ("prostrate", "did you mean 'prostate'?", "prostate", "Cryotherapy: Prostate cancer"),
    ],
)
def test_near_miss_cancer_name_is_suggested_and_asked_again(
    check: Spawn, typo: str, suggestion: str, right: str, heading: str
) -> None:
    # --stage spread decides both types, so the cancer is the only question left.
    term = check("--stage", "spread")
    term.answer(CANCER_PROMPT, typo)
    term.expect(f"{typo!r} is not a name cryo-check knows.")
    term.expect(suggestion)
    term.expect(f"1  {right}")
    term.answer("Cancer type [1 or y, a name, ? for all, Enter for unknown]: ", right)
    term.expect(heading)
    term.expect(NOT_TYPICALLY)

    assert term.finish() == 0
    transcript = term.conversation
    assert transcript.count(CANCER_PROMPT) == 1
    assert STAGE_PROMPT not in transcript
    assert_no_traceback(transcript)


@pytest.mark.parametrize(
    ("options", "dialogue", "verdict", "not_asked"),
    [
        pytest.param(
            KIDNEY,
            [(STAGE_PROMPT, "spread")],
            NOT_TYPICALLY,
            [SIZE_QUESTION, SIZE_PROMPT, FIT_QUESTION, FIT_PROMPT],
            id="kidney-spread-asks-nothing-more",
        ),
        pytest.param(
            KIDNEY,
            [(STAGE_PROMPT, "b")],
            NOT_TYPICALLY,
            [SIZE_QUESTION, SIZE_PROMPT, FIT_QUESTION, FIT_PROMPT],
            id="kidney-locally-advanced-asks-nothing-more",
        ),
        pytest.param(
            KIDNEY,
            [(STAGE_PROMPT, "early"), (SIZE_PROMPT, "5cm")],
            NOT_TYPICALLY,
            [FIT_QUESTION, FIT_PROMPT],
            id="kidney-too-big-skips-fitness",
        ),
        pytest.param(
            ("--cancer", "cervical-precancer"),
            [],
            MAY,
            [CANCER_QUESTION, STAGE_QUESTION, SIZE_QUESTION, FIT_QUESTION, ANY_PROMPT],
            id="precancer-asks-no-stage",
        ),
    ],
)
def test_only_questions_that_matter_are_asked(
    check: Spawn,
    options: Sequence[str],
    dialogue: Sequence[tuple[str, str]],
    verdict: str,
    not_asked: Sequence[str],
) -> None:
    term = check(*options)
    for prompt, text in dialogue:
        term.answer(prompt, text)
    term.expect(verdict)
    term.expect(DISCLAIMER)

    assert term.finish() == 0
    transcript = term.conversation
    for prompt, _ in dialogue:
        assert transcript.count(prompt) == 1, prompt
    for text in not_asked:
        assert text not in transcript, text
    assert_no_traceback(transcript)


@pytest.mark.parametrize(
    ("options", "question", "prompt", "answer", "verdict"),
    [
        pytest.param(
            (*KIDNEY, "--stage", "early", "--size", "3cm"),
            FIT_QUESTION,
            FIT_PROMPT,
            "no",
            COMMONLY,
            id="fitness-only",
        ),
        pytest.param(
            (*KIDNEY, "--stage", "early", "--fit-for-surgery", "yes"),
            SIZE_QUESTION,
            SIZE_PROMPT,
            "39mm",
            MAY,
            id="size-only",
        ),
        pytest.param(
            (*KIDNEY, "--size", "1.5in", "--fit-for-surgery", "no"),
            STAGE_QUESTION,
            STAGE_PROMPT,
            "Early",
            COMMONLY,
            id="stage-only",
        ),
    ],
)
def test_questions_answered_by_options_are_not_asked(
    check: Spawn,
    options: Sequence[str],
    question: str,
    prompt: str,
    answer: str,
    verdict: str,
) -> None:
    term = check(*options)
    term.expect(question)
    term.answer(prompt, answer)
    term.expect(verdict)

    assert term.finish() == 0
    transcript = term.conversation
    asked = [
        q for q in (CANCER_QUESTION, STAGE_QUESTION, SIZE_QUESTION, FIT_QUESTION) if q in transcript
    ]
    assert asked == [question]
    assert transcript.count(ANY_PROMPT) == 1
    assert_no_traceback(transcript)


# A prompt for each question, reached by answering the ones before it with options.
PROMPTS = [
    pytest.param((), CANCER_PROMPT, "--cancer", id="cancer"),
    pytest.param(KIDNEY, STAGE_PROMPT, "--stage", id="stage"),
    pytest.param((*KIDNEY, "--stage", "early"), SIZE_PROMPT, "--size", id="size"),
    pytest.param(
        (*KIDNEY, "--stage", "early", "--size", "3cm"),
        FIT_PROMPT,
        "--fit-for-surgery",
        id="fitness",
    ),
]


@pytest.mark.parametrize(("options", "prompt", "option"), PROMPTS)
def test_ctrl_c_at_a_prompt_exits_130_without_traceback(
    check: Spawn, options: Sequence[str], prompt: str, option: str
) -> None:
    term = check(*options)
    term.expect(prompt)
    term.child.sendintr()
    term.expect("cryo-check: interrupted")

    assert term.finish() == 130
    transcript = term.transcript
    assert "Verdict:" not in transcript
    assert f"error: {option}" not in transcript  # an interruption, not a missing answer
    assert_no_traceback(transcript)


@pytest.mark.parametrize(("options", "prompt", "option"), PROMPTS)
def test_ctrl_d_at_a_prompt_names_the_option_and_no_input(
    check: Spawn, options: Sequence[str], prompt: str, option: str
) -> None:
    term = check(*options)
    term.expect(prompt)
    term.child.sendeof()
    term.expect(
        f"cryo-check: error: {option}: no answer given (end of input) "
        f"(answer it with {option}, or use --no-input to leave unanswered questions unknown)"
    )

    assert term.finish() == 2
    transcript = term.transcript
    assert "Verdict:" not in transcript
    assert_no_traceback(transcript)


@pytest.mark.parametrize(
    ("options", "missing"),
    [
        pytest.param(
            KIDNEY,
            [
                f"• {STAGE_QUESTION} (--stage)",
                f"• {SIZE_QUESTION} (--size)",
                f"• {FIT_QUESTION} (--fit-for-surgery)",
            ],
            id="kidney",
        ),
        pytest.param((), [f"• {CANCER_QUESTION} (--cancer)"], id="nothing"),
    ],
)
def test_no_input_on_a_terminal_never_prompts(
    check: Spawn, options: Sequence[str], missing: Sequence[str]
) -> None:
    term = check(*options, "--no-input", "--details")
    term.expect(INSUFFICIENT)
    term.expect("Missing answers")
    term.expect(DISCLAIMER)

    assert term.finish() == 0
    transcript = term.transcript
    for line in missing:
        # Named once, in the report's list of missing answers, never as a prompt.
        assert transcript.count(line) == 1, line
    assert ANY_PROMPT not in transcript
    for prompt in (CANCER_PROMPT, STAGE_PROMPT, SIZE_PROMPT, FIT_PROMPT):
        assert prompt not in transcript
    assert_no_traceback(transcript)


def kidney_dialogue(term: Terminal) -> None:
    term.expect(STAGE_QUESTION)
    term.answer(STAGE_PROMPT, "a")
    term.answer(SIZE_PROMPT, "30mm")
    term.answer(FIT_PROMPT, "no")


def test_json_format_still_prompts_on_a_terminal(check: Spawn) -> None:
    term = check(*KIDNEY, "--format", "json")
    kidney_dialogue(term)
    term.expect('"verdict": "commonly_considered"')
    term.expect('"disclaimer": ')

    assert term.finish() == 0
    transcript = term.transcript
    assert '"stage": "early"' in transcript
    assert '"size": "3 cm"' in transcript
    assert "Verdict:" not in transcript  # the JSON document, not the text report
    assert_no_traceback(transcript)


def test_json_prompts_go_to_stderr_and_stdout_holds_only_the_document(
    check: Spawn, tmp_path: Path
) -> None:
    out = tmp_path / "out.json"
    term = check(*KIDNEY, "--format", "json", stdout_to=out)
    kidney_dialogue(term)

    assert term.finish() == 0
    transcript = term.transcript
    assert '"verdict"' not in transcript  # the document went to the file, not the terminal
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["verdict"] == "commonly_considered"
    assert document["answers"] == {
        "cancer": "kidney",
        "stage": "early",
        "size": "3 cm",
        "fit_for_surgery": "no",
    }
    assert_no_traceback(transcript)


# --- regressions: bugs this file found ---------------------------------------------------


def test_unknown_at_the_cancer_prompt_is_no_answer_not_a_cancer_called_none(check: Spawn) -> None:
    term = check()
    term.answer(CANCER_PROMPT, "unknown")
    assert term.finish() == 0
    assert INSUFFICIENT in term.transcript
    assert "None" not in term.transcript
    assert "Not covered" not in term.transcript


def test_a_digit_that_is_not_ascii_is_explained_not_a_crash(check: Spawn) -> None:
    term = check(*KIDNEY, "--size", "3cm", "--fit-for-surgery", "no")
    term.answer(STAGE_PROMPT, "²")  # a 2, as NFKC reads it: stage 2, which is not mapped
    term.expect("'²' is unclear")
    term.expect("Please try again.")
    term.answer(STAGE_PROMPT, "a")
    assert term.finish() == 0
    assert COMMONLY in term.transcript
    assert_no_traceback(term.transcript)


@pytest.mark.parametrize(
    "options",
    [
        ("--stage", "unknown", "--size", "3cm", "--fit-for-surgery", "no"),
        ("--stage", "early", "--size", "unknown", "--fit-for-surgery", "no"),
        ("--stage", "early", "--size", "3cm", "--fit-for-surgery", "unknown"),
    ],
)
def test_an_option_answered_unknown_is_not_asked_again(
    check: Spawn, options: tuple[str, ...]
) -> None:
    term = check(*KIDNEY, *options)
    assert term.finish() == 0
    assert ANY_PROMPT not in term.transcript
    assert INSUFFICIENT in term.transcript


def test_an_answer_file_saying_unknown_is_not_asked_again(check: Spawn, tmp_path: Path) -> None:
    (tmp_path / "case.yaml").write_text(
        "cancer: kidney\nstage: unknown\nsize: 3cm\n", encoding="utf-8"
    )
    term = check("--answers", "case.yaml")
    term.answer(FIT_PROMPT, "no")
    assert term.finish() == 0
    assert STAGE_PROMPT not in term.transcript
    assert INSUFFICIENT in term.transcript


def test_batch_shows_progress_on_a_terminal_and_clears_it(tmp_path: Path) -> None:
    """A long batch counts its cases on the terminal (stderr) while the results go to a file."""
    cases = tmp_path / "many.csv"
    cases.write_text(
        "id,cancer,stage,size,fit_for_surgery\n"
        + "".join(f"{i},kidney,early,{1 + i % 50 / 10}cm,no\n" for i in range(30_000)),
        encoding="utf-8",
    )
    results = tmp_path / "results.jsonl"
    command = [sys.executable, "-m", "cryo_check", "batch", str(cases), "--format", "jsonl"]
    line = f"exec {shlex.join(command)} > {shlex.quote(str(results))}"
    # A real terminal type: on TERM=dumb rich (rightly) draws no live display.
    env = {**environment(), "TERM": "xterm"}
    child = pexpect.spawn("/bin/sh", ["-c", line], env=env, encoding="utf-8", timeout=TIMEOUT)
    try:
        child.expect_exact("cases checked")
        child.expect_exact("cryo-check: 30,000 cases: 18,000 commonly considered, ")
        child.expect_exact(DISCLAIMER)
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert len(results.read_text(encoding="utf-8").splitlines()) == 30_000


def test_a_bad_row_on_a_terminal_is_told_on_its_own_line_above_the_count(
    tmp_path: Path,
) -> None:
    cases = tmp_path / "many.csv"
    rows = [f"{i},kidney,early,3cm,no\n" for i in range(30_000)]
    rows[1] = "1,kidny,early,3cm,no\n"  # line 3
    cases.write_text("id,cancer,stage,size,fit_for_surgery\n" + "".join(rows), encoding="utf-8")
    command = [sys.executable, "-m", "cryo_check", "batch", str(cases), "--format", "jsonl"]
    line = f"exec {shlex.join(command)} > {shlex.quote(str(tmp_path / 'out.jsonl'))}"
    env = {**environment(), "TERM": "xterm"}
    child = pexpect.spawn("/bin/sh", ["-c", line], env=env, encoding="utf-8", timeout=TIMEOUT)
    try:
        child.expect(pexpect.EOF)
        told = child.before
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "cases checked" in told  # the live count was shown
    assert f"cryo-check: {cases}:3: cancer: 'kidny' is not a name" in told
    assert "checkedcryo-check" not in told
    assert (
        "cryo-check: 29,999 cases: 29,999 commonly considered; 1 row not read (each is in the "
        "output with its error)"
    ) in told


def test_a_name_typed_that_disagrees_with_the_stage_given_is_asked_again(check: Spawn) -> None:
    term = check("--stage", "early", "--size", "3cm", "--fit-for-surgery", "no")
    term.answer(CANCER_PROMPT, "metastatic kidney cancer")
    term.expect("the stage is given as 'early', but the cancer name 'metastatic kidney cancer' ")
    term.answer(CANCER_PROMPT, "kidney")
    assert term.finish() == 0
    assert "Verdict: Cryotherapy is commonly considered" in term.transcript


def test_a_question_mark_at_any_prompt_shows_the_answers_it_takes(check: Spawn) -> None:
    term = check("-c", "kidney", "--fit-for-surgery", "no")
    term.answer(STAGE_PROMPT, "?")
    term.expect("b  locally-advanced")
    term.answer(STAGE_PROMPT, "early")
    term.answer(SIZE_PROMPT, "?")
    term.expect("e.g. 3.5cm or 35mm, or unknown.")  # the help, not the prompt
    term.answer(SIZE_PROMPT, "3cm")
    assert term.finish() == 0
    assert COMMONLY in term.transcript
    assert "is not a valid answer" not in term.transcript


def test_a_number_at_the_cancer_prompt_picks_from_the_list(check: Spawn) -> None:
    term = check("--stage", "spread")
    term.answer(CANCER_PROMPT, "?")
    term.expect(" 4  kidney")
    # The prompt now names the numbers of the list on the screen.
    term.answer(ALL_TYPES_PROMPT, "99")
    term.expect("99 is not on the list (1-10). Please try again.")
    term.answer(ALL_TYPES_PROMPT, "4")
    assert term.finish() == 0
    assert "Cryotherapy: Kidney cancer" in term.transcript
    assert NOT_TYPICALLY in term.transcript


def test_a_name_that_fits_several_types_is_asked_about_with_the_types_numbered(
    check: Spawn,
) -> None:
    """`scc` is skin or cervical squamous cell carcinoma: asked, never guessed."""
    term = check("--cancer", "scc")
    term.expect("'scc' fits more than one covered type")
    term.expect("1  cervical")
    term.expect("2  skin-scc")
    term.answer("Cancer type [1-2, a name, ? for all, Enter for unknown]: ", "2")
    term.expect(STAGE_QUESTION)
    term.answer(STAGE_PROMPT, "early")
    term.expect("Cryotherapy: Squamous cell carcinoma (skin cancer)")
    term.expect(MAY)
    term.expect(DISCLAIMER)
    assert term.finish() == 0
    assert_no_traceback(term.transcript)


def test_a_stage_word_the_documents_do_not_define_keeps_the_type_and_asks_the_stage(
    check: Spawn,
) -> None:
    term = check("--cancer", "stage 2 kidney cancer", "--size", "3cm", "--fit-for-surgery", "no")
    term.expect("the documents give no numbered stages")
    term.expect("Reading it as Kidney cancer; the stage is asked on its own.")
    term.answer(STAGE_PROMPT, "early")
    term.expect(COMMONLY)
    assert term.finish() == 0


def test_a_stage_in_the_name_is_not_asked_again(check: Spawn) -> None:
    term = check("--cancer", "metastatic kidney cancer")
    term.expect("Verdict: Cryotherapy is not typically considered")
    term.expect("The stage, spread, was read from the name.")
    assert term.finish() == 0
    assert STAGE_QUESTION not in term.conversation


@pytest.mark.parametrize("typed", ["1", "3", "4", "IV"])
def test_a_stage_number_at_the_stage_prompt_is_never_a_list_position(
    check: Spawn, typed: str
) -> None:
    """The stage choices are lettered: "3" is stage 3, refused with why, never "spread"."""
    term = check(*KIDNEY, "--size", "3cm", "--fit-for-surgery", "no")
    term.answer(STAGE_PROMPT, typed)
    term.expect("the documents give no numbered stages")
    term.expect("Please try again.")
    term.answer(STAGE_PROMPT, "c")
    assert term.finish() == 0
    assert NOT_TYPICALLY in term.transcript
    assert_no_traceback(term.transcript)


def test_a_kidney_tumour_is_asked_whether_it_is_a_cancer(check: Spawn) -> None:
    term = check("--cancer", "kidney tumour", "--size", "3cm", "--fit-for-surgery", "no")
    term.expect("does not say whether it is a cancer")
    term.expect("1  kidney")
    term.answer("Cancer type [1 or y, a name, ? for all, Enter for unknown]: ", "1")
    term.answer(STAGE_PROMPT, "a")
    assert term.finish() == 0
    assert COMMONLY in term.transcript
