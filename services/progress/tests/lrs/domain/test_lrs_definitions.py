"""Merging Activity Definitions: plain properties replaced, language maps and extensions
merged."""

from progress.lrs.domain.documents import merge_definitions


def test_definition_merge_replaces_plain_properties_and_merges_maps() -> None:
    current = {
        "name": {"en": "A"},
        "extensions": {"http://x/e1": 1},
        "choices": [{"id": "a"}],
        "type": "http://x/t1",
    }
    newer = {"name": {"de": "B"}, "extensions": {"http://x/e2": 2}, "choices": [{"id": "b"}]}
    assert merge_definitions(current, newer) == {
        "name": {"en": "A", "de": "B"},
        "extensions": {"http://x/e1": 1, "http://x/e2": 2},
        "choices": [{"id": "b"}],
        "type": "http://x/t1",
    }
    assert merge_definitions(None, {"type": "http://x/t"}) == {"type": "http://x/t"}
