"""Plain-text prompts for the questions no option answered (screen-reader friendly: no menus).

Prompts go to stderr so that stdout holds only the result (``check --format json > out``
still prompts on a terminal). Only questions whose answer can still change the verdict are
asked, in the order the rules declare them: once the cancer has spread, size is not asked.
"""

from __future__ import annotations

from typing import TextIO

from cryo_check.core.case import resolve
from cryo_check.core.engine import evaluate_cancer
from cryo_check.core.names import LIST_HINT, STAGE_CONFLICT, STAGE_UNCLEAR, TYPO, NameQuestion
from cryo_check.core.questions import CANCER, CHOICE, Answers, Question, Value
from cryo_check.core.ruleset import Cancer, RuleSet
from cryo_check.errors import AnswerError, InputError


class Prompter:
    def __init__(self, rules: RuleSet, out: TextIO, inp: TextIO) -> None:
        self.rules = rules
        self.out = out
        self.inp = inp

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def read(self, prompt: str, question: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.say()
            option = self.rules.question(question).where()
            raise InputError(
                option,
                "no answer given (end of input)",
                f"answer it with {option}, or use --no-input to leave unanswered questions unknown",
            )
        return line.strip()

    def complete(self, answers: Answers, given: frozenset[str] = frozenset()) -> Answers:
        """``answers`` with every question that still matters asked.

        ``given`` are the questions already answered elsewhere (an option, an answer file),
        ``unknown`` included: those are never asked again. A cancer name that cannot be read
        without asking (it fits several types, a word is not understood, the stage it says is
        unclear) is asked about here, with the choices that fit.
        """
        if answers.cancer is None and CANCER not in given:
            answers = answers.with_answer(CANCER, self.ask_cancer())
        while answers.cancer is not None:
            try:
                case = resolve(self.rules, answers)
                reading, read = case.name, case.answers
                break
            except NameQuestion as question:
                answers = self.settle(question, answers)
            except AnswerError as exc:
                if CANCER in given:
                    raise  # two options disagree (--cancer and --stage): exit 2 naming both
                # The name typed here disagrees with an answer given (its stage): ask again.
                self.say()
                self.say(f"{exc.message}.")
                self.say(f"  {exc.fix}.")
                answers = answers.with_answer(CANCER, self.ask_cancer())
        else:
            return answers
        if reading is None or reading.cancer is None:
            return answers
        cancer = self.rules.cancer(reading.cancer)
        # A stage the name implies is not asked; it stays the name's (the result says so).
        asked = {q for q in cancer.questions if read.get(q) is not None} | set(given)
        while True:
            missing = evaluate_cancer(cancer, read, explain=False).missing
            pending = [q for q in missing if q not in asked]
            if not pending:
                return answers
            asked.add(pending[0])
            answer = self.ask(pending[0])
            answers = answers.with_answer(pending[0], answer)
            read = read.with_answer(pending[0], answer)

    def settle(self, question: NameQuestion, answers: Answers) -> Answers:
        """Ask about a cancer name cryo-check would not read without asking."""
        self.say()
        self.say(f"{question.message}.")
        if question.cancer is not None and question.kind in (STAGE_UNCLEAR, STAGE_CONFLICT):
            # The type is clear, its stage is not: keep the type, ask the stage on its own.
            cancer = self.rules.cancers[question.cancer]
            self.say(f"Reading it as {cancer.name}; the stage is asked on its own.")
            return answers.with_answer(CANCER, cancer.id)
        fits = [self.rules.cancers[c] for c in question.choices if c in self.rules.cancers]
        if not fits or question.kind == TYPO:  # else the types that fit are listed instead
            self.say(f"  {question.fix}".replace(LIST_HINT, "type ? to list them"))
        return answers.with_answer(CANCER, self.ask_cancer(fits or None))

    def ask_cancer(self, fits: list[Cancer] | None = None) -> str | None:
        """A cancer name typed, a number from the list (``fits``, else every covered type)."""
        question = self.rules.question(CANCER)
        covered = fits or list(self.rules.cancers.values())
        if fits:
            for number, cancer in enumerate(fits, start=1):
                self.say(f"  {number:>2}  {cancer.id:<20} {cancer.name}")
            numbers = "1" if len(fits) == 1 else f"1-{len(fits)}"
            prompt = f"Cancer type [{numbers}, a name, ? for all, Enter for unknown]: "
        else:
            self.say(
                f"{question.prompt} (e.g. kidney, liver, basal cell carcinoma; ? lists them all)"
            )
            prompt = "Cancer type [a name, ? for the list, Enter for unknown]: "
        while True:
            raw = self.read(prompt, CANCER)
            if raw in ("?", "list"):
                covered = list(self.rules.cancers.values())
                for number, cancer in enumerate(covered, start=1):
                    self.say(f"  {number:>2}  {cancer.id:<20} {cancer.name}")
                continue
            if not raw:
                return None
            if raw.isascii() and raw.isdigit():
                if 1 <= int(raw) <= len(covered):
                    return covered[int(raw) - 1].id
                self.say(f"  {raw} is not on the list (1-{len(covered)}). Please try again.")
                continue
            try:
                text = question.parse(raw)
            except AnswerError as exc:
                self.say(f"  {exc.message}: {exc.fix}. Please try again.")
                continue
            return None if text is None else str(text)

    def ask(self, question: str) -> Value | None:
        q = self.rules.question(question)
        self.say()
        self.say(q.prompt)
        # Numbered, "unknown" last: a choice can be typed by number or by name. A question
        # that reads numbers itself (a stage: "1" is stage 1, which the documents do not map)
        # lists its choices by letter, so a number typed is never a silent position.
        listed = [(c.value, c.label) for c in q.choices] + [("unknown", "not known")]
        marks = _marks(q, len(listed))

        def show_choices() -> None:
            for mark, (value, label) in zip(marks, listed, strict=True):
                self.say(f"  {mark}  {value:<17} {label}")

        if q.kind == CHOICE:
            show_choices()
            hint = f"{marks[0]}-{marks[-1]} or a name, Enter for unknown"
        else:
            hint = f"{q.help}; Enter for unknown"
        while True:
            raw = self.read(f"{q.label.capitalize()} [{hint}]: ", question)
            if not raw:
                return None
            if raw == "?":  # the answers it takes, as at the cancer prompt
                if q.kind == CHOICE:
                    show_choices()
                else:
                    self.say(f"  {q.help}, or unknown.")
                continue
            if q.kind == CHOICE and raw.strip().casefold() in marks:
                raw = listed[marks.index(raw.strip().casefold())][0]
            # ASCII digits only: str.isdigit() also accepts '²', which int() refuses.
            elif q.kind == CHOICE and not q.reads_numbers and raw.isascii() and raw.isdigit():
                self.say(f"  {raw} is not one of 1-{len(listed)}. Please try again.")
                continue
            try:
                return q.parse(raw)
            except AnswerError as exc:
                self.say(f"  {exc.message}: {exc.fix}. Please try again.")


def _marks(question: Question, count: int) -> list[str]:
    """How a prompt lists ``count`` choices: 1, 2, 3...; or, for a question that reads a number
    typed alone as an answer, a, b, c... (skipping letters it reads: "i" is stage i)."""
    if not question.reads_numbers:
        return [str(n) for n in range(1, count + 1)]
    letters = (ch for ch in "abcdefghijklmnopqrstuvwxyz" if not question.reads(ch))
    return [next(letters) for _ in range(count)]
