"""`continuum-progress`: migrate, serve, issue xAPI credentials, load demo data."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console

from progress.settings import ProgressSettings

app = typer.Typer(help="The Continuum progress service (LRS).", no_args_is_help=True)
credentials_app = typer.Typer(help="HTTP Basic credentials for xAPI clients.", no_args_is_help=True)
app.add_typer(credentials_app, name="credentials")
console = Console()

DatabaseUrl = Annotated[
    str | None, typer.Option(help="Database URL (default: PROGRESS_DATABASE_URL or settings)")
]


def _settings(database_url: str | None) -> ProgressSettings:
    settings = ProgressSettings()
    if database_url:
        settings = settings.model_copy(update={"database_url": database_url})
    return settings


@app.command()
def migrate(database_url: DatabaseUrl = None) -> None:
    """Bring the database schema up to date (Alembic)."""
    from progress.store.migrate import migrate as run_migrations

    settings = _settings(database_url)
    run_migrations(settings.database_url)
    console.print(f"migrated {settings.database_url.split('@')[-1]}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind")] = "127.0.0.1",
    port: Annotated[int | None, typer.Option(help="Port (default: PROGRESS_PORT)")] = None,
    workers: Annotated[int, typer.Option(help="uvicorn worker processes")] = 1,
) -> None:
    """Run the service under uvicorn (settings from PROGRESS_* environment variables)."""
    import uvicorn

    settings = ProgressSettings()
    uvicorn.run(
        "progress.main:create_app",
        factory=True,
        host=host,
        port=port or settings.port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=False,
    )


@credentials_app.command("create")
def credentials_create(
    name: Annotated[str, typer.Option(help="Who the credentials are for (a tool, a course)")],
    scope: Annotated[
        list[str],
        typer.Option(help="xAPI scope, repeatable: all, all/read, statements/write, ..."),
    ],
    content: Annotated[
        list[str],
        typer.Option(
            help="Activity id prefix the provider is registered for, repeatable; its statements "
            "must be about these Activities. '*' registers it for any content."
        ),
    ],
    database_url: DatabaseUrl = None,
) -> None:
    """Issue a key and secret; the secret is shown once and stored only as a keyed hash."""
    from progress.lrs.domain.access import SCOPES

    unknown = sorted(set(scope) - SCOPES)
    if unknown:
        raise typer.BadParameter(f"unknown scopes {unknown}; choose from {sorted(SCOPES)}")
    if any(not prefix or prefix.split() != [prefix] for prefix in content):
        raise typer.BadParameter("each --content is an Activity id prefix without spaces, or *")
    settings = _settings(database_url)
    key, secret = asyncio.run(_create(settings, name, scope, content))
    console.print(f"key:    {key}\nsecret: {secret}")


async def _create(
    settings: ProgressSettings, name: str, scopes: list[str], content: list[str]
) -> tuple[str, str]:
    from continuum_runtime.db import create_engine, session_factory
    from continuum_runtime.unit_of_work import UnitOfWork
    from progress.lrs.service_layer.credentials import issue_credential
    from progress.store.base import messaging

    engine = create_engine(settings.database_url)
    try:
        uow = UnitOfWork(
            session_factory(engine),
            outbox=messaging.outbox,
            source=f"/continuum/{settings.service_name}",
        )
        return await issue_credential(
            uow=uow,
            name=name,
            scopes=scopes,
            content=content,
            pepper=settings.xapi_credential_pepper,
        )
    finally:
        await engine.dispose()


@app.command("demo-load")
def demo_load(
    url: Annotated[
        str, typer.Option(help="Base URL of the progress service")
    ] = "http://127.0.0.1:8002",
    token: Annotated[str, typer.Option(envvar="PROGRESS_TOKEN", help="Admin bearer token")] = "",
    catalog_url: Annotated[
        str, typer.Option(help="Base URL of the catalog")
    ] = "http://127.0.0.1:8001",
    bootstrap: Annotated[
        str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka bootstrap servers")
    ] = "127.0.0.1:9092",
) -> None:
    """Load demo employees (HRIS events) and learning (xAPI statements); idempotent."""
    from progress.demo import run

    loaded = run(url, token, catalog_url, bootstrap)
    console.print(
        f"demo data: {loaded['employees']} employees hired, {loaded['statements']} statements"
    )


def main() -> None:
    app()
