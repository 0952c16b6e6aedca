"""Read the run log the ADL conformance suite writes and say whether every check passed.

The suite's console runner exits with its failure count, which the shell truncates modulo 256,
so the verdict comes from the JSON run log instead: its ``summary`` (total, passed, failed), its
``state`` (``finished`` unless the run died or was cancelled) and the failed checks in ``log``.

    python3 bench/xapi_conformance_summary.py <suite>/logs/<uuid>.log
"""

import json
import sys
from collections.abc import Iterator, Mapping
from typing import Any


def failed_checks(node: Mapping[str, Any] | None, trail: tuple[str, ...] = ()) -> Iterator[str]:
    """The failed leaves of the suite's test tree, each with the titles of the suites above."""
    if not node:
        return
    here = (*trail, str(node.get("title") or node.get("name") or "?"))
    children = [child for child in node.get("tests") or [] if child]
    if not children and node.get("status") == "failed":
        error = " ".join(str(node.get("error") or "no message").split())
        yield " > ".join(here[1:] or here) + f": {error}"
    for child in children:
        yield from failed_checks(child, here)


def verdict(record: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """(lines to print, reasons the run is not a pass); no reasons means every check passed."""
    summary = record.get("summary") or {}
    total, passed, failed = summary.get("total"), summary.get("passed"), summary.get("failed")
    lines = [
        f"xAPI {summary.get('version')} conformance: {passed} passed, {failed} failed, "
        f"{total} total (state {record.get('state')}, {record.get('duration')} ms)"
    ]
    failures = list(failed_checks(record.get("log")))
    lines += [f"FAILED {failure}" for failure in failures]
    reasons = []
    if record.get("state") != "finished":
        reasons.append(f"the run did not finish (state {record.get('state')})")
    if not isinstance(total, int) or total <= 0:
        reasons.append("the run counted no checks")
    if failed or failures:
        reasons.append(f"{failed} checks failed")
    if isinstance(total, int) and passed != total:
        reasons.append(f"only {passed} of {total} checks passed")
    return lines, reasons


def main(path: str) -> int:
    with open(path, encoding="utf-8") as log:
        record = json.load(log)
    lines, reasons = verdict(record)
    print("\n".join(lines))
    if reasons:
        print("conformance: FAIL — " + "; ".join(reasons))
        return 1
    print("conformance: PASS")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} <conformance run log>")
    sys.exit(main(sys.argv[1]))
