"""format_statement (exact, ids, canonical) and Accept-Language handling."""

import copy
from typing import Any

import pytest
from xapi_samples import SPEC_LONG, SPEC_SUBSTATEMENT, interaction, statement, substatement

from progress.lrs.domain import (
    choose_language,
    format_statement,
    parse_accept_language,
    validate_statement,
)

CONFORMANCE_LIKE = statement(
    verb={
        "id": "http://adlnet.gov/expapi/verbs/attended",
        "display": {"en-GB": "attended", "en-US": "attended"},
    },
    context={
        "contextActivities": {
            "category": {
                "id": "http://www.example.com/test/array/statements/pri",
                "definition": {
                    "name": {"en-GB": "example meeting", "en-US": "example meeting"},
                    "description": {"en-GB": "A meeting", "en-US": "A meeting"},
                },
            }
        },
        "instructor": {"objectType": "Agent", "name": "xAPI mbox", "mbox": "mailto:pri@adlnet.gov"},
    },
)


class TestExact:
    def test_returns_the_statement_unchanged(self) -> None:
        assert format_statement(SPEC_LONG, "exact", ["en-US"]) == SPEC_LONG

    def test_unknown_format(self) -> None:
        with pytest.raises(ValueError, match="format must be one of"):
            format_statement(SPEC_LONG, "full", [])  # type: ignore[arg-type]


