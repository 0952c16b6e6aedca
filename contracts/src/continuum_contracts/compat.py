"""Backward-compatibility check between two JSON Schemas of the same event type.

Within a major version old consumers must read new events and new consumers must read old
ones (replays), so the only compatible change is a new optional field of an open object.
Annotations (title, description, examples, deprecated, the minor version) may change freely;
every other difference is reported as breaking.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from continuum_contracts.schema import MINOR_KEYWORD

Schema = dict[str, Any]


class ChangeKind(StrEnum):
    FIELD_ADDED = "optional field added"
    FIELD_ADDED_REQUIRED = "required field added"
    FIELD_ADDED_TO_CLOSED_OBJECT = "field added to an object without additional properties"
    FIELD_REMOVED = "field removed"
    FIELD_NEWLY_REQUIRED = "field newly required"
    FIELD_NO_LONGER_REQUIRED = "field no longer required"
    TYPE_CHANGED = "type changed"
    TYPE_NARROWED = "type narrowed"
    TYPE_WIDENED = "type widened"
    ENUM_VALUE_REMOVED = "enum value removed"
    ENUM_VALUE_ADDED = "enum value added"
    CONSTRAINT_TIGHTENED = "constraint tightened"
    CONSTRAINT_LOOSENED = "constraint loosened"
    CONSTRAINT_CHANGED = "constraint changed"
    ADDITIONAL_PROPERTIES_TIGHTENED = "additionalProperties tightened"
    ADDITIONAL_PROPERTIES_LOOSENED = "additionalProperties loosened"
    DEFAULT_CHANGED = "default changed"
    KEYWORD_CHANGED = "keyword changed"


@dataclass(frozen=True)
class Change:
    """One difference between two schemas, at a field path such as `item.skills[].level`."""

    path: str
    kind: ChangeKind
    detail: str = ""

    @property
    def breaking(self) -> bool:
        return self.kind is not ChangeKind.FIELD_ADDED

    def __str__(self) -> str:
        detail = f": {self.detail}" if self.detail else ""
        return f"{self.path or '(root)'}: {self.kind}{detail}"


def diff(old: Schema, new: Schema) -> list[Change]:
    """Every semantic difference from `old` to `new`, compatible or not."""
    differ = _Differ(old, new)
    differ.compare(old, new, "")
    return differ.changes


def breaking_changes(old: Schema, new: Schema) -> list[Change]:
    """The differences that make `new` incompatible with `old` (empty when compatible)."""
    return [change for change in diff(old, new) if change.breaking]


# Keywords that document but do not constrain; `discriminator` is derived from the variants.
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "examples",
        "$comment",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$schema",
        "$id",
        "$defs",
        "definitions",
        "discriminator",
        MINOR_KEYWORD,
    }
)
_LOWER_BOUNDS = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")
_UPPER_BOUNDS = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")
_EXACT = ("pattern", "format", "multipleOf", "uniqueItems", "contentEncoding", "contentMediaType")
_STRUCTURE = frozenset(
    {"type", "enum", "const", "properties", "required", "additionalProperties", "items"}
    | {"prefixItems", "anyOf", "oneOf", "default", "$ref"}
)
_HANDLED = _ANNOTATIONS | _STRUCTURE | set(_LOWER_BOUNDS) | set(_UPPER_BOUNDS) | set(_EXACT)
_MISSING = object()


class _Differ:
    """Walks two schemas side by side, resolving local `$ref`s, collecting changes."""

    def __init__(self, old_root: Schema, new_root: Schema) -> None:
        self.roots = (old_root, new_root)
        self.changes: list[Change] = []
        self._active: set[tuple[str, str]] = set()  # $ref pairs on the stack: recursion guard

    def add(self, path: str, kind: ChangeKind, detail: str = "") -> None:
        self.changes.append(Change(path, kind, detail))

    def compare(self, old: Any, new: Any, path: str) -> None:
        if isinstance(old, bool) or isinstance(new, bool):
            if old != new:
                self.add(path, ChangeKind.KEYWORD_CHANGED, f"{old!r} -> {new!r}")
            return
        refs = (old.get("$ref"), new.get("$ref"))
        if refs[0] and refs[1]:
            if refs in self._active:
                return
            self._active.add(refs)
        try:
            self._compare_resolved(_resolve(old, self.roots[0]), _resolve(new, self.roots[1]), path)
        finally:
            self._active.discard(refs)

    def _compare_resolved(self, old: Schema, new: Schema, path: str) -> None:
        # A default dropped or added goes with a change of required-ness, reported there.
        if "default" in old and "default" in new and old["default"] != new["default"]:
            self.add(path, ChangeKind.DEFAULT_CHANGED, f"{old['default']!r} -> {new['default']!r}")
        old_variants, new_variants = _variants(old), _variants(new)
        if len(old_variants) == 1 and len(new_variants) == 1:
            self._compare_single(old_variants[0], new_variants[0], path)
        else:
            self._compare_variants(old_variants, new_variants, path)

    def _compare_variants(self, old: list[Schema], new: list[Schema], path: str) -> None:
        old_labels = [_label(_resolve(v, self.roots[0])) for v in old]
        new_labels = [_label(_resolve(v, self.roots[1])) for v in new]
        pairs: list[tuple[int, int]] = []
        unmatched_new = list(range(len(new)))
        unmatched_old: list[int] = []
        for i, label in enumerate(old_labels):
            j = next((j for j in unmatched_new if new_labels[j] == label), None)
            if j is None:
                unmatched_old.append(i)
            else:
                pairs.append((i, j))
                unmatched_new.remove(j)
        if len(unmatched_old) == len(unmatched_new):
            # Same count left: most likely renamed models; compare them in order.
            pairs.extend(zip(unmatched_old, unmatched_new, strict=True))
        else:
            for i in unmatched_old:
                self.add(path, ChangeKind.TYPE_NARROWED, f"variant {old_labels[i]} removed")
            for j in unmatched_new:
                self.add(path, ChangeKind.TYPE_WIDENED, f"variant {new_labels[j]} added")
        several = sum(label != "null" for label in old_labels) > 1
        for i, j in pairs:
            self.compare(old[i], new[j], f"{path}<{old_labels[i]}>" if several else path)

    def _compare_single(self, old: Schema, new: Schema, path: str) -> None:
        old, new = _resolve(old, self.roots[0]), _resolve(new, self.roots[1])
        self._compare_types(old, new, path)
        self._compare_enums(old, new, path)
        self._compare_bounds(old, new, path)
        self._compare_properties(old, new, path)
        self._compare_additional(old, new, path)
        self._compare_items(old, new, path)
        for key in sorted((old.keys() | new.keys()) - _HANDLED):
            if old.get(key, _MISSING) != new.get(key, _MISSING):
                self.add(
                    path, ChangeKind.KEYWORD_CHANGED, f"{key}: {old.get(key)!r} -> {new.get(key)!r}"
                )

    def _compare_types(self, old: Schema, new: Schema, path: str) -> None:
        old_types, new_types = _types(old), _types(new)
        if old_types == new_types:
            return
        detail = f"{_show(old_types)} -> {_show(new_types)}"
        if _covers(old_types, new_types):
            self.add(path, ChangeKind.TYPE_NARROWED, detail)
        elif _covers(new_types, old_types):
            self.add(path, ChangeKind.TYPE_WIDENED, detail)
        else:
            self.add(path, ChangeKind.TYPE_CHANGED, detail)

    def _compare_enums(self, old: Schema, new: Schema, path: str) -> None:
        old_values, new_values = _allowed_values(old), _allowed_values(new)
        if old_values is None and new_values is None:
            return
        if old_values is None:
            self.add(path, ChangeKind.CONSTRAINT_TIGHTENED, "values restricted to an enum")
        elif new_values is None:
            self.add(path, ChangeKind.CONSTRAINT_LOOSENED, "enum restriction removed")
        else:
            for value in sorted(old_values - new_values):
                self.add(path, ChangeKind.ENUM_VALUE_REMOVED, value)
            for value in sorted(new_values - old_values):
                self.add(path, ChangeKind.ENUM_VALUE_ADDED, value)

    def _compare_bounds(self, old: Schema, new: Schema, path: str) -> None:
        for key in (*_LOWER_BOUNDS, *_UPPER_BOUNDS, *_EXACT):
            before, after = old.get(key), new.get(key)
            if before == after:
                continue
            detail = f"{key}: {before!r} -> {after!r}"
            if before is None or after is None:
                added = before is None
                kind = ChangeKind.CONSTRAINT_TIGHTENED if added else ChangeKind.CONSTRAINT_LOOSENED
            elif key in _LOWER_BOUNDS:
                tighter = after > before
                kind = (
                    ChangeKind.CONSTRAINT_TIGHTENED if tighter else ChangeKind.CONSTRAINT_LOOSENED
                )
            elif key in _UPPER_BOUNDS:
                tighter = after < before
                kind = (
                    ChangeKind.CONSTRAINT_TIGHTENED if tighter else ChangeKind.CONSTRAINT_LOOSENED
                )
            elif key == "uniqueItems":
                kind = ChangeKind.CONSTRAINT_TIGHTENED if after else ChangeKind.CONSTRAINT_LOOSENED
            else:
                kind = ChangeKind.CONSTRAINT_CHANGED
            self.add(path, kind, detail)

    def _compare_properties(self, old: Schema, new: Schema, path: str) -> None:
        old_props, new_props = old.get("properties", {}), new.get("properties", {})
        old_required, new_required = set(old.get("required", ())), set(new.get("required", ()))
        closed = old.get("additionalProperties", True) is False
        for name in sorted(old_props.keys() - new_props.keys()):
            self.add(_field(path, name), ChangeKind.FIELD_REMOVED)
        for name in sorted(new_props.keys() - old_props.keys()):
            if name in new_required:
                self.add(_field(path, name), ChangeKind.FIELD_ADDED_REQUIRED)
            elif closed:
                self.add(_field(path, name), ChangeKind.FIELD_ADDED_TO_CLOSED_OBJECT)
            else:
                self.add(_field(path, name), ChangeKind.FIELD_ADDED)
        for name in sorted(new_required - old_required):
            if name in old_props or name not in new_props:
                self.add(_field(path, name), ChangeKind.FIELD_NEWLY_REQUIRED)
        for name in sorted(old_required - new_required):
            if name in new_props or name not in old_props:
                self.add(_field(path, name), ChangeKind.FIELD_NO_LONGER_REQUIRED)
        for name in sorted(old_props.keys() & new_props.keys()):
            self.compare(old_props[name], new_props[name], _field(path, name))

    def _compare_additional(self, old: Schema, new: Schema, path: str) -> None:
        before = _additional(old.get("additionalProperties", True))
        after = _additional(new.get("additionalProperties", True))
        if isinstance(before, dict) and isinstance(after, dict):
            self.compare(before, after, f"{path}{{}}")
        elif before != after:
            # Anything -> false, and true -> a schema, restrict; the reverse relaxes.
            tighter = after is False or before is True
            kind = (
                ChangeKind.ADDITIONAL_PROPERTIES_TIGHTENED
                if tighter
                else ChangeKind.ADDITIONAL_PROPERTIES_LOOSENED
            )
            self.add(path, kind, f"{_show_additional(before)} -> {_show_additional(after)}")

    def _compare_items(self, old: Schema, new: Schema, path: str) -> None:
        before, after = old.get("items"), new.get("items")
        if before is not None and after is not None:
            self.compare(before, after, f"{path}[]")
        elif before is not None or after is not None:
            kind = (
                ChangeKind.CONSTRAINT_TIGHTENED
                if before is None
                else ChangeKind.CONSTRAINT_LOOSENED
            )
            self.add(path, kind, "items schema " + ("added" if before is None else "removed"))
        old_prefix, new_prefix = old.get("prefixItems", []), new.get("prefixItems", [])
        if len(old_prefix) != len(new_prefix):
            self.add(path, ChangeKind.TYPE_CHANGED, "tuple length changed")
        for index, (before_item, after_item) in enumerate(
            zip(old_prefix, new_prefix, strict=False)
        ):
            self.compare(before_item, after_item, f"{path}[{index}]")


def _resolve(schema: Schema, root: Schema) -> Schema:
    """Follow local `$ref`s (keeping sibling keywords) and unwrap a one-element `allOf`."""
    seen: set[str] = set()
    while True:
        if "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#") or ref in seen:
                return schema
            seen.add(ref)
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**_pointer(root, ref), **siblings}
        elif isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
            siblings = {k: v for k, v in schema.items() if k != "allOf"}
            schema = {**schema["allOf"][0], **siblings}
        else:
            return schema


def _pointer(root: Schema, ref: str) -> Schema:
    node: Any = root
    for part in ref.lstrip("#").strip("/").split("/"):
        if part:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    if not isinstance(node, dict):
        raise ValueError(f"$ref {ref} does not point to a schema")
    return node


def _variants(schema: Schema) -> list[Schema]:
    """The alternatives of a union, each with the union's other keywords merged in.

    Nested unions are flattened: Optional[A | B] is anyOf[oneOf[A, B], null] to pydantic.
    """
    key = "anyOf" if "anyOf" in schema else "oneOf" if "oneOf" in schema else None
    if key is None:
        return [schema]
    rest = {
        k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "default", *_ANNOTATIONS)
    }
    return [flat for variant in schema[key] for flat in _variants({**rest, **variant})]


def _label(schema: Schema) -> str:
    """A name to pair up union variants: model title, constant, or type."""
    if "title" in schema:
        return str(schema["title"])
    if "const" in schema:
        return json.dumps(schema["const"])
    types = _types(schema)
    return _show(types) if types is not None else "any"


def _types(schema: Schema) -> frozenset[str] | None:
    value = schema.get("type")
    if value is None:
        return None
    return frozenset([value] if isinstance(value, str) else value)


def _covers(wide: frozenset[str] | None, narrow: frozenset[str] | None) -> bool:
    """Whether every type allowed by `narrow` is allowed by `wide` (None allows anything)."""
    if wide is None:
        return True
    if narrow is None:
        return False
    return all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _allowed_values(schema: Schema) -> set[str] | None:
    if "const" in schema:
        return {json.dumps(schema["const"], sort_keys=True)}
    if "enum" in schema:
        return {json.dumps(value, sort_keys=True) for value in schema["enum"]}
    return None


def _additional(value: Any) -> Any:
    return True if value == {} else value


def _field(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _show(types: Iterable[str] | None) -> str:
    return "any" if types is None else "|".join(sorted(types))


def _show_additional(value: Any) -> str:
    return json.dumps(value, sort_keys=True) if isinstance(value, dict) else str(value).lower()
