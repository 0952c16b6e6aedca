"""`continuum-recognition`: migrations, the server, and demo data."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(help="The Continuum recognition service.", no_args_is_help=True)


@app.command("migrate")
def migrate(
    database_url: Annotated[
        str | None, typer.Option(help="Defaults to RECOGNITION_DATABASE_URL / settings")
    ] = None,
) -> None:
    """Bring the database to the latest schema (Alembic)."""
    from recognition.settings import RecognitionSettings
    from recognition.store.migrate import migrate as run_migrations

    run_migrations(database_url or RecognitionSettings().database_url)
    typer.echo("recognition database is up to date")


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Defaults to RECOGNITION_PORT (8003)")] = None,
) -> None:
    """Run the service with uvicorn."""
    import uvicorn

    from recognition.settings import RecognitionSettings

    uvicorn.run(
        "recognition.main:create_app",
        factory=True,
        host=host,
        port=port or RecognitionSettings().port,
        log_level="warning",
    )


@app.command("demo-load")
def demo_load(
    url: Annotated[str, typer.Option(help="The recognition service's base URL")],
    token: Annotated[str, typer.Option(help="An admin bearer token")],
) -> None:
    """Load demo badges, rules, rewards, preferences, kudos and a ceremony; idempotent."""
    from recognition.demo import run

    loaded = run(url, token)
    typer.echo(
        f"demo data: {loaded['badges']} badges and rules, {loaded['rewards']} rewards, "
        f"{loaded['kudos']} kudos, {loaded['ceremonies']} ceremony"
    )


def main() -> None:
    app()
