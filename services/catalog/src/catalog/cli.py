"""`continuum-catalog`: import, export, demo data, migrations and the server."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

app = typer.Typer(help="The Continuum catalog service.", no_args_is_help=True)
console = Console()

Url = Annotated[str, typer.Option(envvar="CATALOG_URL", help="Base URL of the catalog service")]
Token = Annotated[str, typer.Option(envvar="CATALOG_TOKEN", help="Bearer token of an admin")]
CHUNK = 256 * 1024
POLL_SECONDS = 0.5


def _client(url: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=url.rstrip("/"),
        headers={"Authorization": f"Bearer {token}"},
        timeout=httpx.Timeout(600, connect=10),
    )


@app.command("import")
def import_file(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    url: Url = "http://127.0.0.1:8001",
    token: Token = "",
    dry_run: Annotated[bool, typer.Option(help="Validate and report; write nothing")] = False,
) -> None:
    """Import a catalog file (.json document or .csv of items): all rows or none.

    The file is uploaded as an import job; its progress is shown until it is done."""
    size = file.stat().st_size
    content_type = "text/csv" if file.suffix.lower() == ".csv" else "application/json"
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )
    with progress, _client(url, token) as client:
        upload = progress.add_task(f"uploading {file.name} (bytes)", total=size)

        def chunks() -> Iterator[bytes]:
            with file.open("rb") as handle:
                while block := handle.read(CHUNK):
                    progress.advance(upload, len(block))
                    yield block

        submitted = client.post(
            "/imports",
            content=chunks(),
            params={"dry_run": str(dry_run).lower()},
            headers={"Content-Type": content_type, "Content-Length": str(size)},
        )
        _exit_on_error(submitted)
        job = _follow(client, submitted.headers["location"], progress)
        counts = (
            _section_counts(client, submitted.headers["location"])
            if job["status"] == "succeeded"
            else {}
        )
    if job["status"] != "succeeded":
        _print_rejected(job)
        raise typer.Exit(1)
    _print_section_counts(counts, "dry run: nothing written" if dry_run else "imported")


def _follow(client: httpx.Client, location: str, progress: Progress) -> dict[str, Any]:
    """Poll the job until it is done, its rows on a progress bar."""
    rows = progress.add_task("importing (rows)", total=None)
    while True:
        response = client.get(location)
        _exit_on_error(response)
        job: dict[str, Any] = response.json()
        if job["status"] not in ("queued", "running"):
            progress.update(rows, total=job["rows_total"] or 1, completed=job["rows_total"] or 1)
            return job
        progress.update(
            rows,
            total=job["rows_total"] or None,
            completed=job["rows_done"],
            description=f"importing (rows, {job['phase'] or job['status']})",
        )
        time.sleep(POLL_SECONDS)


def _section_counts(client: httpx.Client, location: str) -> dict[str, dict[str, int]]:
    """Outcomes by section, read from the job's per-row report page by page."""
    counts: dict[str, dict[str, int]] = {}
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 5000}
        if cursor:
            params["cursor"] = cursor
        response = client.get(f"{location}/rows", params=params)
        _exit_on_error(response)
        page = response.json()
        for row in page["rows"]:
            by_outcome = counts.setdefault(row["section"], {})
            by_outcome[row["outcome"]] = by_outcome.get(row["outcome"], 0) + 1
        cursor = page["next_cursor"]
        if cursor is None:
            return counts


def _print_rejected(job: dict[str, Any]) -> None:
    if job["message"] and not job["errors"]:
        console.print(f"[red]{job['status']}[/red]: {job['message']}", markup=True)
        return
    _print_errors(job["errors"], job["error_count"])


@app.command("export")
def export_file(
    output: Annotated[Path, typer.Argument(dir_okay=False, writable=True)],
    url: Url = "http://127.0.0.1:8001",
    token: Token = "",
) -> None:
    """Export the catalog; the format follows the file name (.csv: items only; else JSON)."""
    fmt = "csv" if output.suffix.lower() == ".csv" else "json"
    with _client(url, token) as client:
        response = client.get("/export", params={"format": fmt})
    _exit_on_error(response)
    output.write_bytes(response.content)
    console.print(f"wrote {output} ({len(response.content)} bytes)")


@app.command("demo-load")
def demo_load(url: Url = "http://127.0.0.1:8001", token: Token = "") -> None:
    """Load the demo catalog (ESCO ICT roles, ~60 items, paths) through the API."""
    from catalog.demo.loader import load_demo

    with _client(url, token) as client, console.status("loading the demo catalog"):
        try:
            result = load_demo(client)
        except RuntimeError as exc:
            console.print(f"[red]{exc}[/red]")
            raise typer.Exit(1) from exc
    _print_counts(result.import_report, "demo catalog")
    created = sum(1 for s in result.paths.values() if s == 201)
    console.print(
        f"paths: {created} created, {len(result.paths) - created} already there; "
        f"{result.roles_with_paths} roles with assigned paths"
    )
    if result.skipped:
        console.print(
            f"skipped {len(result.skipped)} retired entries (retired entries are read-only):"
        )
        for entry in result.skipped:
            console.print(f"  {entry}", markup=False)


@app.command("migrate")
def migrate(
    database_url: Annotated[
        str | None, typer.Option(help="Defaults to CATALOG_DATABASE_URL / settings")
    ] = None,
) -> None:
    """Bring the catalog database to the latest schema (Alembic)."""
    from catalog.settings import CatalogSettings
    from catalog.store.migrate import migrate as run_migrations

    url = database_url or CatalogSettings().database_url
    run_migrations(url)
    console.print("catalog database is up to date")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Defaults to CATALOG_PORT (8001)")] = None,
) -> None:
    """Run the catalog service with uvicorn."""
    import uvicorn

    from catalog.settings import CatalogSettings

    uvicorn.run(
        "catalog.main:create_app",
        factory=True,
        host=host,
        port=port or CatalogSettings().port,
        log_config=None,
    )


def _exit_on_error(response: httpx.Response) -> None:
    if response.status_code < 400:
        return
    try:
        body: Any = response.json()
    except json.JSONDecodeError:
        body = {"detail": response.text}
    report = body.get("report") if isinstance(body, dict) else None
    if report and report.get("errors"):
        _print_errors(report["errors"], len(report["errors"]))
    else:
        console.print(f"[red]{response.status_code}[/red] {json.dumps(body)[:2000]}")
    raise typer.Exit(1)


def _print_errors(errors: list[dict[str, Any]], count: int) -> None:
    table = Table("section", "row", "key", "field", "problem", title="Nothing was imported")
    for error in errors[:100]:
        loc = ".".join(str(p) for p in error["loc"])
        table.add_row(error["section"], str(error["row"]), error["key"] or "", loc, error["msg"])
    console.print(table)
    if count > 100:
        console.print(f"... and {count - 100} more problems")


def _print_counts(report: dict[str, Any], title: str) -> None:
    counts: dict[str, dict[str, int]] = {}
    for row in report["rows"]:
        by_outcome = counts.setdefault(row["section"], {})
        by_outcome[row["outcome"]] = by_outcome.get(row["outcome"], 0) + 1
    _print_section_counts(counts, title)


def _print_section_counts(counts: dict[str, dict[str, int]], title: str) -> None:
    outcomes = ("created", "updated", "unchanged")
    table = Table("section", *outcomes, title=title)
    for section in ("skills", "items", "paths", "roles"):
        if section in counts:
            table.add_row(section, *(str(counts[section].get(o, 0)) for o in outcomes))
    console.print(table)


def main() -> None:
    app(prog_name="continuum-catalog")


if __name__ == "__main__":
    main()
