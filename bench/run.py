"""Run every benchmark in bench/ one after another (each prints a markdown table)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHES = [
    ["runtime_bench.py", "--events", "20000"],
    ["fetch_wait_bench.py"],
    ["catalog_bench.py", "--items", "50000"],
    ["lrs_bench.py"],
    ["recognition_rules_bench.py", "--rules", "200", "--learners", "10000", "--facts", "100000"],
    ["mentorship_bench.py"],
    ["scaling_sim.py", "--statements", "20000"],
    ["pipeline_bench.py", "--statements", "20000", "--seconds", "60"],
    ["gateway_bench.py", "--seconds", "10", "--concurrency", "4"],
]


def main() -> int:
    here = Path(__file__).parent
    failed = 0
    for script, *args in BENCHES:
        if not (here / script).exists():
            continue
        print(f"\n## {script} {' '.join(args)}", flush=True)
        failed |= subprocess.call([sys.executable, str(here / script), *args])
    return failed


if __name__ == "__main__":
    sys.exit(main())
