"""Bearer JWT verification: what is accepted and every way a token is refused."""

import base64
import json
import time

import httpx
import jwt
import pytest
from asgi_lifespan import LifespanManager
from cryptography.hazmat.primitives.asymmetric import rsa
from helpers import toy_settings
from toy import build_toy

from continuum_runtime.auth.devissuer import DevIssuer, create_issuer_app
from continuum_runtime.auth.principal import Principal
from continuum_runtime.auth.verifier import AuthError, TokenVerifier


@pytest.fixture
def verifier(dev_issuer: DevIssuer) -> TokenVerifier:
    return TokenVerifier(
        jwks_url=dev_issuer.jwks_file_url, issuer=dev_issuer.issuer, audience=dev_issuer.audience
    )


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _admin_claims(dev_issuer: DevIssuer) -> dict[str, object]:
    """Claims the verifier would accept from `dev_issuer`, valid for ten minutes."""
    return {
        "sub": "E1",
        "roles": ["admin"],
        "iss": dev_issuer.issuer,
        "aud": dev_issuer.audience,
        "iat": int(time.time()),
        "exp": int(time.time()) + 600,
    }


def test_valid_token_gives_the_principal(verifier: TokenVerifier, dev_issuer: DevIssuer) -> None:
    # A token claiming reports gets no more than its subject and roles (ADR 0012).
    token = dev_issuer.mint("E100", ["learner", "manager"], reports=["E101"])
    principal = verifier.verify(token)
    assert principal == Principal(subject="E100", roles=frozenset({"learner", "manager"}))


def test_expired_token_is_refused(verifier: TokenVerifier, dev_issuer: DevIssuer) -> None:
    token = dev_issuer.mint("E100", ["learner"], ttl_seconds=-120)
    with pytest.raises(AuthError, match="(?i)expired"):
        verifier.verify(token)


def test_wrong_audience_and_issuer_are_refused(dev_issuer: DevIssuer) -> None:
    token = dev_issuer.mint("E100", ["learner"])
    other_aud = TokenVerifier(
        jwks_url=dev_issuer.jwks_file_url, issuer=dev_issuer.issuer, audience="other"
    )
    with pytest.raises(AuthError, match="(?i)audience"):
        other_aud.verify(token)
    other_iss = TokenVerifier(
        jwks_url=dev_issuer.jwks_file_url, issuer="https://evil", audience=dev_issuer.audience
    )
    with pytest.raises(AuthError, match="(?i)issuer"):
        other_iss.verify(token)


def test_alg_none_is_refused(verifier: TokenVerifier, dev_issuer: DevIssuer) -> None:
    claims = _admin_claims(dev_issuer)
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    with pytest.raises(AuthError, match="algorithm"):
        verifier.verify(token)


def test_hs256_signed_with_the_public_key_is_refused(
    verifier: TokenVerifier, dev_issuer: DevIssuer
) -> None:
    public_jwk = dev_issuer.jwks()["keys"][0]
    secret = json.dumps(public_jwk).encode()
    claims = _admin_claims(dev_issuer)
    token = jwt.encode(claims, secret, algorithm="HS256", headers={"kid": public_jwk["kid"]})
    with pytest.raises(AuthError, match="algorithm"):
        verifier.verify(token)


def test_token_signed_by_another_key_is_refused(
    verifier: TokenVerifier, dev_issuer: DevIssuer
) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = dev_issuer.jwks()["keys"][0]["kid"]
    claims = _admin_claims(dev_issuer)
    token = jwt.encode(claims, other, algorithm="RS256", headers={"kid": kid})
    with pytest.raises(AuthError, match="(?i)signature"):
        verifier.verify(token)


def test_unknown_role_and_missing_subject_are_refused(
    verifier: TokenVerifier, dev_issuer: DevIssuer
) -> None:
    with pytest.raises(AuthError, match="roles"):
        verifier.verify(dev_issuer.mint("E1", ["superuser"]))
    with pytest.raises(AuthError):
        verifier.verify(dev_issuer.mint("E1", ["learner"], extra={"sub": None}))
    with pytest.raises(AuthError, match="subject is empty"):
        verifier.verify(dev_issuer.mint("  ", ["learner"]))
    with pytest.raises(AuthError, match="no role"):
        verifier.verify(dev_issuer.mint("E1", []))


async def test_service_endpoints_need_a_token_but_health_does_not(
    sqlite_url: str, bootstrap_servers: str, auth_settings: dict[str, str], dev_issuer: DevIssuer
) -> None:
    settings = toy_settings(
        sqlite_url, bootstrap_servers, auth_settings, consumers_enabled=False, relay_enabled=False
    )
    _runtime, app, metadata, _ = build_toy(settings, topic="toy.auth.v1")
    from helpers import create_schema

    await create_schema(sqlite_url, metadata)
    async with (
        LifespanManager(app, shutdown_timeout=30),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client,
    ):
        for path in ("/healthz", "/metrics", "/docs", "/openapi.json"):
            assert (await client.get(path)).status_code == 200, path
        missing = await client.post("/notes", json={"key": "a", "seq": 1})
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        bad = await client.post(
            "/notes", json={"key": "a", "seq": 1}, headers={"Authorization": "Bearer nonsense"}
        )
        assert bad.status_code == 401
        ok = await client.post(
            "/notes",
            json={"key": "a", "seq": 1},
            headers={"Authorization": f"Bearer {dev_issuer.mint('E1', ['learner'])}"},
        )
        assert ok.status_code == 202


async def test_dev_issuer_serves_its_jwks_over_http(dev_issuer: DevIssuer) -> None:
    app = create_issuer_app(dev_issuer)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        jwks = (await client.get("/.well-known/jwks.json")).json()
        config = (await client.get("/.well-known/openid-configuration")).json()
    assert jwks["keys"][0]["alg"] == "RS256" and "d" not in jwks["keys"][0]
    assert config["issuer"] == dev_issuer.issuer
