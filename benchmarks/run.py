"""cryo-check's performance benchmark: every measurement beside its baseline, in one run.

    python benchmarks/run.py            # the full run (about two minutes)
    python benchmarks/run.py --quick    # a smoke run: few repetitions, 10,000/100,000 cases

Each pair of commands is timed interleaved (A, B, A, B, …) after warm-up runs, so that both
sides see the same machine state (a warm page cache, the same background load); the ratio is
of the medians. Every command is a fresh process with the same interpreter as this script.
The results are printed as a Markdown table and written to ``benchmarks/results.md``.
The exit status is 0 whatever the results: this measures, it does not gate.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pexpect

from cryo_check.__main__ import GC_THRESHOLD

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.md"
PY = sys.executable

Command = list[str]
Env = dict[str, str] | None

ANSWERS = ["--cancer", "kidney", "--stage", "early", "--size", "3cm", "--fit-for-surgery", "no"]
CHECK_ARGS = ["check", *ANSWERS, "--format", "json", "--no-input"]
CRYO: Command = [PY, "-m", "cryo_check"]
MINIMAL: Command = [PY, "benchmarks/minimal_app.py"]
PASSTHROUGH: Command = [PY, "benchmarks/passthrough.py"]
PROMPT = "Cancer type ["

# The case mix: lengths 17, 7 and 5 are coprime, so the cycle covers every combination.
CANCERS = (
    "kidney",
    "renal cell carcinoma",
    "Liver",
    "hcc",
    "prostate cancer",
    "basal cell carcinoma",
    "skin scc",
    "bone",
    "cervical cancer",
    "cancer of the cervix",
    "retinoblastoma",
    "precancerous skin conditions",
    "cervical precancer",
    "lung cancer",
    "breast",
    "unknown",
    "",
)
STAGES = ("early", "Early stage", "locally-advanced", "spread", "metastatic", "unknown", "")
FITNESS = ("yes", "no", "n", "unknown", "")
HEADER = ("id", "cancer", "stage", "size", "fit_for_surgery")


class BenchError(Exception):
    """A command under test failed: its measurement is reported as an error."""


@dataclass(frozen=True)
class Sample:
    """Repeated measurements of one quantity (seconds or kilobytes)."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def min(self) -> float:
        return min(self.values)


@dataclass(frozen=True)
class Row:
    what: str
    baseline: str
    unit: str  # "s" or "KB"
    ours: Sample | None = None
    base: Sample | None = None
    target: float | None = None
    error: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.ours is None or self.base is None or self.base.median == 0:
            return None
        return self.ours.median / self.base.median

    @property
    def result(self) -> str:
        if self.error is not None:
            return "error"
        if self.target is None:
            return "info"
        ratio = self.ratio
        return "pass" if ratio is not None and ratio <= self.target else "**MISS**"


# --- running commands ---------------------------------------------------------------------


