"""The recognition service: its runtime, signing keys, routers, consumers and scheduler."""

from __future__ import annotations

import functools
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from sqlalchemy.engine import make_url

from continuum_runtime.service import ServiceRuntime
from recognition.api import ROUTERS
from recognition.badges.keys import KeyMaterialError, KeyRing
from recognition.badges.keystore import GeneratedOnFirstUse, load_configured
from recognition.badges.model import Issuer
from recognition.badges.urls import PublicUrls
from recognition.consumers import subscribe
from recognition.service_layer.applications import run_open
from recognition.service_layer.ceremonies import conclude_due
from recognition.service_layer.context import Recognition, RuleBook
from recognition.settings import RecognitionSettings
from recognition.store.tables import metadata


def signing_keys(settings: RecognitionSettings) -> KeyRing:
    """Configured keys in production; in development, keys generated when the service starts
    (never when the app is only created)."""
    if settings.signing_keys:
        return load_configured(settings.signing_keys)
    if not settings.generate_keys:
        raise KeyMaterialError(
            "no signing keys: set RECOGNITION_SIGNING_KEYS (generation is off in this deployment)"
        )
    return GeneratedOnFirstUse(functools.partial(development_keys_dir, settings))


def development_keys_dir(settings: RecognitionSettings) -> Path:
    """`keys_dir`, or by default `recognition-keys` beside the SQLite database file: the
    service's own data, wherever `make run` keeps it, not the working directory."""
    if settings.keys_dir:
        return Path(settings.keys_dir)
    url = make_url(settings.database_url)
    database = url.database
    if url.get_backend_name() == "sqlite" and database and database != ":memory:":
        return Path(database).parent / "recognition-keys"
    raise KeyMaterialError(
        "no signing keys: set RECOGNITION_SIGNING_KEYS, or RECOGNITION_KEYS_DIR for keys "
        "generated in development (the database is not a SQLite file to keep them beside)"
    )


def recognition_context(settings: RecognitionSettings) -> Recognition:
    zone = ZoneInfo(settings.time_zone)
    return Recognition(
        issuer=Issuer(
            name=settings.issuer_name,
            url=settings.issuer_url,
            email=settings.issuer_email,
            description="Recognising learning at work: every achievement, and every attempt.",
        ),
        urls=PublicUrls(settings.public_base_url),
        keys=signing_keys(settings),
        zone=zone,
        org_homepage=settings.org_homepage,
        rulebook=RuleBook(zone),
        kudos_per_window=settings.kudos_per_window,
        kudos_window_seconds=settings.kudos_window_seconds,
    )


def create_app(settings: RecognitionSettings | None = None) -> FastAPI:
    settings = settings or RecognitionSettings()
    runtime = ServiceRuntime(settings, metadata=metadata)
    ctx = recognition_context(settings)
    subscribe(runtime, ctx)
    app = runtime.create_app(
        title="Continuum recognition",
        version="0.1.0",
        description=(
            "Verifiable Open Badges 2.0 and 3.0 earned by declarative rules, points and "
            "rewards, kudos, endorsements, award ceremonies and leaderboards."
        ),
        routers=ROUTERS,
    )
    app.state.recognition = ctx
    if isinstance(ctx.keys, GeneratedOnFirstUse):
        # At start rather than on the first request: a key is generated once, and a missing
        # keys directory setting stops the service at once.
        keys = ctx.keys

        async def load_keys() -> None:
            keys.load()  # in the loop, not a thread: a consumer may sign as soon as it runs

        runtime.on_start(load_keys)
    # The ceremony scheduler runs beside the consumers; concluding is idempotent per period
    # and serialised by a database lock, so replicas never publish a ceremony twice.
    runtime.every(
        settings.ceremony_interval_seconds,
        functools.partial(conclude_due, units_of_work=runtime.unit_of_work, ctx=ctx),
        name="ceremonies",
    )
    # Rules saved through the API reach the facts already stored here, a chunk of learners
    # per transaction, one runner per database (service_layer.applications).
    runtime.every(
        settings.rule_application_interval_seconds,
        functools.partial(
            run_open,
            units_of_work=runtime.unit_of_work,
            ctx=ctx,
            chunk=settings.rule_application_chunk,
        ),
        name="rule-applications",
    )
    return app
