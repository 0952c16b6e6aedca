"""Checks for the xAPI value types (Data 4.0): IRIs, UUIDs, language tags and maps, extensions.

Every ``check_*``/``expect_*`` helper raises :class:`XapiValidationError` naming the rule and the
path. Messages are only formatted on failure, so the happy path allocates nothing.
"""

import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from progress.lrs.domain.errors import XapiValidationError

# An absolute IRI: a scheme (Data 2.2.s4.b1.b8 rejects IRIs without one), then characters that may
# appear in an IRI; a percent sign must start an escape. Best effort, as Data 2.2.s4.b6 allows.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_MAILTO = re.compile(r"(?i:mailto):[^\s@<>\"\x00-\x1f\x7f]+@[^\s@<>\"\x00-\x1f\x7f]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_SHA1 = re.compile(r"[0-9a-fA-F]{40}")
_SHA2 = re.compile(r"[0-9a-fA-F]{56}|[0-9a-fA-F]{64}|[0-9a-fA-F]{96}|[0-9a-fA-F]{128}")
_VERSION = re.compile(r"1\.0(?:\.[0-9]+)?")  # ASCII digits (\d takes any script's)
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_MIME = re.compile(
    rf"{_TOKEN}/{_TOKEN}(?:[ \t]*;[ \t]*{_TOKEN}=(?:{_TOKEN}|\"(?:[^\"\\]|\\.)*\"))*[ \t]*"
)

# RFC 5646 section 2.1 (well-formed language tags), matched case-insensitively.
_LANGTAG = re.compile(
    # language and extlangs; a 4-letter primary subtag is reserved (RFC 5646 2.2.1), not valid
    r"(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{5,8})"
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?"  # private use
    r"|x(?:-[a-z0-9]{1,8})+",
    re.IGNORECASE,
)
# RFC 5646 grandfathered tags, matched whole.
_GRANDFATHERED = frozenset(
    (
        "en-gb-oed",
        "i-ami",
        "i-bnn",
        "i-default",
        "i-enochian",
        "i-hak",
        "i-klingon",
        "i-lux",
        "i-mingo",
        "i-navajo",
        "i-pwn",
        "i-tao",
        "i-tay",
        "i-tsu",
        "sgn-be-fr",
        "sgn-be-nl",
        "sgn-ch-de",
        "art-lojban",
        "cel-gaulish",
        "no-bok",
        "no-nyn",
        "zh-guoyu",
        "zh-hakka",
        "zh-min",
        "zh-min-nan",
        "zh-xiang",
    )
)


def describe(value: Any) -> str:
    """The JSON type of a value, for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string" if value else "the empty string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def is_iri(value: Any) -> bool:
    """Whether a value is an absolute IRI (scheme required)."""
    return (
        isinstance(value, str)
        and _IRI.fullmatch(value) is not None
        and ("%" not in value or _BAD_ESCAPE.search(value) is None)
    )


def is_uuid(value: Any) -> bool:
    """Whether a value is a UUID in standard string form (any version or variant, any case)."""
    return isinstance(value, str) and _UUID.fullmatch(value) is not None


def is_mailto_iri(value: Any) -> bool:
    """Whether a value has the form ``mailto:local@domain``."""
    return isinstance(value, str) and _MAILTO.fullmatch(value) is not None


def is_sha1_hex(value: Any) -> bool:
    """Whether a value is a hex-encoded SHA-1 digest."""
    return isinstance(value, str) and _SHA1.fullmatch(value) is not None


def is_sha2_hex(value: Any) -> bool:
    """Whether a value is a hex-encoded SHA-224, -256, -384 or -512 digest."""
    return isinstance(value, str) and _SHA2.fullmatch(value) is not None


def is_version(value: Any) -> bool:
    """Whether a value is an xAPI 1.0.x version string (``1.0`` or ``1.0.N``)."""
    return isinstance(value, str) and _VERSION.fullmatch(value) is not None


def is_mime_type(value: Any) -> bool:
    """Whether a value is an Internet Media Type such as ``text/plain; charset=ascii``."""
    return isinstance(value, str) and _MIME.fullmatch(value) is not None


@lru_cache(maxsize=4096)
def _is_language_tag(tag: str) -> bool:
    lowered = tag.lower()
    if lowered in _GRANDFATHERED:
        return True
    if _LANGTAG.fullmatch(tag) is None:
        return False
    # Validity beyond well-formedness (RFC 5646 2.2.9): no repeated singleton or variant.
    seen: set[str] = set()
    for subtag in lowered.split("-")[1:]:
        if subtag == "x":
            break
        if len(subtag) == 1 or len(subtag) >= 4:
            if subtag in seen:
                return False
            seen.add(subtag)
    return True


def is_language_tag(value: Any) -> bool:
    """Whether a value is a well-formed RFC 5646 language tag without repeated subtags."""
    return isinstance(value, str) and _is_language_tag(value)


def is_number(value: Any) -> bool:
    """Whether a value is a finite JSON number (booleans are not numbers)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and math.isfinite(value)


