"""Attachment metadata in Statements (Data 2.4.11, 2.6 for signatures)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from progress.lrs.domain.datatypes import (
    check_iri,
    check_irl,
    check_keys,
    check_language_map,
    check_string,
    expect_array,
    expect_object,
    is_mime_type,
    is_sha2_hex,
    shown,
)
from progress.lrs.domain.errors import XapiValidationError

SIGNATURE_USAGE_TYPE = "http://adlnet.gov/expapi/attachments/signature"


@dataclass(frozen=True)
class AttachmentContent:
    """The content of an attachment sent with statements, identified by its SHA-2."""

    sha2: str
    content_type: str
    content: bytes


_ATTACHMENT_KEYS = frozenset(
    ("usageType", "display", "description", "contentType", "length", "sha2", "fileUrl")
)
_REQUIRED = ("usageType", "display", "contentType", "length", "sha2")


def declared_attachments(statement: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """Every Attachment object a (valid) Statement declares, with its path: its own and those of
    a SubStatement object, which may carry attachments too (Data 2.4.8.s2)."""
    found = [
        (f"attachments[{index}]", attachment)
        for index, attachment in enumerate(statement.get("attachments", ()))
    ]
    target = statement.get("object")
    if isinstance(target, Mapping) and target.get("objectType") == "SubStatement":
        found += [
            (f"object.attachments[{index}]", attachment)
            for index, attachment in enumerate(target.get("attachments", ()))
        ]
    return found


def validate_attachments(value: Any, path: str) -> None:
    """An ordered array of Attachment objects."""
    attachments = expect_array(value, path, "attachments")
    for index, attachment in enumerate(attachments):
        _validate_attachment(attachment, f"{path}[{index}]")


def _validate_attachment(value: Any, path: str) -> None:
    attachment = expect_object(value, path, "an Attachment")
    check_keys(attachment, _ATTACHMENT_KEYS, path, "an Attachment")
    for key in _REQUIRED:
        if key not in attachment:
            raise XapiValidationError(f"an Attachment must have a {key}", path)
    check_iri(attachment["usageType"], path + ".usageType", "an Attachment usageType")
    check_language_map(attachment["display"], path + ".display", "an Attachment display")
    if "description" in attachment:
        check_language_map(
            attachment["description"], path + ".description", "an Attachment description"
        )
    content_type = attachment["contentType"]
    check_string(content_type, path + ".contentType", "an Attachment contentType")
    if not is_mime_type(content_type):
        raise XapiValidationError(
            f"an Attachment contentType must be an Internet Media Type, not {content_type!r}",
            path + ".contentType",
        )
    if attachment["usageType"] == SIGNATURE_USAGE_TYPE and content_type != (
        "application/octet-stream"
    ):
        raise XapiValidationError(
            "a signature Attachment must have the contentType application/octet-stream",
            path + ".contentType",
        )
    length = attachment["length"]
    if isinstance(length, bool) or not isinstance(length, int) or length < 0:
        raise XapiValidationError(
            f"an Attachment length must be a non-negative integer, not {shown(length)}",
            path + ".length",
        )
    sha2 = attachment["sha2"]
    check_string(sha2, path + ".sha2", "an Attachment sha2")
    if not is_sha2_hex(sha2):
        raise XapiValidationError(
            "an Attachment sha2 must be a hex-encoded SHA-2 hash", path + ".sha2"
        )
    if "fileUrl" in attachment:
        check_irl(attachment["fileUrl"], path + ".fileUrl", "an Attachment fileUrl")