class TestIds:
    def test_long_example(self) -> None:
        formatted = format_statement(SPEC_LONG, "ids", [])
        assert formatted["actor"] == {"objectType": "Group", "mbox": "mailto:teampb@example.com"}
        assert formatted["verb"] == {"id": "http://adlnet.gov/expapi/verbs/attended"}
        # An Activity is identified by its id alone (objectType defaults to Activity).
        assert formatted["object"] == {"id": "http://www.example.com/meetings/occurances/34534"}
        assert formatted["authority"] == {
            "objectType": "Agent",
            "account": {"homePage": "http://cloud.scorm.com/", "name": "anonymous"},
        }
        context = formatted["context"]
        assert context["instructor"] == {
            "objectType": "Agent",
            "account": {"homePage": "http://www.example.com", "name": "13936749"},
        }
        assert context["team"] == {"objectType": "Group", "mbox": "mailto:teampb@example.com"}
        assert context["contextActivities"]["category"] == [
            {"id": "http://www.example.com/meetings/categories/teammeeting"}
        ]
        assert context["registration"] == SPEC_LONG["context"]["registration"]
        assert formatted["result"] == SPEC_LONG["result"]
        assert formatted["stored"] == SPEC_LONG["stored"]

    def test_anonymous_group_keeps_member_identifiers(self) -> None:
        group = {
            "objectType": "Group",
            "name": "Ad hoc",
            "member": [
                {"name": "A", "mbox": "mailto:a@x.org"},
                {"name": "B", "openid": "http://b.org"},
            ],
        }
        formatted = format_statement(statement(actor=group), "ids", [])
        assert formatted["actor"] == {
            "objectType": "Group",
            "member": [
                {"objectType": "Agent", "mbox": "mailto:a@x.org"},
                {"objectType": "Agent", "openid": "http://b.org"},
            ],
        }

    def test_substatement_is_reduced_too(self) -> None:
        formatted = format_statement(SPEC_SUBSTATEMENT, "ids", [])
        sub = formatted["object"]
        assert sub["objectType"] == "SubStatement"
        assert sub["verb"] == {"id": "http://example.com/visited"}
        assert sub["object"] == {"id": "http://example.com/website"}

    def test_statement_ref_and_agent_objects(self) -> None:
        ref = {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"}
        assert format_statement(statement(object=ref), "ids", [])["object"] == ref
        agent = {"objectType": "Agent", "name": "N", "mbox": "mailto:n@x.org"}
        assert format_statement(statement(object=agent), "ids", [])["object"] == {
            "objectType": "Agent",
            "mbox": "mailto:n@x.org",
        }

    def test_output_is_still_a_valid_statement(self) -> None:
        validate_statement(format_statement(SPEC_LONG, "ids", []))


class TestCanonical:
    def test_accept_language_picks_one_language(self) -> None:
        formatted = format_statement(CONFORMANCE_LIKE, "canonical", parse_accept_language("en-GB"))
        assert formatted["verb"]["display"] == {"en-GB": "attended"}
        category = formatted["context"]["contextActivities"]["category"][0]["definition"]
        assert category["name"] == {"en-GB": "example meeting"}
        assert category["description"] == {"en-GB": "A meeting"}
        # Agents come back as in exact format.
        assert formatted["context"]["instructor"] == CONFORMANCE_LIKE["context"]["instructor"]

    def test_input_is_not_modified(self) -> None:
        before = copy.deepcopy(CONFORMANCE_LIKE)
        format_statement(CONFORMANCE_LIKE, "canonical", ["en-GB"])
        format_statement(CONFORMANCE_LIKE, "ids", ["en-GB"])
        assert before == CONFORMANCE_LIKE

    def test_canonical_definitions_replace_the_statement_ones(self) -> None:
        definitions = {
            "http://www.example.com/meetings/occurances/34534": {
                "name": {"de": "Beispieltreffen", "en": "example meeting"},
                "type": "http://adlnet.gov/expapi/activities/meeting",
            }
        }
        displays = {"http://adlnet.gov/expapi/verbs/attended": {"de": "besuchte", "en": "attended"}}
        formatted = format_statement(
            SPEC_LONG, "canonical", ["de"], activity_definitions=definitions, verb_displays=displays
        )
        assert formatted["object"]["definition"] == {
            "name": {"de": "Beispieltreffen"},
            "type": "http://adlnet.gov/expapi/activities/meeting",
        }
        assert formatted["verb"]["display"] == {"de": "besuchte"}

    def test_interaction_component_descriptions(self) -> None:
        document = interaction(
            "choice",
            name={"en": "Q", "fr": "Q"},
            choices=[{"id": "a", "description": {"en": "Yes", "fr": "Oui"}}, {"id": "b"}],
        )
        formatted = format_statement(document, "canonical", ["fr"])
        definition = formatted["object"]["definition"]
        assert definition["choices"] == [{"id": "a", "description": {"fr": "Oui"}}, {"id": "b"}]
        assert definition["name"] == {"fr": "Q"}

    def test_substatement_activity(self) -> None:
        document = statement(
            object=substatement(
                object={"id": "http://x.org/a", "definition": {"name": {"en": "A", "es": "A-es"}}}
            )
        )
        formatted = format_statement(document, "canonical", ["es"])
        assert formatted["object"]["object"]["definition"]["name"] == {"es": "A-es"}

    def test_without_languages_the_first_entry_is_kept(self) -> None:
        formatted = format_statement(CONFORMANCE_LIKE, "canonical", [])
        assert formatted["verb"]["display"] == {"en-GB": "attended"}


@pytest.mark.parametrize(
    ("header", "ranges"),
    [
        (None, []),
        ("", []),
        ("en-GB", ["en-GB"]),
        ("da, en-gb;q=0.8, en;q=0.7", ["da", "en-gb", "en"]),
        ("en;q=0.5, fr;q=0.9, *;q=0.1", ["fr", "en", "*"]),
        ("de;q=0, en", ["en"]),
        ("fr;q=bad, en", ["en"]),
        ("es, pt", ["es", "pt"]),
        (" en-US ; q=1.0 ,", ["en-US"]),
    ],
)
def test_parse_accept_language(header: str | None, ranges: list[str]) -> None:
    assert parse_accept_language(header) == ranges


MAP = {"en-US": "color", "en-GB": "colour", "fr": "couleur", "zh-Hant-TW": "顏色"}


@pytest.mark.parametrize(
    ("languages", "chosen"),
    [
        (["en-GB"], "en-GB"),
        (["EN-gb"], "en-GB"),
        (["fr-CA", "en-US"], "en-US"),
        (["de", "fr"], "fr"),
        (["en"], "en-US"),
        (["zh"], "zh-Hant-TW"),
        (["zh-Hant"], "zh-Hant-TW"),
        (["fr-CA"], "fr"),
        (["*"], "en-US"),
        (["de"], "en-US"),
        ([], "en-US"),
    ],
)
def test_choose_language(languages: list[str], chosen: str) -> None:
    assert choose_language(MAP, languages) == chosen


def test_choose_language_of_empty_map() -> None:
    assert choose_language({}, ["en"]) is None


def _all_language_maps(document: Any) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in ("display", "name", "description") and isinstance(value, dict):
                found.append(value)
            else:
                found.extend(_all_language_maps(value))
    elif isinstance(document, list):
        for item in document:
            found.extend(_all_language_maps(item))
    return found


@pytest.mark.parametrize("languages", [[], ["en-US"], ["en-GB"], ["fr"], ["*"]])
def test_canonical_leaves_one_language_in_every_map(languages: list[str]) -> None:
    formatted = format_statement(SPEC_LONG, "canonical", languages)
    maps = _all_language_maps({k: v for k, v in formatted.items() if k not in ("actor", "context")})
    maps += _all_language_maps(formatted["context"]["contextActivities"])
    assert maps and all(len(m) == 1 for m in maps)
