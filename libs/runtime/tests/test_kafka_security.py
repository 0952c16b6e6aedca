"""Kafka connection security from the environment (SCRAM users per service in production)."""

from __future__ import annotations

import ssl

import pytest

from continuum_runtime.kafka import security_options


def test_plaintext_by_default() -> None:
    assert security_options({}) == {"security_protocol": "PLAINTEXT"}


def test_scram_over_plaintext() -> None:
    options = security_options(
        {
            "KAFKA_SECURITY_PROTOCOL": "sasl_plaintext",
            "KAFKA_SASL_USERNAME": "progress",
            "KAFKA_SASL_PASSWORD": "s3cret",
        }
    )
    assert options == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "progress",
        "sasl_plain_password": "s3cret",
    }


def test_scram_over_tls_verifies_the_brokers() -> None:
    options = security_options(
        {
            "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
            "KAFKA_SASL_MECHANISM": "scram-sha-256",
            "KAFKA_SASL_USERNAME": "progress",
            "KAFKA_SASL_PASSWORD": "s3cret",
        }
    )
    assert options["sasl_mechanism"] == "SCRAM-SHA-256"
    context = options["ssl_context"]
    assert isinstance(context, ssl.SSLContext) and context.verify_mode == ssl.CERT_REQUIRED


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"KAFKA_SECURITY_PROTOCOL": "KERBEROS"}, "must be one of"),
        ({"KAFKA_SECURITY_PROTOCOL": "SASL_SSL"}, "KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"),
        (
            {"KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT", "KAFKA_SASL_USERNAME": "x"},
            "needs KAFKA_SASL_PASSWORD",
        ),
    ],
)
def test_incomplete_settings_are_refused_by_name(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        security_options(environ)
