"""Every `continuum …` command in the README, the runbook and the docs parses."""

from __future__ import annotations

from pathlib import Path

from deploy.doc_commands import checked_commands, commands_in, parse_problem, problems, programs


def test_every_documented_command_parses() -> None:
    assert problems() == []
    sources = {c.source for c in checked_commands()}
    assert {"README.md", "docs/runbook.md", "deploy/README.md"} <= sources
    assert len(checked_commands()) >= 20


def _problems_of(markdown: str) -> list[str]:
    clis = programs()
    names = set(clis)
    return [
        p
        for c in commands_in(markdown, "doc.md", names)
        if (p := parse_problem(c, clis)) is not None
    ]


def test_a_command_that_does_not_parse_fails(tmp_path: Path) -> None:
    doc = """
Run the relay by hand:

```sh
kubectl -n continuum exec deploy/catalog-api -- \\
  continuum outbox relay --database-url "$DATABASE_URL" --lock-name catalog-outbox-relay
continuum dlq replay                # the topic is missing
continuum-catalog migrat
```

and `continuum dlq list catalog.v1.dlq --limit many`.
"""
    found = _problems_of(doc)
    assert len(found) == 4, found
    assert "No such option '--lock-name'" in found[0]
    assert "Missing argument 'TOPIC'" in found[1]
    assert "no command 'migrat'" in found[2]
    assert "'many' is not a valid integer" in found[3]


def test_prose_and_elisions_are_checked_for_what_they_show() -> None:
    doc = """
`continuum dlq replay` sends letters back; `continuum outbox relay … --service catalog` runs a
relay; `kubectl -n continuum get pods` is not ours; `continuum-catalog import catalog.json
--url URL --token T` imports.
"""
    assert _problems_of(doc) == []
    assert _problems_of("`continuum outbox relay … --lock-name x`") != []


def test_commands_inside_sh_c_are_checked() -> None:
    doc = """```sh
kubectl -n continuum exec deploy/progress-worker -- sh -c \\
  'exec continuum dlq list catalog.v1.dlq --bootstrap "$PROGRESS_KAFKA_BOOTSTRAP_SERVERS" --limt 5'
```"""
    found = _problems_of(doc)
    assert len(found) == 1 and "No such option '--limt'" in found[0]
