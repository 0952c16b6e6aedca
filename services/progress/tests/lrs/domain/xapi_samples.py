"""Statements for the xAPI domain tests: the specification's own examples and small builders."""

import copy
import re
from typing import Any

DELETE = object()

MBOX_AGENT = {"objectType": "Agent", "name": "xAPI mbox", "mbox": "mailto:xapi@adlnet.gov"}
SHA1_AGENT = {"mbox_sha1sum": "cd9b00a5611f94eaa7b1661edab976068e364975"}
OPENID_AGENT = {"openid": "http://openid.example.org/12345"}
ACCOUNT_AGENT = {"account": {"homePage": "http://www.example.com", "name": "xAPI account name"}}
ACTIVITY = {"objectType": "Activity", "id": "http://www.example.com/meetings/occurances/34534"}
VERB = {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-GB": "attended"}}
UUID = "fd41c918-b88b-4b20-a0a5-a4c32391aaa0"


def statement(**changes: Any) -> dict[str, Any]:
    """A minimal valid Statement with top-level properties replaced."""
    base: dict[str, Any] = {
        "actor": copy.deepcopy(MBOX_AGENT),
        "verb": copy.deepcopy(VERB),
        "object": copy.deepcopy(ACTIVITY),
    }
    base.update(copy.deepcopy(changes))
    return base


def substatement(**changes: Any) -> dict[str, Any]:
    """A minimal valid SubStatement object."""
    return {"objectType": "SubStatement", **statement(**changes)}


def with_change(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy with the value at a dotted path (``a.b[0].c``) set, or removed for DELETE."""
    result = copy.deepcopy(document)
    steps: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        steps.append(int(index) if index else name)
    parent: Any = result
    for step in steps[:-1]:
        parent = parent[step]
    last = steps[-1]
    if value is DELETE:
        del parent[last]
    else:
        parent[last] = copy.deepcopy(value)
    return result


def interaction(interaction_type: str | None = None, /, **definition: Any) -> dict[str, Any]:
    """A Statement whose object is an interaction Activity."""
    if interaction_type is not None:
        definition["interactionType"] = interaction_type
    return statement(
        object={
            "id": "http://example.com/interactions/1",
            "definition": {
                "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                **definition,
            },
        }
    )


def components(*ids: str) -> list[dict[str, Any]]:
    """An interaction component list."""
    return [{"id": item, "description": {"en-US": item.title()}} for item in ids]


# --- The examples of the xAPI 1.0.3 Data specification (Appendices A-D, sections 2.3-2.4) ---

SPEC_SIMPLE = {
    "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
    "timestamp": "2015-11-18T12:17:00+00:00",
    "actor": {
        "objectType": "Agent",
        "name": "Project Tin Can API",
        "mbox": "mailto:user@example.com",
    },
    "verb": {
        "id": "http://example.com/xapi/verbs#sent-a-statement",
        "display": {"en-US": "sent"},
    },
    "object": {
        "id": "http://example.com/xapi/activity/simplestatement",
        "definition": {
            "name": {"en-US": "simple statement"},
            "description": {"en-US": "A simple Experience API statement."},
        },
    },
}

SPEC_MINIMAL = {
    "id": "12345678-1234-5678-1234-567812345678",
    "actor": {"mbox": "mailto:xapi@adlnet.gov"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/created", "display": {"en-US": "created"}},
    "object": {"id": "http://example.adlnet.gov/xapi/example/activity"},
}

SPEC_COMPLETION = {
    "id": "7ccd3322-e1a5-411a-a67d-6a735c76f119",
    "timestamp": "2015-12-18T12:17:00+00:00",
    "actor": {
        "objectType": "Agent",
        "name": "Example Learner",
        "mbox": "mailto:example.learner@adlnet.gov",
    },
    "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted", "display": {"en-US": "attempted"}},
    "object": {
        "id": "http://example.adlnet.gov/xapi/example/simpleCBT",
        "definition": {
            "name": {"en-US": "simple CBT course"},
            "description": {"en-US": "A fictitious example CBT course."},
        },
    },
    "result": {
        "score": {"scaled": 0.95},
        "success": True,
        "completion": True,
        "duration": "PT1234S",
    },
}

SPEC_LONG = {
    "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "actor": {
        "name": "Team PB",
        "mbox": "mailto:teampb@example.com",
        "member": [
            {
                "name": "Andrew Downes",
                "account": {"homePage": "http://www.example.com", "name": "13936749"},
                "objectType": "Agent",
            },
            {
                "name": "Toby Nichols",
                "openid": "http://toby.openid.example.org/",
                "objectType": "Agent",
            },
            {
                "name": "Ena Hills",
                "mbox_sha1sum": "ebd31e95054c018b10727ccffd2ef2ec3a016ee9",
                "objectType": "Agent",
            },
        ],
        "objectType": "Group",
    },
    "verb": {
        "id": "http://adlnet.gov/expapi/verbs/attended",
        "display": {"en-GB": "attended", "en-US": "attended"},
    },
    "result": {
        "extensions": {
            "http://example.com/profiles/meetings/resultextensions/minuteslocation": (
                "X:\\meetings\\minutes\\examplemeeting.one"
            )
        },
        "success": True,
        "completion": True,
        "response": "We agreed on some example actions.",
        "duration": "PT1H0M0S",
    },
    "context": {
        "registration": "ec531277-b57b-4c15-8d91-d292c5b2b8f7",
        "contextActivities": {
            "parent": [
                {"id": "http://www.example.com/meetings/series/267", "objectType": "Activity"}
            ],
            "category": [
                {
                    "id": "http://www.example.com/meetings/categories/teammeeting",
                    "objectType": "Activity",
                    "definition": {
                        "name": {"en": "team meeting"},
                        "description": {
                            "en": "A category of meeting used for regular team meetings."
                        },
                        "type": "http://example.com/expapi/activities/meetingcategory",
                    },
                }
            ],
            "other": [
                {
                    "id": "http://www.example.com/meetings/occurances/34257",
                    "objectType": "Activity",
                },
                {
                    "id": "http://www.example.com/meetings/occurances/3425567",
                    "objectType": "Activity",
                },
            ],
        },
        "instructor": {
            "name": "Andrew Downes",
            "account": {"homePage": "http://www.example.com", "name": "13936749"},
            "objectType": "Agent",
        },
        "team": {"name": "Team PB", "mbox": "mailto:teampb@example.com", "objectType": "Group"},
        "platform": "Example virtual meeting software",
        "language": "tlh",
        "statement": {"objectType": "StatementRef", "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee"},
    },
    "timestamp": "2013-05-18T05:32:34.804+00:00",
    "stored": "2013-05-18T05:32:34.804+00:00",
    "authority": {
        "account": {"homePage": "http://cloud.scorm.com/", "name": "anonymous"},
        "objectType": "Agent",
    },
    "version": "1.0.0",
    "object": {
        "id": "http://www.example.com/meetings/occurances/34534",
        "definition": {
            "extensions": {
                "http://example.com/profiles/meetings/activitydefinitionextensions/room": {
                    "name": "Kilby",
                    "id": "http://example.com/rooms/342",
                }
            },
            "name": {"en-GB": "example meeting", "en-US": "example meeting"},
            "description": {
                "en-GB": "An example meeting that happened on a specific occasion.",
                "en-US": "An example meeting that happened on a specific occasion.",
            },
            "type": "http://adlnet.gov/expapi/activities/meeting",
            "moreInfo": "http://virtualmeeting.example.com/345256",
        },
        "objectType": "Activity",
    },
}

SPEC_VOIDING = {
    "actor": {
        "objectType": "Agent",
        "name": "Example Admin",
        "mbox": "mailto:admin@example.adlnet.gov",
    },
    "verb": {"id": "http://adlnet.gov/expapi/verbs/voided", "display": {"en-US": "voided"}},
    "object": {"objectType": "StatementRef", "id": "e05aa883-acaf-40ad-bf54-02c8ce485fb0"},
}

SPEC_STATEMENT_REF = {
    "actor": {"objectType": "Agent", "mbox": "mailto:test@example.com"},
    "verb": {"id": "http://example.com/commented", "display": {"en-US": "commented"}},
    "object": {"objectType": "StatementRef", "id": "8f87ccde-bb56-4c2e-ab83-44982ef22df0"},
    "result": {"response": "Wow, nice work!"},
}

SPEC_SUBSTATEMENT = {
    "actor": {"objectType": "Agent", "mbox": "mailto:test@example.com"},
    "verb": {"id": "http://example.com/planned", "display": {"en-US": "planned"}},
    "object": {
        "objectType": "SubStatement",
        "actor": {"objectType": "Agent", "mbox": "mailto:test@example.com"},
        "verb": {"id": "http://example.com/visited", "display": {"en-US": "will visit"}},
        "object": {
            "objectType": "Activity",
            "id": "http://example.com/website",
            "definition": {"name": {"en-US": "Some Awesome Website"}},
        },
    },
}

SPEC_OBJECT_GROUP = {
    "name": "Example Group",
    "account": {"homePage": "http://example.com/homePage", "name": "GroupAccount"},
    "objectType": "Group",
    "member": [
        {"name": "Andrew Downes", "mbox": "mailto:andrew@example.com", "objectType": "Agent"},
        {
            "name": "Aaron Silvers",
            "openid": "http://aaron.openid.example.org",
            "objectType": "Agent",
        },
    ],
}

SPEC_OBJECT_SUBSTATEMENT_REF = {
    "objectType": "SubStatement",
    "actor": {"objectType": "Agent", "mbox": "mailto:agent@example.com"},
    "verb": {"id": "http://example.com/confirmed", "display": {"en": "confirmed"}},
    "object": {"objectType": "StatementRef", "id": "9e13cefd-53d3-4eac-b5ed-2cf6693903bb"},
}

SPEC_OAUTH_AUTHORITY = {
    "objectType": "Group",
    "member": [
        {
            "account": {
                "homePage": "http://example.com/xAPI/OAuth/Token",
                "name": "oauth_consumer_x75db",
            }
        },
        {"mbox": "mailto:bob@example.com"},
    ],
}

SPEC_SIGNED = {
    "version": "1.0.0",
    "id": "33cff416-e331-4c9d-969e-5373a1756120",
    "actor": {
        "mbox": "mailto:example@example.com",
        "name": "Example Learner",
        "objectType": "Agent",
    },
    "verb": {
        "id": "http://adlnet.gov/expapi/verbs/experienced",
        "display": {"en-US": "experienced"},
    },
    "object": {
        "id": "https://www.youtube.com/watch?v=xh4kIiH3Sm8",
        "objectType": "Activity",
        "definition": {
            "name": {"en-US": "Tax Tips & Information : How to File a Tax Return "},
            "description": {
                "en-US": "Filing a tax return will require filling out either a 1040, 1040A or 1040EZ form"
            },
        },
    },
    "timestamp": "2013-04-01T12:00:00Z",
    "attachments": [
        {
            "usageType": "http://adlnet.gov/expapi/attachments/signature",
            "display": {"en-US": "Signature"},
            "description": {"en-US": "A test signature"},
            "contentType": "application/octet-stream",
            "length": 4235,
            "sha2": "672fa5fa658017f1b72d65036f13379c6ab05d4ab3b6664908d8acf0b6a0c634",
        }
    ],
}

# Appendix C: one definition per interaction type.
SPEC_INTERACTIONS: dict[str, dict[str, Any]] = {
    "true-false": {"interactionType": "true-false", "correctResponsesPattern": ["true"]},
    "choice": {
        "interactionType": "choice",
        "correctResponsesPattern": ["golf[,]tetris"],
        "choices": components("golf", "facebook", "tetris", "scrabble"),
    },
    "fill-in": {"interactionType": "fill-in", "correctResponsesPattern": ["Bob's your uncle"]},
    "long-fill-in": {
        "interactionType": "long-fill-in",
        "correctResponsesPattern": [
            "{case_matters=false}{lang=en}To store and provide access to learning experiences."
        ],
    },
    "likert": {
        "interactionType": "likert",
        "correctResponsesPattern": ["likert_3"],
        "scale": components("likert_0", "likert_1", "likert_2", "likert_3"),
    },
    "matching": {
        "interactionType": "matching",
        "correctResponsesPattern": ["ben[.]3[,]chris[.]2[,]troy[.]4[,]freddie[.]1"],
        "source": components("ben", "chris", "troy", "freddie"),
        "target": components("1", "2", "3", "4"),
    },
    "performance": {
        "interactionType": "performance",
        "correctResponsesPattern": ["pong[.]1:[,]dg[.]:10[,]lunch[.]"],
        "steps": components("pong", "dg", "lunch"),
    },
    "sequencing": {
        "interactionType": "sequencing",
        "correctResponsesPattern": ["tim[,]mike[,]ells[,]ben"],
        "choices": components("tim", "ben", "ells", "mike"),
    },
    "numeric": {"interactionType": "numeric", "correctResponsesPattern": ["4[:]"]},
    "other": {"interactionType": "other", "correctResponsesPattern": ["(35.937432,-86.868896)"]},
}
