"""The xAPI value types: language tags, IRIs, UUIDs, media types, language maps, extensions."""

from typing import Any

import pytest

from progress.lrs.domain import (
    XapiValidationError,
    check_language_map,
    is_iri,
    is_language_tag,
    is_uuid,
)
from progress.lrs.domain.datatypes import (
    check_extensions,
    describe,
    is_mailto_iri,
    is_mime_type,
    is_sha1_hex,
    is_sha2_hex,
    is_version,
)

# From RFC 5646 appendix A and the conformance suite.
VALID_TAGS = [
    "de",
    "fr",
    "ja",
    "i-enochian",
    "I-ENOCHIAN",
    "ine",
    "cmn",
    "tlh",
    "zh-Hant",
    "zh-Hans-CN",
    "sr-Latn",
    "sr-Cyrl",
    "sr-Latn-RS",
    "zh-cmn-Hans-CN",
    "zh-yue-HK",
    "sl-rozaj",
    "sl-rozaj-biske",
    "sl-nedis",
    "de-CH-1901",
    "sl-IT-nedis",
    "hy-Latn-IT-arevela",
    "de-DE",
    "en-US",
    "es-419",
    "es-MX",
    "de-CH-x-phonebk",
    "az-Arab-x-AZE-derbend",
    "x-whatever",
    "qaa-Qaaa-QM-x-southern",
    "de-Qaaa",
    "sr-Latn-QM",
    "en-US-u-islamcal",
    "zh-CN-a-myext-x-private",
    "en-a-myext-b-another",
    "en-GB-oed",
    "zh-min-nan",
    "ase",
    "fr-CA",
]
INVALID_TAGS = [
    "",
    "de-419-DE",
    "a-DE",
    "ar-a-aaa-b-bbb-a-ccc",
    "zh-z-aaa-z-bbb-c-ccc",
    "de-DE-1901-1901",
    "something",
    "a12345",
    "supercalifragilisticexpialidociouswhatabouthhhhhhh",
    "en_US",
    "en-",
    "-en",
    "en--US",
    "en-US-",
    "x",
    "en-x",
    "123",
    "en US",
]


@pytest.mark.parametrize("tag", VALID_TAGS)
def test_valid_language_tags(tag: str) -> None:
    assert is_language_tag(tag)


@pytest.mark.parametrize("tag", INVALID_TAGS)
def test_invalid_language_tags(tag: str) -> None:
    assert not is_language_tag(tag)


def test_language_tag_must_be_a_string() -> None:
    assert not is_language_tag(None)
    assert not is_language_tag(12)


VALID_IRIS = [
    "http://example.com/xapi/verbs#defenestrated",
    "https://www.youtube.com/watch?v=xh4kIiH3Sm8",
    "urn:uuid:6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "mailto:someone@example.com",
    "http://example.com/فعل/خواندن",
    "http://example.com/a%20b",
    "tag:example.com,2005:some-thing",
    "http://[::1]:8080/path",
    "X-custom+scheme.v1:thing",
]
INVALID_IRIS = [
    "",
    "should fail",
    "ab=c://should.fail.com",
    "//example.com/no-scheme",
    "/relative/path",
    "#fragment",
    "1http://example.com",
    "http:",
    "http://exa mple.com",
    "http://example.com/<tag>",
    "http://example.com/%zz",
    "http://example.com/\x00",
    None,
    12345,
    {"id": "http://example.com"},
]


@pytest.mark.parametrize("iri", VALID_IRIS)
def test_valid_iris(iri: str) -> None:
    assert is_iri(iri)