def environment(scratch: Path) -> dict[str, str]:
    """The environment every command runs in: the shipped rules, no debug, a fixed width.

    Byte code is cached (under ``scratch``) for both sides alike, as it is for an installed
    package, even where ``PYTHONDONTWRITEBYTECODE`` is set: otherwise an editable install
    recompiles cryo-check's own modules on every run, and the baseline has none to compile.
    ``HOME`` is an empty folder under ``scratch``: cryo-check keeps nothing in a user's home,
    so every run is a first run on a fresh home.
    """
    env = dict(os.environ)
    for name in (
        "CRYO_CHECK_RULES",
        "CRYO_CHECK_DEBUG",
        "XDG_CACHE_HOME",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONPROFILEIMPORTTIME",
    ):
        env.pop(name, None)
    env["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
    home = scratch / "home"
    home.mkdir(exist_ok=True)
    env["HOME"] = str(home)
    env["COLUMNS"] = "80"
    return env


#: Set by main() to environment(its scratch folder).
ENV: dict[str, str] = {}
#: Set by main(): a copy of rules/ given with --rules, validated on every run.
CUSTOM_RULES: list[str] = []


def shown(cmd: Sequence[str]) -> str:
    """A command as a person would type it (``python`` for this interpreter, paths relative to
    the repository)."""
    return " ".join("python" if part == PY else relative(part) for part in cmd)


def relative(text: str) -> str:
    path = Path(text)
    if path.is_absolute() and path.is_relative_to(ROOT):
        return str(path.relative_to(ROOT))
    return text


def run(
    cmd: Sequence[str], *, stdout: int | None = subprocess.DEVNULL, extra_env: Env = None
) -> float:
    """Run ``cmd`` to completion; its wall-clock time in seconds. Fails on a non-zero exit."""
    env = {**ENV, **extra_env} if extra_env else ENV
    start = time.perf_counter()
    completed = subprocess.run(
        cmd,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        tail = completed.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise BenchError(f"`{shown(cmd)}` exited {completed.returncode}: {' '.join(tail)}")
    return elapsed


def time_to_output(cmd: Sequence[str], expected: str | None) -> float:
    """Seconds from spawning ``cmd`` on a pseudo-terminal until ``expected`` (else any
    output) appears."""
    start = time.perf_counter()
    child = pexpect.spawn(
        cmd[0], list(cmd[1:]), cwd=str(ROOT), env=ENV, dimensions=(24, 80), encoding="utf-8"
    )
    try:
        if expected is None:
            child.read_nonblocking(size=1, timeout=30)
        else:
            child.expect_exact(expected, timeout=30)
        elapsed = time.perf_counter() - start
        # Answer end-of-input (the prompt then exits), and let the process finish.
        child.sendeof()
        child.expect(pexpect.EOF, timeout=30)
    except (pexpect.EOF, pexpect.TIMEOUT) as exc:
        raise BenchError(f"`{shown(cmd)}` on a terminal: {type(exc).__name__}") from None
    finally:
        child.close(force=True)
    return elapsed


def interleaved(measures: Sequence[Callable[[], float]], runs: int, warmup: int) -> list[Sample]:
    """Each measure ``runs`` times, taken in turn (A, B, A, B, …) after ``warmup`` rounds."""
    for _ in range(warmup):
        for measure in measures:
            measure()
    values: list[list[float]] = [[] for _ in measures]
    for _ in range(runs):
        for taken, measure in zip(values, measures, strict=True):
            taken.append(measure())
    return [Sample(tuple(v)) for v in values]


def gnu_time() -> str | None:
    """``/usr/bin/time`` if it is GNU time (it reports the maximum resident set size)."""
    path = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"
    if not Path(path).is_file():
        return None
    probe = subprocess.run([path, "-v", "true"], capture_output=True, text=True, check=False)
    return path if "Maximum resident set size" in probe.stderr else None


TIME = gnu_time()
RUSAGE_WRAPPER = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdin=subprocess.DEVNULL,"
    " stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)\n"
)


def peak_rss_kb(cmd: Sequence[str]) -> float:
    """The peak resident set size of ``cmd`` in kilobytes, its output sent to /dev/null."""
    if TIME is not None:
        completed = subprocess.run(
            [TIME, "-v", *cmd],
            cwd=ROOT,
            env=ENV,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", completed.stderr)
        if completed.returncode != 0 or found is None:
            raise BenchError(f"`{shown(cmd)}` exited {completed.returncode}")
        return float(found[1])
    # A fresh process per measurement, so that RUSAGE_CHILDREN covers this command alone.
    completed = subprocess.run(
        [PY, "-c", RUSAGE_WRAPPER, *cmd],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        check=False,
    )
    reported = completed.stdout.split()
    if len(reported) != 2 or reported[1] != "0":
        raise BenchError(f"`{shown(cmd)}` failed: {completed.stderr.strip()[-200:]}")
    return float(reported[0])


# --- the cases ----------------------------------------------------------------------------


def case_row(i: int) -> tuple[str, str, str, str, str]:
    """Case ``i`` of the deterministic mix: names and aliases, stages, sizes in cm, mm and
    inches (or bare), fitness answers, with blanks and ``unknown`` for what is not known."""
    cm = 0.5 + (i * 37 % 120) / 10  # 0.5 to 12.4 cm
    if i % 11 == 0:
        size = ""
    elif i % 13 == 0:
        size = "unknown"
    else:
        size = (f"{cm:g}cm", f"{cm * 10:g}mm", f"{cm / 2.54:.1f}in", f"{cm:g}", f"{cm:g} cm")[i % 5]
    return (
        f"case-{i:07d}",
        CANCERS[i % len(CANCERS)],
        STAGES[i % len(STAGES)],
        size,
        FITNESS[i % len(FITNESS)],
    )


def write_cases(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(case_row(i) for i in range(1, count + 1))
    return path


def check_batch_output(cases: Path, count: int) -> None:
    """One JSON line per case and no bad row: else the timing would measure something else."""
    with tempfile.TemporaryFile() as out:
        run([*CRYO, "batch", str(cases), "--format", "jsonl"], stdout=out.fileno())
        out.seek(0)
        lines = sum(1 for _ in out)
    if lines != count:
        raise BenchError(f"batch wrote {lines} lines for {count} cases")


# --- the measurements ---------------------------------------------------------------------


def command_rows(runs: int, warmup: int) -> list[Row]:
    rows: list[Row] = []
    check = [*CRYO, *CHECK_ARGS]
    minimal = [*MINIMAL, *ANSWERS, "--format", "json", "--no-input"]
    script = Path(sys.prefix, "bin", "cryo-check")
    baseline = "minimal Typer app, same options, one JSON line"
    custom = [*check, *CUSTOM_RULES]
    # The minimal app with the collector tuned as cryo-check's __main__ tunes it: how much of
    # the margin the tuning is (context, not a target).
    tuned = [
        PY,
        "-c",
        # Compiled and run as `python FILE` runs it (a script's code is never cached).
        f"import gc; gc.set_threshold({GC_THRESHOLD}, 10, 10); path = {MINIMAL[1]!r}; "
        "exec(compile(open(path).read(), path, 'exec'), {'__name__': '__main__'})",
        *minimal[2:],
    ]
    # The default text output (rich) against the minimal app printing a rich table and panel.
    text_check = [*CRYO, "check", *ANSWERS, "--no-input"]
    text_minimal = [*MINIMAL, *ANSWERS, "--no-input"]
    measures = [lambda: run(check), lambda: run(minimal), lambda: run(custom)]
    extra = ["interpreter start-up alone (`python -c pass`)"]
    measures.append(lambda: run([PY, "-c", "pass"]))
    measures.append(lambda: run(tuned))
    if script.is_file():
        measures.append(lambda: run([PY, str(script), *CHECK_ARGS]))
        extra.append(
            f"the same `check` run as the console script (`python {relative(str(script))} …`)"
        )
    progress(f"timing `{shown(check)}` against `{shown(minimal)}` ({runs} runs each)")
    try:
        ours, base, own_folder, *others = interleaved(measures, runs, warmup)
    except BenchError as exc:
        rows.append(Row("`check` (4 answers, `--format json --no-input`)", "", "s", error=str(exc)))
    else:
        what = (
            "`check` with all four answers, `--format json --no-input` (cold process, fresh home)"
        )
        rows.append(Row(what, baseline, "s", ours, base, 1.10))
        what = "the same `check` with `--rules` a copy of `rules/` (validated on every run)"
        rows.append(Row(what, baseline, "s", own_folder, base, 1.5))
        start, tuned_base, *others = others
        rows.append(Row(extra[0], baseline, "s", start, base))
        what = "`check` with all four answers (as above)"
        rows.append(
            Row(
                what,
                f"the same minimal app, collector threshold {GC_THRESHOLD:,}",
                "s",
                ours,
                tuned_base,
            )
        )
        rows += [Row(w, baseline, "s", o, base) for w, o in zip(extra[1:], others, strict=True)]
    progress(f"timing `{shown(text_check)}` against `{shown(text_minimal)}` ({runs} runs each)")
    try:
        ours, base = interleaved([lambda: run(text_check), lambda: run(text_minimal)], runs, 2)
    except BenchError as exc:
        rows.append(Row("`check`, default text output", "", "s", error=str(exc)))
    else:
        what = "`check` with all four answers, default text output (`--no-input`)"
        rows.append(
            Row(
                what,
                "minimal Typer app, same options, a rich table and panel",
                "s",
                ours,
                base,
                1.10,
            )
        )
    progress(f"timing `{shown([*CRYO, '--help'])}` against `{shown([*MINIMAL, '--help'])}`")
    try:
        ours, base = interleaved(
            [lambda: run([*CRYO, "--help"]), lambda: run([*MINIMAL, "--help"])], runs, warmup
        )
    except BenchError as exc:
        rows.append(Row("`--help`", "", "s", error=str(exc)))
    else:
        rows.append(Row("`--help`", "minimal Typer app `--help`", "s", ours, base, 1.10))
    progress("timing the first prompt of an interactive `check` on a pseudo-terminal")
    try:
        ours, base = interleaved(
            [
                lambda: time_to_output([*CRYO, "check"], PROMPT),
                lambda: time_to_output([*MINIMAL, "--help"], None),
            ],
            runs,
            warmup,
        )
    except BenchError as exc:
        rows.append(Row("time to the first prompt", "", "s", error=str(exc)))
    else:
        rows.append(
            Row(
                f"interactive `check`: spawn until `{PROMPT}` appears (pty)",
                "minimal Typer app `--help`: spawn until its first output (pty)",
                "s",
                ours,
                base,
            )
        )
    return rows


def batch_rows(small: Path, small_n: int, large: Path, large_n: int, runs: int) -> list[Row]:
    rows: list[Row] = []
    ours_cmd = [*CRYO, "batch", str(small), "--format", "jsonl"]
    base_cmd = [*PASSTHROUGH, str(small)]
    progress(f"timing `batch` on {small_n:,} cases against the pass-through ({runs} runs each)")
    try:
        check_batch_output(small, small_n)
        ours, base = interleaved([lambda: run(ours_cmd), lambda: run(base_cmd)], runs, 1)
    except BenchError as exc:
        rows.append(Row(f"`batch` {small_n:,} cases", "", "s", error=str(exc)))
    else:
        rows.append(
            Row(
                f"`batch` {small_n:,} CSV cases to JSON Lines (output to /dev/null)",
                "pass-through: csv.DictReader, json.dumps per row",
                "s",
                ours,
                base,
                1.5,
            )
        )
    # Peak memory barely varies between runs: the large file (the slow one) is measured once.
    mem_runs = max(1, min(3, runs))
    progress(f"peak memory of `batch` on {small_n:,} ({mem_runs} runs) and {large_n:,} cases")
    try:
        ours_small, base_small = interleaved(
            [
                lambda: peak_rss_kb([*CRYO, "batch", str(small), "--format", "jsonl"]),
                lambda: peak_rss_kb([*PASSTHROUGH, str(small)]),
            ],
            mem_runs,
            0,
        )
        ours_large, base_large = interleaved(
            [
                lambda: peak_rss_kb([*CRYO, "batch", str(large), "--format", "jsonl"]),
                lambda: peak_rss_kb([*PASSTHROUGH, str(large)]),
            ],
            1,
            0,
        )
    except BenchError as exc:
        rows.append(Row("`batch` peak memory", "", "KB", error=str(exc)))
    else:
        rows += [
            Row(
                f"`batch` peak memory (max RSS), {large_n:,} cases",
                f"`batch` peak memory, {small_n:,} cases",
                "KB",
                ours_large,
                ours_small,
                1.2,
            ),
            Row(
                f"`batch` peak memory, {small_n:,} cases",
                f"pass-through peak memory, {small_n:,} cases",
                "KB",
                ours_small,
                base_small,
            ),
            Row(
                f"pass-through peak memory, {large_n:,} cases",
                f"pass-through peak memory, {small_n:,} cases",
                "KB",
                base_large,
                base_small,
            ),
        ]
    return rows


# --- reporting ----------------------------------------------------------------------------


def progress(text: str) -> None:
    sys.stderr.write(f"... {text}\n")
    sys.stderr.flush()


def amount(sample: Sample | None, unit: str) -> str:
    if sample is None:
        return "—"
    if unit == "s":
        return f"{sample.median * 1000:.1f} ms (min {sample.min * 1000:.1f})"
    return f"{sample.median / 1024:.1f} MB (min {sample.min / 1024:.1f})"


def table(rows: Sequence[Row]) -> str:
    lines = [
        "| What | cryo-check median (min) | Baseline | Baseline median (min) | Ratio | Target "
        "| Result |",
        "|---|---:|---|---:|---:|---:|---|",
    ]
    for row in rows:
        if row.error is not None:
            lines.append(f"| {row.what} | — | — | — | — | — | error: {row.error} |")
            continue
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}x"
        target = "—" if row.target is None else f"≤ {row.target:.2f}x"
        lines.append(
            f"| {row.what} | {amount(row.ours, row.unit)} | {row.baseline} "
            f"| {amount(row.base, row.unit)} | {ratio} | {target} | {row.result} |"
        )
    return "\n".join(lines)


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def facts(args: argparse.Namespace, runs: int, cases: tuple[int, int]) -> list[str]:
    libyaml = subprocess.run(
        [PY, "-c", "import yaml; print(yaml.__with_libyaml__)"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = model[1] if model else cpu
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return [
        f"- date: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- command: `python benchmarks/run.py{' --quick' if args.quick else ''}"
        f"{f' --runs {args.runs}' if args.runs is not None else ''}` "
        f"({runs} interleaved runs per command after 2 warm-up rounds, "
        f"{args.batch_runs or (2 if args.quick else 5)} per batch command after 1; "
        f"{cases[0]:,} and {cases[1]:,} cases)",
        f"- cryo-check {version('cryo-check')} at {commit or 'unknown commit'}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.platform()}",
        f"- CPUs: {os.cpu_count()} ({cpu}); load average at start: "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg()),
        f"- typer {version('typer')}, rich {version('rich')}, pydantic {version('pydantic')} "
        f"(pydantic-core {version('pydantic-core')}), PyYAML {version('PyYAML')}, "
        f"LibYAML: {'yes' if libyaml == 'True' else 'no'}",
        "- peak memory: "
        + (
            "`/usr/bin/time -v` (maximum resident set size)"
            if TIME
            else "getrusage(RUSAGE_CHILDREN)"
        ),
        "- launch: `python -m cryo_check …` against `python benchmarks/minimal_app.py …`, "
        "both on this interpreter; output to /dev/null (pty for the prompt row); byte code "
        "cached for both (a scratch `PYTHONPYCACHEPREFIX`, `PYTHONDONTWRITEBYTECODE` unset); "
        "`HOME` an empty scratch folder (cryo-check keeps nothing there)",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, help="runs per command (default 20; --quick: 5)")
    parser.add_argument("--batch-runs", type=int, help="runs per batch command (default 5)")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: few runs, 10,000/100,000 cases"
    )
    args = parser.parse_args(argv)
    runs = args.runs or (5 if args.quick else 20)
    batch_runs = args.batch_runs or (2 if args.quick else 5)
    small_n, large_n = (10_000, 100_000) if args.quick else (100_000, 1_000_000)
    started = time.perf_counter()
    about = facts(args, runs, (small_n, large_n))
    with tempfile.TemporaryDirectory(prefix="cryo-check-bench-") as tmp:
        ENV.update(environment(Path(tmp)))
        shutil.copytree(ROOT / "rules", Path(tmp, "my-rules"))
        CUSTOM_RULES[:] = ["--rules", str(Path(tmp, "my-rules"))]
        progress(f"writing {small_n:,} and {large_n:,} cases to {tmp}")
        small = write_cases(Path(tmp, f"cases-{small_n}.csv"), small_n)
        large = write_cases(Path(tmp, f"cases-{large_n}.csv"), large_n)
        # Warm the page cache for both files before anything is timed.
        for path in (small, large):
            path.read_bytes()
        rows = command_rows(runs, warmup=2)
        rows += batch_rows(small, small_n, large, large_n, batch_runs)
    results = table(rows)
    missed = [r for r in rows if r.result in ("**MISS**", "error")]
    verdict = (
        "Missed: " + "; ".join(f"{r.what} ({r.result.strip('*').lower()})" for r in missed)
        if missed
        else "Every target met."
    )
    document = "\n".join(
        [
            "# cryo-check benchmark results",
            "",
            results,
            "",
            verdict,
            "",
            "Ratios are cryo-check's median over the baseline's; rows without a target are "
            "context (info).",
            "",
            "## Machine",
            "",
            *about,
            f"- total benchmark time: {time.perf_counter() - started:.0f} s",
            "",
        ]
    )
    RESULTS.write_text(document, encoding="utf-8")
    print(results)
    print()
    print(verdict)
    print(f"\n(written to {RESULTS.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
