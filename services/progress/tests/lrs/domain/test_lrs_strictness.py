"""Exhaustive strictness: a null or an unknown property anywhere outside extensions is rejected."""

import copy
import time
from collections.abc import Iterator
from typing import Any

import pytest
from xapi_samples import (
    SPEC_INTERACTIONS,
    SPEC_LONG,
    SPEC_OAUTH_AUTHORITY,
    SPEC_SIGNED,
    SPEC_SUBSTATEMENT,
    interaction,
    statement,
    substatement,
)

from progress.lrs.domain import XapiValidationError, validate_statement

Path = tuple[str | int, ...]

RICH_SUB = statement(
    authority=SPEC_OAUTH_AUTHORITY,
    object=substatement(
        context=copy.deepcopy(SPEC_LONG["context"]) | {"platform": "x"},
        result=copy.deepcopy(SPEC_LONG["result"]),
        timestamp="2030-01-01T00:00:00Z",
    ),
)
DOCUMENTS = {
    "long": SPEC_LONG,
    "substatement": SPEC_SUBSTATEMENT,
    "rich substatement": RICH_SUB,
    "signed": SPEC_SIGNED,
    "matching": interaction(**SPEC_INTERACTIONS["matching"]),
    "choice": interaction(**SPEC_INTERACTIONS["choice"]),
}


def _walk(node: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    """Every (path, value) below node, not descending into extension values."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*path, key), value
            if key != "extensions":
                yield from _walk(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*path, index), value
            yield from _walk(value, (*path, index))


def _set(document: Any, path: Path, value: Any) -> Any:
    result = copy.deepcopy(document)
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return result


def _null_cases() -> Iterator[Any]:
    for name, document in DOCUMENTS.items():
        for path, _ in _walk(document):
            yield pytest.param(_set(document, path, None), id=f"{name}:{'.'.join(map(str, path))}")


def _unknown_key_cases() -> Iterator[Any]:
    for name, document in DOCUMENTS.items():
        targets = [((), document), *((p, v) for p, v in _walk(document) if isinstance(v, dict))]
        for path, value in targets:
            changed = copy.deepcopy(value) | {"unknownProperty": "x"}
            mutated = _set(document, path, changed) if path else changed
            yield pytest.param(mutated, id=f"{name}:{'.'.join(map(str, path)) or 'root'}")


@pytest.mark.parametrize("document", DOCUMENTS.values(), ids=DOCUMENTS.keys())
def test_documents_are_valid(document: dict[str, Any]) -> None:
    validate_statement(document)


@pytest.mark.parametrize("document", _null_cases())
def test_null_anywhere_outside_extensions_is_rejected(document: dict[str, Any]) -> None:
    with pytest.raises(XapiValidationError):
        validate_statement(document)


@pytest.mark.parametrize("document", _unknown_key_cases())
def test_unknown_property_anywhere_is_rejected(document: dict[str, Any]) -> None:
    with pytest.raises(XapiValidationError):
        validate_statement(document)


def test_nulls_inside_extension_values_are_accepted() -> None:
    document = statement(
        result={"extensions": {"http://example.com/e": {"a": None, "b": [None]}}},
        context={"extensions": {"http://example.com/e": None}},
    )
    validate_statement(document)


def test_validates_thousands_of_statements_per_second() -> None:
    # A generous floor (the long example validates in well under a millisecond) so that a
    # regression to per-call object churn or catastrophic regexes shows up without flaking.
    documents = [copy.deepcopy(SPEC_LONG) for _ in range(1000)]
    start = time.perf_counter()
    for document in documents:
        validate_statement(document)
    assert time.perf_counter() - start < 2.0