@pytest.mark.parametrize("iri", INVALID_IRIS)
def test_invalid_iris(iri: Any) -> None:
    assert not is_iri(iri)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("fd41c918-b88b-4b20-a0a5-a4c32391aaa0", True),
        ("FD41C918-B88B-4B20-A0A5-A4C32391AAA0", True),
        ("12345678-1234-5678-1234-567812345678", True),
        ("00000000-0000-0000-0000-000000000000", True),
        ("AA97B177-9383-4934-8543-0F91A7A028368", False),
        ("MA97B177-9383-4934-8543-0F91A7A02836", False),
        ("fd41c918b88b4b20a0a5a4c32391aaa0", False),
        ("{fd41c918-b88b-4b20-a0a5-a4c32391aaa0}", False),
        ("urn:uuid:fd41c918-b88b-4b20-a0a5-a4c32391aaa0", False),
        ("", False),
        (12345, False),
    ],
)
def test_uuids(value: Any, valid: bool) -> None:
    assert is_uuid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("mailto:xapi@adlnet.gov", True),
        ("MAILTO:xapi@adlnet.gov", True),
        ("mailto:first.last+tag@sub.example.co.uk", True),
        ("mailto:should.fail.com", False),
        ("http://should.fail.com", False),
        ("xapi@adlnet.gov", False),
        ("mailto:", False),
        ("mailto:a b@c.d", False),
        ("mailto:a@b@c", False),
    ],
)
def test_mailto_iris(value: str, valid: bool) -> None:
    assert is_mailto_iri(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("text/plain; charset=ascii", True),
        ("application/octet-stream", True),
        ("application/json", True),
        ('multipart/mixed; boundary="abc def"', True),
        ("image/svg+xml", True),
        ("should fail", False),
        ("text", False),
        ("text/", False),
        ("/plain", False),
        ("text/plain; charset", False),
        ("text plain", False),
    ],
)
def test_media_types(value: str, valid: bool) -> None:
    assert is_mime_type(value) is valid


def test_hash_formats() -> None:
    assert is_sha1_hex("ebd31e95054c018b10727ccffd2ef2ec3a016ee9")
    assert not is_sha1_hex("ebd31e95054c018b10727ccffd2ef2ec3a016ee")
    assert is_sha2_hex("495395e777cd98da653df9615d09c0fd6bb2f8d4788394cd53c56a3bfdcd848a")
    assert is_sha2_hex("a" * 56) and is_sha2_hex("b" * 96) and is_sha2_hex("c" * 128)
    assert not is_sha2_hex("a" * 40) and not is_sha2_hex("g" * 64)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1.0", True),
        ("1.0.0", True),
        ("1.0.3", True),
        ("1.0.10", True),
        ("1.1.0", False),
        ("0.95", False),
        ("1.0.", False),
        ("1", False),
        ("1.0.3.1", False),
        (1.0, False),
    ],
)
def test_versions(value: Any, valid: bool) -> None:
    assert is_version(value) is valid


class TestLanguageMap:
    def test_valid(self) -> None:
        check_language_map({"en-US": "hello", "de": "hallo", "zh-Hant": "你好"}, "m", "a map")

    @pytest.mark.parametrize(
        ("value", "path", "text"),
        [
            ("hello", "m", "must be a language map object, not a string"),
            ([], "m", "not an array"),
            ({}, "m", "at least one entry"),
            ({"en-US": None}, "m.en-US", "must be a string, not null"),
            ({"en-US": 1}, "m.en-US", "must be a string, not a number"),
            ({"en-US": "ok", "en_GB": "no"}, "m.en_GB", "RFC 5646"),
        ],
    )
    def test_invalid(self, value: Any, path: str, text: str) -> None:
        with pytest.raises(XapiValidationError) as caught:
            check_language_map(value, "m", "a map")
        assert caught.value.path == path
        assert text in caught.value.message


class TestExtensions:
    def test_any_json_values(self) -> None:
        check_extensions(
            {
                "http://example.com/a": None,
                "http://example.com/b": [1, {"x": None}],
                "urn:example:c": True,
            },
            "ext",
        )

    @pytest.mark.parametrize("value", ["x", [], None, 1])
    def test_must_be_object(self, value: Any) -> None:
        with pytest.raises(XapiValidationError, match="extensions must be an object"):
            check_extensions(value, "ext")

    def test_keys_must_be_iris(self) -> None:
        with pytest.raises(XapiValidationError) as caught:
            check_extensions({"http://example.com/ok": 1, "valid": 2}, "ext")
        assert caught.value.path == "ext.valid"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "a boolean"),
        (1, "a number"),
        (1.5, "a number"),
        ("", "the empty string"),
        ("x", "a string"),
        ([], "an array"),
        ({}, "an object"),
    ],
)
def test_describe(value: Any, text: str) -> None:
    assert describe(value) == text
