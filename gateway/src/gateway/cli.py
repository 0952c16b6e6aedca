"""`continuum-gateway`: serve the gateway, replay an HRIS export through its webhook."""

from __future__ import annotations

import csv
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import httpx
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from gateway.hris import CsvExport, MappingError
from gateway.hris.replay import Replayer, RowReport, batches

app = typer.Typer(help="The Continuum gateway.", no_args_is_help=True)
console = Console()


@app.command()
def serve(
    host: str = "0.0.0.0",
    port: Annotated[int, typer.Option(envvar="PORT")] = 8000,
) -> None:
    """Serve the gateway (settings from GATEWAY_* variables)."""
    import uvicorn

    uvicorn.run(
        "gateway.main:create_app",
        factory=True,
        host=host,
        port=port,
        proxy_headers=True,
        server_header=False,
    )


@app.command("hris-replay")
def hris_replay(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
    source_system: Annotated[str, typer.Option(help="The HRIS's name, e.g. workday")],
    url: Annotated[str, typer.Option(envvar="GATEWAY_URL")] = "http://127.0.0.1:8000",
    secret: Annotated[
        str, typer.Option(envvar="GATEWAY_HRIS_WEBHOOK_SECRET", help="The webhook's shared secret")
    ] = "",
    batch: Annotated[int, typer.Option(min=1, max=1000, help="Events per request")] = 200,
    report: Annotated[Path | None, typer.Option(help="Write the per-row report (CSV)")] = None,
) -> None:
    """Replay an HRIS export (CSV) as employee events, with a progress bar and a row report."""
    if not secret:
        raise typer.BadParameter("the webhook secret is required", param_hint="--secret")
    with file.open(newline="") as handle:
        total = max(0, sum(1 for _ in csv.reader(handle)) - 1)
    reports: list[RowReport] = []
    with file.open(newline="") as handle, httpx.Client(base_url=url, timeout=30) as client:
        try:
            export = CsvExport(handle, source_system=source_system, exported_at=datetime.now(UTC))
        except MappingError as exc:
            console.print(f"[red]{file}: {exc}[/red]")
            raise typer.Exit(2) from exc
        replayer = Replayer(client, secret.encode())
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task(f"replaying {file.name} (rows)", total=total)
            for rows in batches(export.rows(), batch):
                reports += replayer.send(rows)
                progress.advance(task, len(rows))
    _print(reports)
    if report is not None:
        with report.open("w", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["line", "employee_id", "outcome", "detail"])
            writer.writerows((r.line, r.employee_id or "", r.outcome, r.detail) for r in reports)
    if any(r.outcome in ("refused", "failed", "invalid") for r in reports):
        raise typer.Exit(1)


def _print(reports: list[RowReport]) -> None:
    counts = Counter(r.outcome for r in reports)
    console.print(", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "no rows")
    problems = [r for r in reports if r.outcome not in ("published", "duplicate")]
    if problems:
        table = Table("line", "employee", "outcome", "detail")
        for r in problems[:50]:
            table.add_row(str(r.line), r.employee_id or "", r.outcome, r.detail)
        console.print(table)


def main() -> None:
    app()
