"""Content-Disposition for any file name (RFC 6266 `filename*`)."""

from __future__ import annotations

from continuum_runtime.api.downloads import attachment


def test_an_ascii_name_is_plain() -> None:
    assert attachment("catalog-items.csv") == 'attachment; filename="catalog-items.csv"'


def test_a_name_outside_latin_1_travels_as_filename_star() -> None:
    value = attachment("каталог-学习.csv")
    value.encode("latin-1")  # a header value the server can send
    assert value == (
        'attachment; filename="_______-__.csv"; '
        "filename*=UTF-8''%D0%BA%D0%B0%D1%82%D0%B0%D0%BB%D0%BE%D0%B3-%E5%AD%A6%E4%B9%A0.csv"
    )


def test_quotes_and_controls_never_reach_the_quoted_form() -> None:
    value = attachment('a"b\r\nc.csv')
    assert "\r" not in value and "\n" not in value
    assert value.startswith(
        "attachment; filename=\"a_b__c.csv\"; filename*=UTF-8''a%22b%0D%0Ac.csv"
    )
