"""Shared pieces of the statement validation tests: realistic parts and the `case` builder of
one invalid statement (document, path of the error, rule it names)."""

from typing import Any

import pytest
from xapi_samples import (
    ACCOUNT_AGENT,
    ACTIVITY,
    MBOX_AGENT,
    OPENID_AGENT,
    SPEC_INTERACTIONS,
    UUID,
    interaction,
    statement,
    substatement,
    with_change,
)

ATTACHMENT = {
    "usageType": "http://example.com/attachment-usage/test",
    "display": {"en-US": "A test attachment"},
    "description": {"en-US": "A test attachment (description)"},
    "contentType": "text/plain; charset=ascii",
    "length": 27,
    "sha2": "495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a",
    "fileUrl": "http://over.there.com/file.txt",
}
CONTEXT = {
    "registration": UUID,
    "contextActivities": {"parent": [ACTIVITY], "grouping": ACTIVITY},
    "revision": "1.2",
    "platform": "web",
    "language": "en-US",
    "statement": {"objectType": "StatementRef", "id": UUID},
    "extensions": {"http://example.com/ext": {"any": ["json", None, 1]}},
}
ANONYMOUS_GROUP = {"objectType": "Group", "member": [MBOX_AGENT, OPENID_AGENT]}
IDENTIFIED_GROUP = {"objectType": "Group", "name": "Team", **ACCOUNT_AGENT}

BASE = statement()
SUB = statement(object=substatement())
CTX = statement(context=CONTEXT)
RES = statement(result={"score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10}, "success": True})
ATT = statement(attachments=[ATTACHMENT])
INTER = interaction(**SPEC_INTERACTIONS["choice"])


def case(name: str, base: Any, where: str, value: Any, path: str, rule: str) -> Any:
    document = with_change(base, where, value) if where else base
    return pytest.param(document, path, rule, id=name)