def expect_object(value: Any, path: str, subject: str) -> dict[str, Any]:
    """The value as a JSON object, or an error naming ``subject``."""
    if not isinstance(value, dict):
        raise XapiValidationError(f"{subject} must be an object, not {describe(value)}", path)
    return value


def expect_array(value: Any, path: str, subject: str) -> list[Any]:
    """The value as a JSON array, or an error naming ``subject``."""
    if not isinstance(value, list):
        raise XapiValidationError(f"{subject} must be an array, not {describe(value)}", path)
    return value


def check_string(value: Any, path: str, subject: str) -> None:
    """Require a JSON string (null and other types are rejected)."""
    if not isinstance(value, str):
        raise XapiValidationError(f"{subject} must be a string, not {describe(value)}", path)


def check_identifier(value: Any, path: str, subject: str) -> None:
    """Require a string usable as an identifier: no control characters (U+0000-U+001F,
    U+007F), which no identifier needs and PostgreSQL text cannot hold (NUL)."""
    check_string(value, path, subject)
    if _CONTROL.search(value) is not None:
        raise XapiValidationError(f"{subject} must not contain control characters", path)


def check_boolean(value: Any, path: str, subject: str) -> None:
    """Require a JSON boolean; the strings "true"/"false" are rejected."""
    if not isinstance(value, bool):
        raise XapiValidationError(f"{subject} must be a boolean, not {describe(value)}", path)


def check_number(value: Any, path: str, subject: str) -> None:
    """Require a finite JSON number; numeric strings are rejected."""
    if not is_number(value):
        raise XapiValidationError(f"{subject} must be a number, not {describe(value)}", path)


def check_keys(obj: Mapping[str, Any], allowed: frozenset[str], path: str, subject: str) -> None:
    """Reject properties the specification does not define (keys are case sensitive)."""
    for key in obj:
        if key not in allowed:
            raise XapiValidationError(
                f"{subject} must not have the property {key!r} (not allowed by xAPI 1.0.3)",
                f"{path}.{key}",
            )


def check_iri(value: Any, path: str, subject: str) -> None:
    """Require an absolute IRI."""
    if not is_iri(value):
        raise XapiValidationError(f"{subject} must be an absolute IRI, not {shown(value)}", path)


def check_irl(value: Any, path: str, subject: str) -> None:
    """Require an IRL; validated best-effort as an absolute IRI (Data 2.2.s4.b6)."""
    if not is_iri(value):
        raise XapiValidationError(f"{subject} must be an absolute IRL, not {shown(value)}", path)


def check_uuid(value: Any, path: str, subject: str) -> None:
    """Require a UUID in standard string form."""
    if not is_uuid(value):
        raise XapiValidationError(f"{subject} must be a UUID, not {shown(value)}", path)


def check_language_tag(value: Any, path: str, subject: str) -> None:
    """Require an RFC 5646 language tag."""
    if not is_language_tag(value):
        raise XapiValidationError(
            f"{subject} must be an RFC 5646 language tag, not {shown(value)}", path
        )


def check_language_map(value: Any, path: str, subject: str) -> None:
    """Require a non-empty map from RFC 5646 language tags to strings (Data 4.2)."""
    if not isinstance(value, dict):
        raise XapiValidationError(
            f"{subject} must be a language map object, not {describe(value)}", path
        )
    if not value:
        raise XapiValidationError(f"{subject} must be a language map with at least one entry", path)
    for tag, text in value.items():
        if not is_language_tag(tag):
            raise XapiValidationError(
                f"a language map key must be an RFC 5646 language tag, not {tag!r}", f"{path}.{tag}"
            )
        if not isinstance(text, str):
            raise XapiValidationError(
                f"a language map value must be a string, not {describe(text)}", f"{path}.{tag}"
            )


def check_extensions(value: Any, path: str) -> None:
    """Require an extensions map: keys are absolute IRIs, values any JSON (null included)."""
    if not isinstance(value, dict):
        raise XapiValidationError(f"extensions must be an object, not {describe(value)}", path)
    for key in value:
        if not is_iri(key):
            raise XapiValidationError(
                f"an extension key must be an absolute IRI, not {key!r}", f"{path}.{key}"
            )


def shown(value: Any) -> str:
    """A value as quoted in error messages: strings and numbers literally, other types by kind."""
    if isinstance(value, str) and value:
        return repr(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return describe(value)
