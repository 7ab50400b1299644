"""The ``cryo-check`` command and ``python -m cryo_check``: the collector tuned, then the CLI.

As it starts, a run allocates some 50,000 objects that live until it ends (Typer, pydantic,
the rule set) and almost no garbage. At Python's default threshold the cyclic collector
walks them over and over (about 70 passes before a ``check`` prints), which costs a start-up
more than all of cryo-check's own imports. A pass every ``GC_THRESHOLD`` allocations spares a
short run every pass and still collects in a long one (a batch of a million rows stays in
bounded memory: benchmarks/). This is set here, before anything is imported, and only for
the program: importing ``cryo_check`` as a library changes no collector setting.
"""

import gc

#: Allocations between passes of the collector's youngest generation (Python's default: 700).
GC_THRESHOLD = 100_000


def main() -> None:
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, older, oldest)
    from cryo_check.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
