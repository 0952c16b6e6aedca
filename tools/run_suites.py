"""Run the test suites side by side and report each one whole, with its time.

Each suite starts its own broker and creates its own PostgreSQL database, so suites are
independent; most of their time is spent waiting (group joins, consumers catching up), which
is why a few at once finish much sooner on a two-core machine than one after another.

    python tools/run_suites.py --jobs 3 -- contracts/tests libs/runtime/tests ...
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Outcome:
    suite: str
    returncode: int
    seconds: float
    output: str


def suite_arguments(suite: str) -> list[str]:
    """`tests/api_fuzz[gateway]` is the tests of that folder whose id names `gateway` (`-k`):
    one long folder split into suites that run side by side."""
    path, bracket, selection = suite.partition("[")
    if not bracket:
        return [suite]
    if not selection.endswith("]") or not selection[:-1]:
        raise SystemExit(f"a suite selects by name as path[name], not {suite!r}")
    return [path, "-k", selection[:-1]]


def run_suite(pytest: list[str], suite: str) -> Outcome:
    started = time.monotonic()
    with tempfile.TemporaryFile(mode="w+") as log:
        # Each suite its own pytest temporary root, so concurrent sessions never share one.
        base = Path(tempfile.mkdtemp(prefix="suite-"))
        completed = subprocess.run(
            [
                *pytest,
                *suite_arguments(suite),
                "-q",
                "-p",
                "no:cacheprovider",
                f"--basetemp={base}",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            check=False,
        )
        log.seek(0)
        return Outcome(suite, completed.returncode, time.monotonic() - started, log.read())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=3, help="suites at once")
    parser.add_argument("--pytest", default="uv run --frozen pytest", help="the pytest command")
    parser.add_argument("suites", nargs="+")
    args = parser.parse_args()
    pytest = args.pytest.split()
    started = time.monotonic()
    failed: list[str] = []
    times: dict[str, float] = {}
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        # The longest suites are listed first by the caller, so they start first.
        for outcome in pool.map(lambda suite: run_suite(pytest, suite), args.suites):
            print(f"== {outcome.suite} ({outcome.seconds:.0f} s)", flush=True)
            print(outcome.output, end="", flush=True)
            times[outcome.suite] = outcome.seconds
            if outcome.returncode != 0:
                failed.append(outcome.suite)
    print(f"== {len(args.suites)} suites in {time.monotonic() - started:.0f} s", flush=True)
    # Longest first, as the caller should list them (the Makefile's order is set from these).
    ranked = sorted(times.items(), key=lambda item: -item[1])
    print("== by time: " + ", ".join(f"{suite} {seconds:.0f} s" for suite, seconds in ranked))
    if failed:
        print(f"FAILED suites: {' '.join(failed)}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
