"""What the document, Activities and Agents resources share: their parameters, and answering
a refusal in the xAPI error format."""

from __future__ import annotations

from collections.abc import Awaitable

from fastapi import Request, Response

from progress.lrs.api.protocol import xapi_error
from progress.lrs.domain import XapiValidationError
from progress.lrs.domain.errors import Refused

RULE_PARAMETERS = "Communication 2.2: document resource parameters"
RULE_AUTHORIZATION = "Communication 4.0: authorization"


async def answer(work: Awaitable[Response]) -> Response:
    """The response of `work`, or the xAPI error it was refused with."""
    try:
        return await work
    except Refused as exc:
        return xapi_error(exc.status, exc.message, exc.rule)
    except XapiValidationError as exc:
        return xapi_error(400, str(exc), RULE_PARAMETERS)


def query_params(
    request: Request, *, required: tuple[str, ...], optional: tuple[str, ...] = ()
) -> dict[str, str]:
    """The query parameters, each at most once, none unknown, the required ones present."""
    values: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name not in required and name not in optional:
            allowed = ", ".join((*required, *optional))
            raise Refused(
                400, f"unknown parameter {name!r} (this request takes {allowed})", RULE_PARAMETERS
            )
        if name in values:
            raise Refused(400, f"the {name} parameter must not be repeated", RULE_PARAMETERS)
        values[name] = value
    missing = [name for name in required if name not in values]
    if missing:
        raise Refused(400, f"missing required parameter(s): {', '.join(missing)}", RULE_PARAMETERS)
    return values
