"""xapi.submissions.v1: statements from other services take the same path as POST /statements."""

from __future__ import annotations

import json
from typing import Any

from continuum_contracts.events.xapi import StatementSubmitted
from continuum_contracts.topics import XAPI_SUBMISSIONS
from continuum_runtime.consumer import PermanentError, ReceivedEvent
from continuum_runtime.service import ServiceRuntime
from continuum_runtime.unit_of_work import UnitOfWork
from progress.lrs.domain import XapiValidationError, declared_attachments, validate_statement_batch
from progress.lrs.domain.authority import Assertion
from progress.lrs.domain.errors import StatementConflict
from progress.lrs.service_layer.statements import Writer, record_submission
from progress.lrs.service_layer.watermark import StoredWatermark
from progress.lrs.store.definitions import DefinitionCache
from progress.settings import ProgressSettings


class SubmissionHandler:
    """Validates and stores a submitted statement; invalid content goes to the DLQ."""

    def __init__(self, settings: ProgressSettings, watermark: StoredWatermark) -> None:
        self._settings = settings
        self._definitions = DefinitionCache()
        self._watermark = watermark

    async def __call__(self, uow: UnitOfWork, event: ReceivedEvent) -> None:
        # The raw JSON, not the parsed model: the LRS validates and stores what was sent.
        statement: Any = event.cloud_event.data.get("statement")
        try:
            if not isinstance(statement, dict):
                raise XapiValidationError("a submission carries one Statement object", "statement")
            _check_finite(statement)
            [valid] = validate_statement_batch(statement)
            for where, attachment in declared_attachments(statement):
                if "fileUrl" not in attachment:
                    # Attachment content never travels on the bus, so it must be fetchable.
                    raise XapiValidationError(
                        "a submitted Attachment must have a fileUrl", f"statement.{where}"
                    )
            await record_submission(
                uow=uow,
                statement=valid,
                writer=self._writer(event.cloud_event.source),
                watermark=self._watermark,
            )
        except XapiValidationError as exc:
            raise PermanentError(f"invalid statement: {exc} ({exc.path})") from exc
        except StatementConflict as exc:
            raise PermanentError(str(exc)) from exc

    def _writer(self, source: str) -> Writer:
        """The submitting service writes: its authority is an Agent account on the LRS, its
        statements `system` assertions; a trusted service may void any statement."""
        system = Assertion("system", source[:200])
        return Writer(
            authority={
                "objectType": "Agent",
                "name": source,
                "account": {"homePage": self._settings.lrs_url, "name": source},
            },
            org_homepage=self._settings.org_homepage,
            definitions=self._definitions,
            assertion_of=lambda _statement: system,
        )


def _check_finite(statement: dict[str, Any]) -> None:
    """NaN and infinities (which a lenient JSON reader lets through) cannot be stored as JSON."""
    try:
        json.dumps(statement, allow_nan=False)
    except ValueError:
        raise XapiValidationError(
            "the statement holds a number JSON cannot carry (NaN or beyond a double)", "statement"
        ) from None


def subscribe_submissions(
    runtime: ServiceRuntime, settings: ProgressSettings, watermark: StoredWatermark
) -> None:
    runtime.subscribe(
        XAPI_SUBMISSIONS.name,
        StatementSubmitted.event_type,
        SubmissionHandler(settings, watermark),
        StatementSubmitted,
    )
