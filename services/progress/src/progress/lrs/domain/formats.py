"""The ``format`` parameter of GET /statements: exact, ids and canonical (Communication 2.1.3)."""

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from progress.lrs.domain.activities import COMPONENT_LISTS
from progress.lrs.domain.agents import IFI_PROPERTIES

StatementFormat = Literal["exact", "ids", "canonical"]
FORMATS: tuple[StatementFormat, ...] = ("exact", "ids", "canonical")
_AGENT_REFS = ("actor", "authority")
_CONTEXT_AGENTS = ("instructor", "team")


def format_statement(
    statement: Mapping[str, Any],
    fmt: StatementFormat,
    languages: Sequence[str] = (),
    *,
    activity_definitions: Mapping[str, Mapping[str, Any]] | None = None,
    verb_displays: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """A stored Statement rendered in the requested format; the input is never modified.

    ``exact`` returns the Statement as stored. ``ids`` keeps only what identifies Agents, Groups
    (an identified Group by its IFI, an anonymous one by its members), Activities and Verbs.
    ``canonical`` swaps in the LRS's canonical Activity Definitions and Verb displays when given,
    then keeps one language per language map, chosen by the Accept-Language preference list.
    """
    if fmt == "exact":
        return dict(statement)
    if fmt == "ids":
        return _ids_statement(statement)
    if fmt == "canonical":
        canonical = _Canonical(languages, activity_definitions or {}, verb_displays or {})
        return canonical.statement(statement)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def parse_accept_language(header: str | None) -> list[str]:
    """The language ranges of an Accept-Language header, most preferred first (RFC 2616 14.4)."""
    if not header:
        return []
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        fields = part.strip().split(";")
        tag = fields[0].strip()
        quality = 1.0
        for param in fields[1:]:
            name, _, raw = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(raw)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(ranked)]


def choose_language(language_map: Mapping[str, str], languages: Sequence[str]) -> str | None:
    """The key of the best entry for the preference list, or None for an empty map.

    A range matches a tag equal to it or starting with it and a hyphen; ``*`` matches any tag.
    Failing that, a tag that is a prefix of a wanted range is accepted (``en`` for ``en-GB``),
    and failing that the first entry, since canonical format returns exactly one language.
    """
    if not language_map:
        return None
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in languages:
        wanted = wanted.lower()
        if wanted == "*":
            return next(iter(language_map))
        if wanted in lowered:
            return lowered[wanted]
        for tag_lower, tag in lowered.items():
            if tag_lower.startswith(wanted + "-"):
                return tag
    for wanted in languages:
        parts = wanted.lower().split("-")
        while len(parts) > 1:
            parts.pop()
            candidate = "-".join(parts)
            if candidate in lowered:
                return lowered[candidate]
    return next(iter(language_map))


def _ids_statement(statement: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(statement)
    for key in _AGENT_REFS:
        if key in result:
            result[key] = _ids_agent(result[key])
    result["verb"] = {"id": statement["verb"]["id"]}
    result["object"] = _ids_object(statement["object"])
    if "context" in statement:
        result["context"] = _ids_context(statement["context"])
    return result


def _ids_object(target: Mapping[str, Any]) -> dict[str, Any]:
    object_type = target.get("objectType", "Activity")
    if object_type == "Activity":
        return {"id": target["id"]}  # objectType "Activity" is the default: not needed
    if object_type in ("Agent", "Group"):
        return _ids_agent(target)
    if object_type == "SubStatement":
        return _ids_statement(target)
    return dict(target)


def _ids_agent(agent: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {"objectType": agent.get("objectType", "Agent")}
    for key in IFI_PROPERTIES:
        if key in agent:
            result[key] = agent[key]
            return result
    # An anonymous Group is identified by its members (Communication 2.1.3, "format").
    result["member"] = [_ids_agent(member) for member in agent.get("member", ())]
    return result


def _ids_context(context: Mapping[str, Any]) -> dict[str, Any]:
    result = dict(context)
    for key in _CONTEXT_AGENTS:
        if key in result:
            result[key] = _ids_agent(result[key])
    if "contextActivities" in result:
        result["contextActivities"] = {
            key: [_ids_object(activity) for activity in _as_list(value)]
            for key, value in result["contextActivities"].items()
        }
    return result


class _Canonical:
    """Applies canonical definitions and language filtering; one instance per request."""

    def __init__(
        self,
        languages: Sequence[str],
        definitions: Mapping[str, Mapping[str, Any]],
        displays: Mapping[str, Mapping[str, str]],
    ) -> None:
        self._languages = languages
        self._definitions = definitions
        self._displays = displays

    def statement(self, statement: Mapping[str, Any]) -> dict[str, Any]:
        result = dict(statement)
        result["verb"] = self._verb(statement["verb"])
        result["object"] = self._object(statement["object"])
        if "context" in statement and "contextActivities" in statement["context"]:
            context = dict(statement["context"])
            context["contextActivities"] = {
                key: [self._activity(activity) for activity in _as_list(value)]
                for key, value in context["contextActivities"].items()
            }
            result["context"] = context
        return result

    def _verb(self, verb: Mapping[str, Any]) -> dict[str, Any]:
        result = dict(verb)
        display = self._displays.get(verb["id"], verb.get("display"))
        if display:
            result["display"] = self._one_language(display)
        return result

    def _object(self, target: Mapping[str, Any]) -> dict[str, Any]:
        object_type = target.get("objectType", "Activity")
        if object_type == "Activity":
            return self._activity(target)
        if object_type == "SubStatement":
            return self.statement(target)
        return dict(target)

    def _activity(self, activity: Mapping[str, Any]) -> dict[str, Any]:
        result = dict(activity)
        definition = self._definitions.get(activity["id"], activity.get("definition"))
        if definition is None:
            return result
        definition = dict(definition)
        for key in ("name", "description"):
            if definition.get(key):
                definition[key] = self._one_language(definition[key])
        for key in COMPONENT_LISTS:
            if key in definition:
                definition[key] = [self._component(item) for item in definition[key]]
        result["definition"] = definition
        return result

    def _component(self, component: Mapping[str, Any]) -> dict[str, Any]:
        result = dict(component)
        if result.get("description"):
            result["description"] = self._one_language(result["description"])
        return result

    def _one_language(self, language_map: Mapping[str, str]) -> dict[str, str]:
        chosen = choose_language(language_map, self._languages)
        return {} if chosen is None else {chosen: language_map[chosen]}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
