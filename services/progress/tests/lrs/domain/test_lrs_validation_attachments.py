"""validate_statement: Attachments (Data 2.4.11)."""

from typing import Any

import pytest
from validation_cases import (
    ATT,
    ATTACHMENT,
    BASE,
    case,
)
from xapi_samples import (
    DELETE,
    SPEC_SIGNED,
)

from progress.lrs.domain import XapiValidationError, validate_statement

INVALID_CASES = [
    # Attachments
    case(
        "attachments not array",
        ATT,
        "attachments",
        ATTACHMENT,
        "statement.attachments",
        "must be an array",
    ),
    case(
        "attachment number",
        ATT,
        "attachments",
        [12345],
        "statement.attachments[0]",
        "must be an object",
    ),
    case(
        "attachment no usageType",
        ATT,
        "attachments[0].usageType",
        DELETE,
        "statement.attachments[0]",
        "must have a usageType",
    ),
    case(
        "attachment usageType",
        ATT,
        "attachments[0].usageType",
        "should fail",
        "statement.attachments[0].usageType",
        "absolute IRI",
    ),
    case(
        "attachment no display",
        ATT,
        "attachments[0].display",
        DELETE,
        "statement.attachments[0]",
        "must have a display",
    ),
    case(
        "attachment display empty",
        ATT,
        "attachments[0].display",
        {},
        "statement.attachments[0].display",
        "at least one entry",
    ),
    case(
        "attachment display string",
        ATT,
        "attachments[0].display",
        "x",
        "statement.attachments[0].display",
        "language map",
    ),
    case(
        "attachment description number",
        ATT,
        "attachments[0].description",
        12345,
        "statement.attachments[0].description",
        "language map",
    ),
    case(
        "attachment description bad tag",
        ATT,
        "attachments[0].description",
        {"something": "x"},
        "statement.attachments[0].description.something",
        "RFC 5646",
    ),
    case(
        "attachment contentType",
        ATT,
        "attachments[0].contentType",
        "should fail",
        "statement.attachments[0].contentType",
        "Internet Media Type",
    ),
    case(
        "attachment length string",
        ATT,
        "attachments[0].length",
        "should fail",
        "statement.attachments[0].length",
        "non-negative integer",
    ),
    case(
        "attachment length float",
        ATT,
        "attachments[0].length",
        27.5,
        "statement.attachments[0].length",
        "non-negative integer",
    ),
    case(
        "attachment length negative",
        ATT,
        "attachments[0].length",
        -1,
        "statement.attachments[0].length",
        "non-negative integer",
    ),
    case(
        "attachment sha2 number",
        ATT,
        "attachments[0].sha2",
        12345,
        "statement.attachments[0].sha2",
        "must be a string",
    ),
    case(
        "attachment sha2 not hex",
        ATT,
        "attachments[0].sha2",
        "xyz",
        "statement.attachments[0].sha2",
        "SHA-2",
    ),
    case(
        "attachment fileUrl",
        ATT,
        "attachments[0].fileUrl",
        "should fail",
        "statement.attachments[0].fileUrl",
        "IRL",
    ),
    case(
        "attachment extra key",
        ATT,
        "attachments[0].data",
        "x",
        "statement.attachments[0].data",
        "must not have",
    ),
    case(
        "reserved 4-letter language subtag",
        BASE,
        "verb.display",
        {"test": "value"},
        "statement.verb.display.test",
        "language",
    ),
    case(
        "signature wrong contentType",
        SPEC_SIGNED,
        "attachments[0].contentType",
        "text/plain; charset=ascii",
        "statement.attachments[0].contentType",
        "application/octet-stream",
    ),
]


@pytest.mark.parametrize(("document", "path", "rule"), INVALID_CASES)
def test_invalid_statements_name_path_and_rule(document: Any, path: str, rule: str) -> None:
    with pytest.raises(XapiValidationError) as caught:
        validate_statement(document)
    assert caught.value.path == path
    assert rule in caught.value.message
