"""JSON-LD checks with pyld against the vendored published contexts (no network)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pyld import jsonld

_CONTEXTS = Path(__file__).parent / "badges" / "contexts"
_FILES = {
    "https://w3id.org/openbadges/v2": "openbadges-v2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "ob-v3p0-context-3.0.3.json",
    "https://www.w3.org/ns/credentials/v2": "credentials-v2.json",
}
UNDEFINED = "urn:undefined-term:"
ISSUER_DEPENDENT = "https://www.w3.org/ns/credentials/issuer-dependent#"


def _loader(url: str, options: Any = None) -> dict[str, Any]:
    if url not in _FILES:
        raise AssertionError(f"document tries to load an unexpected context {url}")
    document = json.loads((_CONTEXTS / _FILES[url]).read_text())
    return {"contextUrl": None, "documentUrl": url, "document": document}


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The expanded form of a document, its contexts served from the vendored copies."""
    return jsonld.expand(document, {"documentLoader": _loader})  # type: ignore[no-any-return]


def undefined_terms(document: dict[str, Any]) -> set[str]:
    """Terms the document uses that its contexts do not define.

    A leading `@vocab` catches every term no context defines (JSON-LD would otherwise drop it
    silently); the VC 2.0 context has its own catch-all vocabulary, caught the same way.
    """
    contexts = document["@context"]
    trapped = {
        **document,
        "@context": [
            {"@vocab": UNDEFINED},
            *([contexts] if isinstance(contexts, str) else contexts),
        ],
    }
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.startswith((UNDEFINED, ISSUER_DEPENDENT)):
                    found.add(key)
                if key == "@type":
                    found.update(t for t in value if t.startswith((UNDEFINED, ISSUER_DEPENDENT)))
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(expand(trapped))
    return found


def types_of(expanded: list[dict[str, Any]]) -> list[str]:
    return [t for node in expanded for t in node.get("@type", [])]
