"""Every `continuum …` / `continuum-<service> …` command written in the docs parses.

Commands are taken from fenced blocks and inline code of Markdown files (and from YAML
comments and `command:` lists), then parsed by the real click/typer command tree without
running anything: an unknown subcommand or option, a missing argument or a value of the wrong
type is a problem. A command whose text elides something (`…`) or names only a command path
(prose such as "run `continuum dlq replay`") is checked for the parts it shows.
"""

from __future__ import annotations

import importlib
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path

import click
import typer

from deploy.spec import REPO

PROGRAM = re.compile(r"^continuum(-[a-z]+)?$")
ELLIPSIS = {"…", "...", "<…>"}
NAMESPACE_FLAGS = {"-n", "--namespace"}  # `kubectl -n continuum ...`: the namespace
SHELL_STOPS = {"|", "||", "&&", ";", ">", ">>", "<", "&", "(", ")", "2>", "2>&1"}
DOC_GLOBS = (
    "README.md",
    "docs/**/*.md",
    "deploy/**/*.md",
    "services/*/README.md",
    "gateway/README.md",
    "contracts/README.md",
)


@dataclass(frozen=True)
class DocCommand:
    source: str
    line: int
    words: tuple[str, ...]
    prose: bool = False  # inline code in a sentence: naming a command path alone is fine

    def __str__(self) -> str:
        return " ".join(self.words)


def programs() -> dict[str, click.Command]:
    """`continuum` and every installed `continuum-<service>` CLI, as click commands."""
    found: dict[str, click.Command] = {}
    for ep in entry_points(group="console_scripts"):
        if PROGRAM.match(ep.name):
            module = importlib.import_module(ep.module)
            app = getattr(module, "app", None)
            if isinstance(app, typer.Typer):
                found[ep.name] = typer.main.get_command(app)
    return found


def _logical_lines(text: str) -> Iterator[tuple[int, str, bool]]:
    """Code: lines of fenced blocks (continuations joined) and inline code spans of prose."""
    pending, start, fenced = "", 0, False
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            for span in re.findall(r"`([^`]+)`", raw):
                yield number, span, True
            continue
        if not pending:
            start = number
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        yield start, pending + raw, False
        pending = ""


def _words(line: str) -> list[str]:
    lexer = shlex.shlex(line, posix=True, punctuation_chars="|&;<>()")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    try:
        return list(lexer)
    except ValueError:  # unbalanced quotes: prose, not a command
        return []


def commands_in(text: str, source: str, names: set[str]) -> Iterator[DocCommand]:
    """Commands of the programs `names` (other continuum-* words are object names)."""
    for number, line, prose in _logical_lines(text):
        if "continuum" in line:
            yield from _commands(_words(line), source, number, prose, names)


def _commands(
    words: list[str], source: str, number: int, prose: bool, names: set[str]
) -> Iterator[DocCommand]:
    for index, word in enumerate(words):
        if " " in word and "continuum" in word:
            # `sh -c 'continuum dlq list ... --bootstrap "$X"'`: a command inside a word.
            yield from _commands(_words(word), source, number, prose, names)
            continue
        if word not in names or (index and words[index - 1] in NAMESPACE_FLAGS):
            continue
        rest: list[str] = []
        for following in words[index + 1 :]:
            if following in SHELL_STOPS:
                break
            rest.append(following)
        if rest:
            yield DocCommand(source, number, (word, *rest), prose)


def doc_files(root: Path = REPO) -> list[Path]:
    found: set[Path] = set()
    for pattern in DOC_GLOBS:
        found |= {p for p in root.glob(pattern) if ".venv" not in p.parts}
    return sorted(found)


def parse_problem(command: DocCommand, clis: dict[str, click.Command]) -> str | None:
    """None when the command parses; else why not."""
    program, *args = command.words
    cli = clis.get(program)
    if cli is None:
        return f"{program} is not an installed program"
    elided = any(a in ELLIPSIS for a in args)
    args = [a for a in args if a not in ELLIPSIS]
    path_only = True
    parent: click.Context | None = None
    name = program
    try:
        while True:
            if isinstance(cli, click.Group):
                if not args:
                    return None  # a group named in prose
                ctx = cli.make_context(name, list(args), parent=parent, resilient_parsing=True)
                remaining = [*ctx._protected_args, *ctx.args]
                if not remaining:
                    return None
                sub_name, sub, rest = cli.resolve_command(ctx, remaining)
                if sub is None or sub_name is None:
                    return f"{program}: no command {remaining[0]!r}"
                parent, cli, name, args = ctx, sub, sub_name, rest
                continue
            path_only = not args
            cli.make_context(name, list(args), parent=parent)
            return None
    except click.MissingParameter as error:
        if elided or (path_only and command.prose):
            return None
        return f"{command}: {error.format_message()}"
    except click.BadParameter as error:
        if isinstance(error.param.type if error.param else None, click.Path):
            return None  # an example file name: whether it exists here says nothing
        return f"{command}: {error.format_message()}"
    except click.UsageError as error:
        return f"{command}: {error.format_message()}"
    except click.exceptions.Exit:
        return None  # --help


def program_names() -> set[str]:
    """`continuum` and `continuum-<service>` for every declared service, present or not."""
    from deploy.spec import load_spec

    return {"continuum"} | {f"continuum-{s.name}" for s in load_spec().services}


def problems(root: Path = REPO) -> list[str]:
    clis = programs()
    names = program_names()
    found: list[str] = []
    for path in doc_files(root):
        source = str(path.relative_to(root))
        for command in commands_in(path.read_text(), source, names):
            problem = parse_problem(command, clis)
            if problem:
                found.append(f"{source}:{command.line}: {problem}")
    return found


def checked_commands(root: Path = REPO) -> list[DocCommand]:
    names = program_names()
    return [
        c
        for p in doc_files(root)
        for c in commands_in(p.read_text(), str(p.relative_to(root)), names)
    ]
