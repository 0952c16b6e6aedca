"""`POST /v1/hris/events`: the HRIS webhook, signed with HMAC, answered 202 after the broker's ack.

No bearer token: the signature over the timestamp and the body is the authentication
(`gateway.hris.signature`). 401 publishes nothing; 422 names each field; 503 with
Retry-After when the broker did not acknowledge, so that the HRIS retries the delivery.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from continuum_runtime.api.problems import problem_response, problem_responses
from continuum_runtime.app import BrokerUnavailable
from gateway.api.deps import gateway_of
from gateway.api.openapi import answers
from gateway.api.schemas import HrisAccepted
from gateway.hris import SignatureError
from gateway.hris.signature import SIGNATURE_HEADER, TIMESTAMP_HEADER

router = APIRouter(prefix="/v1/hris", tags=["hris"])
RETRY_SECONDS = 5

_CANONICAL_EXAMPLE = {
    "specversion": "1.0", "id": "wd-7781", "source": "/hris/workday",
    "type": "io.continuum.hris.employee.hired.v1", "time": "2026-01-02T09:00:00Z",
    "data": {"employee_id": "e-1001", "email": "ada@example.com", "given_name": "Ada",
             "family_name": "Lovelace", "role_id": "data-analyst", "department": "Data",
             "location": "London", "effective_date": "2026-01-05",
             "occurred_at": "2026-01-02T09:00:00Z"},
}  # fmt: skip
_BAMBOO_EXAMPLE = {
    "employees": [
        {
            "id": "312",
            "action": "Updated",
            "timestamp": "2026-01-31T18:42:00+0000",
            "changedFields": ["Supervisor EID"],
            "fields": {"Supervisor EID": "e-9"},
        }
    ]
}


def _header(name: str, text: str, example: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "header",
        "required": True,
        "schema": {"type": "string"},
        "description": text,
        "example": example,
    }


@router.post(
    "/events",
    status_code=202,
    response_model=HrisAccepted,
    summary="Receive employee events from an HRIS",
    description="Canonical employee events (CloudEvents in structured JSON, one or a batch) "
    "or a BambooHR-style webhook, mapped to `hris.employees.v1`. Signed: "
    f"`{SIGNATURE_HEADER}: sha256=<hex HMAC-SHA256 of timestamp + '.' + body>` and "
    f"`{TIMESTAMP_HEADER}: <Unix seconds>` (±5 minutes; a request is accepted once). "
    "Idempotent on the HRIS event id: a redelivery answers 202 with the ids under "
    "`duplicates`. 202 means the broker acknowledged every event.",
    responses={**answers(HrisAccepted, 202), **problem_responses(401, 413, 422, 503)},
    openapi_extra={
        "parameters": [
            _header(TIMESTAMP_HEADER, "Unix seconds when the request was signed.", "1767225600"),
            _header(
                SIGNATURE_HEADER,
                "One or more `sha256=<64 hex>`, comma-separated.",
                "sha256=" + "0" * 64,
            ),
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "oneOf": [
                            {"type": "object"},
                            {"type": "array", "items": {"type": "object"}},
                        ]
                    },
                    "examples": {
                        "canonical": {"summary": "A canonical hire", "value": _CANONICAL_EXAMPLE},
                        "bamboohr": {"summary": "A BambooHR change", "value": _BAMBOO_EXAMPLE},
                    },
                }
            },
        },
    },
)
async def receive_events(request: Request) -> Response:
    gateway = gateway_of(request)
    body = await request.body()
    try:
        result = await gateway.intake.receive(request.headers, body)
    except SignatureError as exc:
        return problem_response(
            401, str(exc), slug="invalid-signature", instance=request.url.path,
            headers={"WWW-Authenticate": 'HMAC-SHA256 realm="hris"'},
        )  # fmt: skip
    except BrokerUnavailable:
        return problem_response(
            503, "the event broker did not acknowledge; nothing was accepted, retry later",
            slug="broker-unavailable", instance=request.url.path,
            headers={"Retry-After": str(RETRY_SECONDS)},
        )  # fmt: skip
    accepted = HrisAccepted(
        format=result.format,
        published=result.published,
        duplicates=result.duplicates,
        ignored=[{"employee_id": i.employee_id, "fields": list(i.fields)} for i in result.ignored],
    )
    return JSONResponse(accepted.model_dump(), status_code=202)
