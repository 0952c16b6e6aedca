"""`continuum-mentorship`: migrations, the server, and the demo data."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(help="The Continuum mentorship service.", no_args_is_help=True)

Url = Annotated[str, typer.Option(envvar="MENTORSHIP_URL", help="Base URL of the service")]
Token = Annotated[str, typer.Option(envvar="MENTORSHIP_TOKEN", help="Bearer token of an admin")]


@app.command("migrate")
def migrate(
    database_url: Annotated[
        str | None, typer.Option(help="Defaults to MENTORSHIP_DATABASE_URL / settings")
    ] = None,
) -> None:
    """Bring the database to the latest schema (Alembic)."""
    from mentorship.settings import MentorshipSettings
    from mentorship.store.migrate import migrate as run_migrations

    run_migrations(database_url or MentorshipSettings().database_url)
    typer.echo("mentorship database is up to date")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Defaults to MENTORSHIP_PORT (8004)")] = None,
) -> None:
    """Run the service with uvicorn."""
    import uvicorn

    from mentorship.settings import MentorshipSettings

    uvicorn.run(
        "mentorship.main:create_app",
        factory=True,
        host=host,
        port=port or MentorshipSettings().port,
        log_level="warning",
    )


@app.command("demo-load")
def demo_load(url: Url = "http://127.0.0.1:8004", token: Token = "") -> None:
    """Load the demo profiles, a matching run, accepted mentorships and a session each."""
    import httpx

    from mentorship.demo import load_demo

    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=60) as client:
        try:
            loaded = load_demo(client)
        except RuntimeError as error:
            typer.echo(f"demo-load failed: {error}", err=True)
            raise typer.Exit(1) from error
    run = loaded["run"]
    typer.echo(
        f"matching run {run['id']}: {run['matched']} matched, {run['unmatched_count']} "
        f"unmatched; {len(loaded['active'])} mentorships active with a logged session"
    )
    for unmatched in run["unmatched"]:
        reasons = "; ".join(b["detail"] for b in unmatched["blockers"])
        typer.echo(f"  {unmatched['mentee_id']} not matched: {reasons}")


def main() -> None:
    app()
