"""W3C Bitstring Status List: the OB 3.0 credentials' revocation status.

Each credential gets one bit in a published list; a set bit means revoked. The list is a
GZIP-compressed bitstring of at least 16 KiB (131,072 entries, so one credential's bit does not
single out its holder), base64url-encoded with the multibase 'u' prefix, index 0 being the
left-most bit. The service allocates a sequence number per award; `locate` maps it to a list.
"""

from __future__ import annotations

import base64
import gzip
import zlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from recognition.badges.model import iso_seconds
from recognition.badges.urls import PublicUrls

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
LIST_BITS = 131_072
PURPOSE = "revocation"


class StatusListError(ValueError):
    """An encoded list or a status entry that cannot be read."""


def locate(sequence: int) -> tuple[str, int]:
    """(list id, index) of the `sequence`-th award (from 0): lists fill one after another."""
    if sequence < 0:
        raise ValueError("status sequence numbers start at 0")
    return str(sequence // LIST_BITS + 1), sequence % LIST_BITS


def entry(urls: PublicUrls, list_id: str, index: int) -> dict[str, Any]:
    """The `credentialStatus` of a credential whose bit is `index` in list `list_id`."""
    if not 0 <= index < LIST_BITS:
        raise ValueError(f"status index {index} outside 0..{LIST_BITS - 1}")
    list_url = urls.status_list(list_id)
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def encode(revoked: Iterable[int], length: int = LIST_BITS) -> str:
    """The encodedList with the bits of `revoked` set."""
    if length < LIST_BITS or length % 8:
        raise ValueError(f"a status list holds a multiple of 8 bits, at least {LIST_BITS}")
    bits = bytearray(length // 8)
    for index in revoked:
        if not 0 <= index < length:
            raise ValueError(f"status index {index} outside 0..{length - 1}")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), mtime=0)  # mtime 0: the same list, the same bytes
    return "u" + base64.urlsafe_b64encode(compressed).decode().rstrip("=")


def decode(encoded: str) -> bytes:
    """The uncompressed bitstring of an encodedList."""
    if not encoded.startswith("u"):
        raise StatusListError("encodedList must be multibase base64url (prefix 'u')")
    body = encoded[1:]
    try:
        compressed = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        bits = gzip.decompress(compressed)
    except (ValueError, OSError, EOFError, zlib.error) as error:
        raise StatusListError(f"encodedList is not base64url GZIP data: {error}") from error
    if len(bits) * 8 < LIST_BITS:
        raise StatusListError(f"status list shorter than {LIST_BITS} bits")
    return bits


def is_set(bits: bytes, index: int) -> bool:
    if not 0 <= index < len(bits) * 8:
        raise StatusListError(f"status index {index} outside the list")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def credential(
    urls: PublicUrls, list_id: str, revoked: Iterable[int], valid_from: datetime
) -> dict[str, Any]:
    """The (unsigned) BitstringStatusListCredential for list `list_id`."""
    list_url = urls.status_list(list_id)
    return {
        "@context": [VC_CONTEXT],
        "id": list_url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": urls.profile(),
        "validFrom": iso_seconds(valid_from),
        "credentialSubject": {
            "id": f"{list_url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode(revoked),
        },
    }


def is_revoked(status: Mapping[str, Any], list_credential: Mapping[str, Any]) -> bool:
    """Whether a credential's `credentialStatus` entry is set in the given list credential."""
    if status.get("type") != "BitstringStatusListEntry":
        raise StatusListError(f"unsupported credentialStatus type {status.get('type')!r}")
    if status.get("statusListCredential") != list_credential.get("id"):
        raise StatusListError("the status entry names another status list")
    subject = list_credential.get("credentialSubject") or {}
    if subject.get("statusPurpose") != status.get("statusPurpose"):
        raise StatusListError("the status list serves another purpose")
    try:
        index = int(str(status["statusListIndex"]))
    except (KeyError, ValueError) as error:
        raise StatusListError("statusListIndex must be an integer string") from error
    return is_set(decode(str(subject.get("encodedList", ""))), index)
