"""The baseline for ``batch``: read a CSV file and write each row as a JSON line to stdout.

Usage: ``python benchmarks/passthrough.py cases.csv > cases.jsonl``
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: passthrough.py FILE.csv\n")
        return 2
    write = sys.stdout.write
    with Path(argv[0]).open(encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            write(json.dumps(row, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
