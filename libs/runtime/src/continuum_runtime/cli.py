"""`continuum`: the operator CLI (topics, dead letters, outbox, consumer lag, tokens, broker,
local stack)."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

app = typer.Typer(help="Operate a Continuum installation.", no_args_is_help=True)
topics_app = typer.Typer(help="Kafka topics from the contract catalogue.", no_args_is_help=True)
dlq_app = typer.Typer(help="Dead letters: list and replay.", no_args_is_help=True)
outbox_app = typer.Typer(help="A service's transactional outbox.", no_args_is_help=True)
token_app = typer.Typer(help="Development tokens from the local issuer.", no_args_is_help=True)
offsets_app = typer.Typer(help="A consumer group's committed offsets.", no_args_is_help=True)
consumers_app = typer.Typer(help="Consumer groups: lag and freshness.", no_args_is_help=True)
app.add_typer(topics_app, name="topics")
app.add_typer(offsets_app, name="offsets")
app.add_typer(consumers_app, name="consumers")
app.add_typer(dlq_app, name="dlq")
app.add_typer(outbox_app, name="outbox")
app.add_typer(token_app, name="token")
console = Console()

Bootstrap = Annotated[
    str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka bootstrap servers")
]
DatabaseUrl = Annotated[str, typer.Option(help="The service's database URL (SQLAlchemy async)")]


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


@topics_app.command("create")
def topics_create(
    bootstrap: Bootstrap = "127.0.0.1:9092",
    partitions: Annotated[int | None, typer.Option(help="Override partitions")] = None,
    replication_factor: Annotated[int, typer.Option(help="Replicas per partition")] = 1,
) -> None:
    """Create every catalogue topic and its dead-letter topic (idempotent)."""
    from continuum_contracts import ALL_TOPICS
    from continuum_runtime.kafka import ensure_topics

    with _progress() as progress:
        task = progress.add_task("creating topics", total=len(ALL_TOPICS))
        created: list[str] = []
        for topic in ALL_TOPICS:
            created += asyncio.run(
                ensure_topics(
                    bootstrap,
                    (topic,),
                    partitions=partitions,
                    replication_factor=replication_factor,
                )
            )
            progress.advance(task)
    console.print(f"created {len(created)} topics: {', '.join(created) or '(all existed)'}")


@topics_app.command("list")
def topics_list(bootstrap: Bootstrap = "127.0.0.1:9092") -> None:
    """List the broker's topics."""
    from continuum_runtime.kafka import list_topics

    for name in asyncio.run(list_topics(bootstrap)):
        console.print(name)


