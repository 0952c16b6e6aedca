"""xAPI 1.0.3 Statement rules: validation, comparison, formats and query filters. Pure, no I/O."""

from progress.lrs.domain.agents import agent_ifi, agent_ifi_key, person_object
from progress.lrs.domain.attachments import declared_attachments
from progress.lrs.domain.comparison import statements_equivalent
from progress.lrs.domain.completion import complete_statement
from progress.lrs.domain.datatypes import (
    check_language_map,
    is_iri,
    is_language_tag,
    is_uuid,
)
from progress.lrs.domain.errors import XapiValidationError
from progress.lrs.domain.filters import (
    agent_matches,
    statement_activity_ids,
    statement_agent_ifis,
)
from progress.lrs.domain.formats import (
    StatementFormat,
    choose_language,
    format_statement,
    parse_accept_language,
)
from progress.lrs.domain.parameters import (
    parse_agent_param,
    parse_format_param,
    parse_timestamp_param,
    validate_activity_id_param,
    validate_registration_param,
)
from progress.lrs.domain.signatures import check_signature, signature_attachments
from progress.lrs.domain.statements import (
    VOIDED_VERB,
    check_version_header,
    validate_statement,
    validate_statement_batch,
)
from progress.lrs.domain.timestamps import format_timestamp, parse_iso8601_timestamp

__all__ = [
    "VOIDED_VERB",
    "StatementFormat",
    "XapiValidationError",
    "agent_ifi",
    "agent_ifi_key",
    "agent_matches",
    "check_language_map",
    "check_signature",
    "check_version_header",
    "choose_language",
    "complete_statement",
    "declared_attachments",
    "format_statement",
    "format_timestamp",
    "is_iri",
    "is_language_tag",
    "is_uuid",
    "parse_accept_language",
    "parse_agent_param",
    "parse_format_param",
    "parse_iso8601_timestamp",
    "parse_timestamp_param",
    "person_object",
    "signature_attachments",
    "statement_activity_ids",
    "statement_agent_ifis",
    "statements_equivalent",
    "validate_activity_id_param",
    "validate_registration_param",
    "validate_statement",
    "validate_statement_batch",
]
