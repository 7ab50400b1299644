"""Plain-text prompts for the questions no option answered (screen-reader friendly: no menus).

Prompts go to stderr so that stdout holds only the result (``check --format json > out``
still prompts on a terminal). Only questions whose answer can still change the verdict are
asked, in the order the rules declare them: once the cancer has spread, size is not asked.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import TextIO

from cryo_check.core.case import Case, with_name
from cryo_check.core.engine import evaluate_cancer
from cryo_check.core.names import LIST_HINT, STAGE_CONFLICT, STAGE_UNCLEAR, TYPO, NameQuestion
from cryo_check.core.questions import CANCER, CHOICE, MEASURE, Answers, Question, Value
from cryo_check.core.ruleset import Cancer, RuleSet
from cryo_check.errors import AnswerError, InputError

#: A number with no unit at all ("35", "3.5").
_BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?|\.\d+")
#: Typed at any prompt: return to the previous question.
BACK = "back"
#: Replies to a yes/no question, wherever one is asked.
YES = frozenset({"y", "yes"})
NO = frozenset({"n", "no"})


class Back(Exception):  # noqa: N818 - a request, not a failure
    """``back`` was typed: the previous question is asked again."""


class Prompter:
    def __init__(self, rules: RuleSet, out: TextIO, inp: TextIO) -> None:
        self.rules = rules
        self.out = out
        self.inp = inp
        self.sources: dict[str, str] = {}
        self.unitless: frozenset[str] = frozenset()
        #: The yes that settled a "did you mean" about the name typed, to read it back.
        self.agreed: str | None = None
        #: What was typed for each question asked, to read it back (``you chose b``).
        self.typed: dict[str, str] = {}
        #: The type being asked about, once its name is read (its criteria quote the documents).
        self.cancer: Cancer | None = None

    def say(self, text: str = "") -> None:
        self.out.write(self.wrapped(text) + "\n")
        self.out.flush()

    def wrapped(self, text: str) -> str:
        """``text`` broken at word boundaries to the terminal's width (a terminal would break
        it mid-word: "sta / ge"); continuation lines hang under the text."""
        from cryo_check.environment import terminal_size

        width = terminal_size()[0]
        if len(text) < width:
            return text
        indent = " " * (len(text) - len(text.lstrip(" ")))
        return textwrap.fill(
            text,
            width - 1,
            initial_indent="",
            subsequent_indent=indent + "  ",
            break_long_words=False,
            break_on_hyphens=False,
            drop_whitespace=True,
        )

    def read(self, prompt: str, question: str | None) -> str:
        # A long prompt wraps at a word; its last line keeps the trailing space to type after.
        self.out.write(self.wrapped(prompt.rstrip(" ")) + " ")
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.say()
            if question is None:
                raise InputError(
                    "the read-back",
                    "no answer given (end of input)",
                    "give every answer as an option, or use --no-input",
                )
            option = self.rules.question(question).where()
            raise InputError(
                option,
                "no answer given (end of input)",
                f"answer it with {option}, or use --no-input to leave unanswered questions unknown",
            )
        if line.strip().casefold() == BACK:
            raise Back
        return line.strip()

    def complete(
        self,
        answers: Answers,
        sources: Mapping[str, str] | None = None,
        unitless: frozenset[str] = frozenset(),
    ) -> Answers:
        """``answers`` with every question that still matters asked, then read back.

        ``sources`` are where the questions already answered elsewhere were answered (an
        option, an answer file's line), ``unknown`` included: those are never asked again
        (``unitless``: those given as a number alone, which the read-back says). A
        cancer name that cannot be read without asking (it fits several types, a word is not
        understood, the stage it says is unclear) is asked about here, with the choices that
        fit. ``back`` at any prompt asks the previous question again. Once nothing is left to
        ask, what was understood is read back: Enter confirms it, a line's number changes it.
        """
        self.sources = dict(sources or {})
        self.unitless = unitless
        given = frozenset(self.sources)
        #: Each question asked, with the answers as they were before it was.
        history: list[tuple[str, Answers]] = []
        while True:
            try:
                question = self._next(answers, given, {q for q, _ in history})
                fresh = CANCER not in given
                if question is None:
                    if not history:
                        return answers
                    question = self.read_back(answers, given)
                    if question is None:
                        return answers
                    fresh = True  # a change: the question is asked whoever answered it
                before = answers
                answers = self._ask_step(question, answers, fresh or question != CANCER)
                history.append((question, before))
            except Back:
                if not history:
                    self.say("  This is the first question.")
                    continue
                _, answers = history.pop()

    def resolve(self, answers: Answers) -> Case:
        """The case these answers make so far; errors name where each answer came from."""
        return with_name(self.rules, answers, self.sources)

    def _next(self, answers: Answers, given: frozenset[str], asked: set[str]) -> str | None:
        """The next question to ask: the cancer first, then each that can still change the
        verdict, in the order the rules declare them; None when nothing is left."""
        if CANCER not in given and CANCER not in asked:
            return CANCER
        if answers.cancer is None:
            return None
        try:
            case = self.resolve(answers)
        except AnswerError:
            if CANCER in given and CANCER not in asked:
                try:
                    self.resolve(answers)
                except NameQuestion:
                    return CANCER  # a name given that must be asked about
                raise  # two options disagree (--cancer and --stage): exit 2 naming both
            return CANCER
        reading, read = case.name, case.answers
        if reading is None or reading.cancer is None:
            return None
        cancer = self.rules.cancer(reading.cancer)
        self.cancer = cancer
        # A stage the name implies is not asked; it stays the name's (the result says so).
        done = asked | set(given) | set(case.from_name)
        missing = evaluate_cancer(cancer, read, explain=False).missing
        return next((q for q in missing if q not in done), None)

    def _ask_step(self, question: str, answers: Answers, fresh: bool) -> Answers:
        """``answers`` with ``question`` asked; the cancer until its name can be read
        (``fresh``: ask for a name first; else a name given as an option is asked about)."""
        if question != CANCER:
            return answers.with_answer(question, self.ask(question))
        if fresh:
            answers = answers.with_answer(CANCER, self.ask_cancer())
        while answers.cancer is not None:
            try:
                self.resolve(answers)
                return answers
            except NameQuestion as asked:
                answers = self.settle(asked, answers)
            except AnswerError as exc:
                if not fresh:
                    raise  # two options disagree (--cancer and --stage): exit 2 naming both
                # The name typed here disagrees with an answer given (its stage): ask again.
                self.say()
                self.say(f"{exc.message}.")
                self.say(f"  {exc.fix}.")
                answers = answers.with_answer(CANCER, self.ask_cancer())
        return answers

    def read_back(self, answers: Answers, given: frozenset[str]) -> str | None:
        """Show what was understood; None when confirmed, else the question to change."""
        lines = self.understood(answers, given)
        self.say()
        self.say("This is what I understood:")
        for number, (_, text) in enumerate(lines, start=1):
            self.say(f"  {number}  {text}")
        numbers = "1" if len(lines) == 1 else f"1-{len(lines)}"
        prompt = f"Enter if this is right, or a line's number to change it [{numbers}, back]: "
        while True:
            raw = self.read(prompt, None)
            if not raw or raw.casefold() in YES:
                return None
            if raw.isascii() and raw.isdigit() and 1 <= int(raw) <= len(lines):
                return lines[int(raw) - 1][0]
            self.say(f"  {raw!r} is not a line number ({numbers}). Please try again.")

    def understood(self, answers: Answers, given: frozenset[str]) -> list[tuple[str, str]]:
        """Each answer the verdict will read, with how it was read."""
        try:
            case: Case | None = self.resolve(answers)
        except AnswerError:
            case = None
        read = case.answers if case else answers
        reading = case.name if case else None
        cancer = self.rules.cancers.get(reading.cancer) if reading and reading.cancer else None
        shown = [CANCER]
        if cancer is not None:
            shown += [q for q in cancer.questions if q in read or q in self.typed or q in given]
        lines = []
        for qid in shown:
            question = self.rules.question(qid)
            value = read.get(qid)
            label = question.label[0].upper() + question.label[1:]
            if qid == CANCER:
                answer = cancer.name if cancer else (answers.cancer or "not known")
                how = self._how_named(cancer, qid in given)
            elif value is None:
                answer, how = "not known", self._how(question, None, given)
            else:
                choice = question.choice(str(value))
                answer = choice.label if choice else question.show(value)
                if case is not None and qid in case.from_name:
                    how = ", read from the cancer name"
                else:
                    how = self._how(question, value, given)
            lines.append((qid, f"{label}: {answer}{how}"))
        return lines

    def _how_named(self, cancer: Cancer | None, given: bool) -> str:
        """How the cancer name was read: ``(you chose 3)``, ``, read from 'my dad's …'``."""
        typed = self.typed.get(CANCER)
        if typed is None:
            return self._how_given(self.rules.question(CANCER)) if given else ""
        if typed.isascii() and typed.isdigit():
            return f" (you chose {typed})"
        if self.agreed is not None:
            return f", read from '{typed}' ({self.agreed})"
        if cancer is not None and typed.casefold() not in (cancer.id, cancer.name.casefold()):
            return f", read from '{typed}'"
        return ""

    def _how(self, question: Question, value: Value | None, given: frozenset[str]) -> str:
        """How an answer was read: ``(you chose b)``, ``(from 35mm)``."""
        typed = self.typed.get(question.id)
        if typed is None:
            return self._how_given(question) if question.id in given else ""
        if question.kind == CHOICE:
            marks = _marks(question, len(question.choices) + 1)
            return f" (you chose {typed})" if typed.casefold() in marks else ""
        if value is None or typed.replace(" ", "") == question.show(value).replace(" ", ""):
            return ""
        if _BARE_NUMBER.fullmatch(typed) and len(question.units) <= 1:
            return ""  # one unit: a number alone is in it, as the prompt said
        if ", then " in typed:  # a unit asked for after a number alone
            return f" (you typed {typed})"
        return f" (from {typed})"

    def _how_given(self, question: Question) -> str:
        """How an answer given before the prompts was read: ``(given as an option)``,
        ``(from case.yaml:3)``; a number alone says the unit it was read in, here, where the
        person can still change it."""
        where = self.sources.get(question.id, "")
        said = "given as an option" if where.startswith("-") else f"from {where.rsplit(': ', 1)[0]}"
        if question.id in self.unitless:
            said += f": no unit was given, so it was read in {question.unit}"
        return f" ({said})"

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
        # The numbered list on the screen, if any: a number means an item of it, and nothing
        # when no list is shown.
        covered: list[Cancer] = list(fits or [])
        if fits:
            for number, cancer in enumerate(fits, start=1):
                self.say(f"  {number:>2}  {cancer.id:<20} {cancer.name}")
            numbers = "1 or y" if len(fits) == 1 else f"1-{len(fits)}"
            prompt = f"Cancer type [{numbers}, a name, ? for all, Enter for unknown]: "
        else:
            self.say(
                f"{question.prompt} (e.g. kidney, liver, basal cell carcinoma; ? lists them all)"
            )
            prompt = "Cancer type [a name, ? for the list, Enter for unknown]: "
        while True:
            raw = self.read(prompt, CANCER)
            if raw in ("?", "list"):
                # The list shown is the list the numbers mean, and the prompt says so.
                covered = list(self.rules.cancers.values())
                for number, cancer in enumerate(covered, start=1):
                    self.say(f"  {number:>2}  {cancer.id:<20} {cancer.name}")
                prompt = f"Cancer type [1-{len(covered)}, a name, Enter for unknown]: "
                continue
            if fits and len(covered) == 1 and raw.casefold() in YES | NO:
                # "Did you mean …?" with one type that fits: y takes it, n asks for the name.
                if raw.casefold() in YES:
                    # The name typed stays what is read back, with the yes that settled it.
                    self.agreed = f"you said {raw} to '{covered[0].id}'"
                    return covered[0].id
                self.say("  Type the name again, or ? for the list.")
                prompt = "Cancer type [a name, ? for the list, Enter for unknown]: "
                covered = []
                fits = None
                continue
            self.agreed = None
            if not raw:
                self.typed.pop(CANCER, None)
                return None
            self.typed[CANCER] = raw
            if raw.isascii() and raw.isdigit():
                if not covered:
                    self.say(f"  {raw} is not a name: type ? to see the numbered list.")
                elif 1 <= int(raw) <= len(covered):
                    return covered[int(raw) - 1].id
                else:
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
            hint = "? for help, Enter for unknown"
            self.say(f"  ({_measure_help(q)})")
        while True:
            raw = self.read(f"{q.label.capitalize()} [{hint}]: ", question)
            self.typed[question] = raw
            if not raw:
                return None
            if raw == "?":  # the question explained in the documents' words, then its answers
                self.explain(q)
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
            if q.kind == MEASURE and _BARE_NUMBER.fullmatch(raw) and len(q.units) > 1:
                # A number alone could be cm or mm: asked, never assumed, at a prompt.
                unit = self.ask_unit(q, raw)
                if unit is None:
                    continue
                self.typed[question] = f"{raw}, then {unit}"
                raw = f"{raw} {unit}"
            try:
                return q.parse(raw)
            except AnswerError as exc:
                free = len(raw.split()) >= 2 and "did you mean" not in (exc.fix or "")
                if q.kind == CHOICE and free and not q.reads(raw):
                    self.not_judged(q, raw)
                    continue
                self.say(f"  {exc.message}: {exc.fix}. Please try again.")

    def explain(self, q: Question) -> None:
        """``?``: what the documents say that bears on the question (their quotes, for the
        type asked about), and where the rules record that the documents define no term."""
        quotes = self.quotes_for(q)
        if quotes:
            self.say("  What the documents say:")
            for quote, source in quotes:
                self.say(f"    “{quote}” ({source})")
        for unclear in q.unclear:
            # The rules' own record of a gap ("the documents do not define "early stage" …").
            if "do not define" in unclear.why:
                self.say(f"  Note: {unclear.why}.")
                break

    def quotes_for(self, q: Question) -> list[tuple[str, str]]:
        """The distinct quotes of the asked type's criteria that read ``q``."""
        found: list[tuple[str, str]] = []
        for criterion in self.cancer.criteria if self.cancer else ():
            quote = (criterion.evidence.quote, criterion.evidence.source)
            if criterion.question == q.id and quote not in found:
                found.append(quote)
        return found

    def not_judged(self, q: Question, raw: str) -> None:
        """Free text cryo-check cannot judge ("he has a bad heart"): what it means for the
        question, and the answers the question takes."""
        self.say(
            f"  cryo-check does not judge what {raw!r} means for “{q.prompt}”: that is for "
            "the care team to say."
        )
        for quote, source in self.quotes_for(q):
            self.say(f"  The documents: “{quote}” ({source})")
        answers = ", ".join((*q.values, "unknown"))
        self.say(f"  Answer {answers} (Enter if not known), or ? for more.")

    def ask_unit(self, q: Question, number: str) -> str | None:
        """The unit of a number given alone; None to ask the question again."""
        names = [u.name for u in q.units]
        choices = _unit_names(q)
        while True:
            raw = self.read(f"  {number} what? No unit was given [{choices}]: ", q.id)
            if not raw:
                return None
            if raw.casefold() in names:
                return raw.casefold()
            self.say(f"  Please type {choices} (Enter to give the size again).")


def _marks(question: Question, count: int) -> list[str]:
    """How a prompt lists ``count`` choices: 1, 2, 3...; or, for a question that reads a number
    typed alone as an answer, a, b, c... (skipping letters it reads: "i" is stage i)."""
    if not question.reads_numbers:
        return [str(n) for n in range(1, count + 1)]
    letters = (ch for ch in "abcdefghijklmnopqrstuvwxyz" if not question.reads(ch))
    return [next(letters) for _ in range(count)]


def _unit_names(question: Question) -> str:
    """``cm, mm or in``."""
    names = [u.name for u in question.units]
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else "".join(names)


def _measure_help(question: Question) -> str:
    """A measure's help at the prompt: with several units, a number alone is asked about, so
    the declared help's "a bare number is …" is left out (its examples kept)."""
    if len(question.units) <= 1:
        return question.help
    examples = question.help.partition("e.g.")[2].strip()
    return f"a number with {_unit_names(question)}" + (f", e.g. {examples}" if examples else "")