@dlq_app.command("list")
def dlq_list(
    topic: Annotated[str, typer.Argument(help="The dead-letter topic, e.g. catalog.v1.dlq")],
    bootstrap: Bootstrap = "127.0.0.1:9092",
    limit: int = 100,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Show dead letters with the error that parked them."""
    from continuum_runtime.deadletters import list_dead_letters

    letters = asyncio.run(list_dead_letters(bootstrap, topic, limit))
    if as_json:
        rows = [
            {
                "partition": d.partition,
                "offset": d.offset,
                "event_id": d.event_id,
                "event_type": d.event_type,
                "error": d.error,
                "original_topic": d.original_topic,
                "original_partition": d.original_partition,
                "original_offset": d.original_offset,
                "consumer_group": d.consumer_group,
                "failed_at": d.failed_at,
            }
            for d in letters
        ]
        typer.echo(json.dumps(rows, indent=2))
        return
    table = RichTable("partition", "offset", "event id", "type", "from", "group", "error")
    for d in letters:
        table.add_row(
            str(d.partition),
            str(d.offset),
            d.event_id or "-",
            d.event_type or "-",
            f"{d.original_topic}[{d.original_partition}]@{d.original_offset}",
            d.consumer_group or "-",
            d.error[:80],
        )
    console.print(table)
    console.print(f"{len(letters)} dead letters")


@dlq_app.command("replay")
def dlq_replay(
    topic: Annotated[str, typer.Argument(help="The dead-letter topic")],
    bootstrap: Bootstrap = "127.0.0.1:9092",
    event_id: Annotated[list[str] | None, typer.Option(help="Only these event ids")] = None,
    group: Annotated[
        str | None, typer.Option(help="Only the letters this consumer group parked")
    ] = None,
) -> None:
    """Send dead letters back to their original topic, each for the group that failed it.

    Other groups consuming that topic skip the replayed record, whatever their inbox retention.
    """
    from continuum_runtime.deadletters import list_dead_letters, replay_dead_letters

    total = len(asyncio.run(list_dead_letters(bootstrap, topic)))
    with _progress() as progress:
        task = progress.add_task(f"replaying {topic}", total=total)
        count = asyncio.run(
            replay_dead_letters(
                bootstrap,
                topic,
                event_ids=set(event_id) if event_id else None,
                group=group,
                on_progress=lambda n: progress.advance(task, n),
            )
        )
    console.print(f"replayed {count} dead letters")


@offsets_app.command("rewind")
def offsets_rewind(
    group: Annotated[str, typer.Option(help="The consumer group: the service's name")],
    to: Annotated[
        datetime, typer.Option(help="UTC time to re-consume from, e.g. 2026-11-28T09:50:00")
    ],
    topic: Annotated[
        list[str] | None,
        typer.Option(help="Topics to rewind (default: every topic the group consumes)"),
    ] = None,
    bootstrap: Bootstrap = "127.0.0.1:9092",
    execute: Annotated[bool, typer.Option(help="Commit (default: only show the plan)")] = False,
) -> None:
    """Move a stopped group back to the first offsets at or after a time (database restores)."""
    from continuum_contracts import ALL_TOPICS
    from continuum_runtime.offsets import rewind_group

    topics = topic or [t.name for t in ALL_TOPICS if group in t.consumers]
    if not topics:
        raise typer.BadParameter(f"the catalogue lists no topic consumed by {group!r}; use --topic")
    moment = to if to.tzinfo else to.replace(tzinfo=UTC)
    plan = asyncio.run(rewind_group(bootstrap, group, topics, moment, execute=execute))
    table = RichTable("topic", "partition", "committed", "rewound to")
    for row in plan:
        table.add_row(row.topic, str(row.partition), str(row.before), str(row.after))
    console.print(table)
    console.print("committed" if execute else "dry run: add --execute to commit")


@outbox_app.command("status")
def outbox_status_cmd(database_url: DatabaseUrl) -> None:
    """Pending and sent rows, and the age of the oldest pending one."""
    from sqlalchemy import MetaData

    from continuum_runtime.db import create_engine
    from continuum_runtime.outbox import outbox_status
    from continuum_runtime.tables import add_messaging_tables

    async def run() -> None:
        engine = create_engine(database_url)
        try:
            status = await outbox_status(engine, add_messaging_tables(MetaData()).outbox)
        finally:
            await engine.dispose()
        console.print(
            f"pending={status.pending} sent={status.sent} "
            f"oldest_pending_at={status.oldest_pending_at or '-'}"
        )

    asyncio.run(run())


@consumers_app.command("status")
def consumers_status(
    urls: Annotated[
        list[str],
        typer.Argument(
            help="Base URLs of service processes (API or worker), e.g. http://127.0.0.1:8002"
        ),
    ],
) -> None:
    """Lag (records behind, every partition) and freshness (event time to effect committed,
    p50/p99 since the process started) for each consumer group the processes run."""
    import httpx

    from continuum_runtime.consumer_figures import consumer_figures, format_seconds

    table = RichTable(title="consumer groups")
    for column in ("process", "group", "topic", "partitions", "lag", "max lag", "applied"):
        table.add_column(
            column, justify="left" if column in {"process", "group", "topic"} else "right"
        )
    table.add_column("freshness p50", justify="right")
    table.add_column("freshness p99", justify="right")
    failed = False
    for url in urls:
        try:
            response = httpx.get(f"{url.rstrip('/')}/metrics", timeout=5.0)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            console.print(f"[red]{url}: {exc}[/red]")
            failed = True
            continue
        for row in consumer_figures(response.text):
            table.add_row(
                url,
                row.group,
                row.topic,
                str(row.partitions),
                f"{row.lag_total:,}",
                f"{row.lag_max:,}",
                f"{row.applied:,}",
                format_seconds(row.freshness_p50),
                format_seconds(row.freshness_p99),
            )
    console.print(table)
    if failed:
        raise typer.Exit(1)


@outbox_app.command("relay")
def outbox_relay_cmd(
    database_url: DatabaseUrl,
    service: Annotated[str, typer.Option(help="The service whose outbox this is (lock name)")],
    bootstrap: Bootstrap = "127.0.0.1:9092",
    batch_size: int = 500,
) -> None:
    """Run a relay on its own (for a service whose replicas run with the relay disabled).

    It takes the same leadership lock as the service's own relays, so running both is safe.
    """
    lock_name = f"{service}-outbox-relay"
    from sqlalchemy import MetaData

    from continuum_runtime.db import create_engine
    from continuum_runtime.kafka import make_producer
    from continuum_runtime.outbox import OutboxRelay
    from continuum_runtime.tables import add_messaging_tables

    async def run() -> None:
        engine = create_engine(database_url)
        producer = make_producer(bootstrap, lock_name)
        await producer.start()
        relay = OutboxRelay(
            engine,
            add_messaging_tables(MetaData()).outbox,
            producer,
            lock_name=lock_name,
            batch_size=batch_size,
        )
        try:
            await relay.run()
        finally:
            await producer.stop()
            await engine.dispose()

    asyncio.run(run())


@token_app.command("mint")
def token_mint(
    sub: Annotated[str, typer.Option(help="Employee id (the subject)")],
    role: Annotated[list[str], typer.Option(help="learner, manager, admin or hris")],
    key_dir: Annotated[Path, typer.Option(envvar="CONTINUUM_DEV_ISSUER_DIR")] = Path(
        "var/dev-issuer"
    ),
    issuer: Annotated[
        str, typer.Option(envvar="CONTINUUM_DEV_ISSUER_URL")
    ] = "http://127.0.0.1:8010",
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds")] = 8 * 3600,
    report: Annotated[list[str] | None, typer.Option(help="Managed employee ids")] = None,
    name: str | None = None,
) -> None:
    """Print a bearer token signed by the local development issuer."""
    from continuum_runtime.auth.devissuer import DevIssuer
    from continuum_runtime.auth.principal import ROLES

    unknown = set(role) - ROLES
    if unknown:
        raise typer.BadParameter(f"unknown roles {sorted(unknown)}; use {sorted(ROLES)}")
    token = DevIssuer(key_dir=key_dir, issuer=issuer).mint(
        sub, role, ttl_seconds=ttl, name=name, reports=report
    )
    typer.echo(token)


@app.command("broker")
def broker(port: int = 9092) -> None:
    """Run the local Tansu broker in the foreground (memory only)."""
    from continuum_runtime.testing.broker import broker_binary

    url = f"tcp://127.0.0.1:{port}"
    os.execv(
        broker_binary(),
        [broker_binary(), "broker", "--listener-url", url, "--advertised-listener-url", url],
    )


@app.command("stack")
def stack(
    config: Annotated[Path, typer.Option(help="Stack file")] = Path("stack.toml"),
    exit_after_seed: Annotated[
        bool, typer.Option(help="Stop once everything is up and seeded (smoke test)")
    ] = False,
) -> None:
    """Run the whole local platform under one supervisor (Ctrl-C stops everything)."""
    from continuum_runtime.devstack import run_stack

    raise typer.Exit(run_stack(config, exit_after_seed=exit_after_seed))


def main() -> None:
    app()


if __name__ == "__main__":
    main()


@app.command("new-service")
def new_service(
    name: Annotated[str, typer.Argument(help="Service name: lower-case words joined by '-'")],
    port: Annotated[int | None, typer.Option(help="HTTP port (default: the next free one)")] = None,
    root: Annotated[Path, typer.Option(help="Repository root")] = Path("."),
    lock: Annotated[bool, typer.Option(help="Run `uv lock` afterwards")] = True,
) -> None:
    """Create services/NAME from the skeleton: migrates, serves, consumes, tested, in `make run`."""
    from continuum_runtime.scaffold import ScaffoldError, create_service, relock

    try:
        target = create_service(root.resolve(), name, port=port)
    except ScaffoldError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"created {target}")
    if lock and not relock(root.resolve()):
        console.print("[yellow]uv not found: run `uv lock` before `make test`[/yellow]")
    console.print("next: `make test` runs its tests, `make run` starts it")
