"""Local development token issuer: an RSA key made on first run, a JWKS endpoint, minting.

For `make run` and the tests only; production points services at a real OIDC issuer.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from jwt.algorithms import RSAAlgorithm

DEFAULT_AUDIENCE = "continuum"


@dataclass(frozen=True)
class DevIssuer:
    key_dir: Path
    issuer: str
    audience: str = DEFAULT_AUDIENCE

    @property
    def private_key_path(self) -> Path:
        return self.key_dir / "dev-issuer-key.pem"

    @property
    def jwks_path(self) -> Path:
        return self.key_dir / "jwks.json"

    @property
    def jwks_file_url(self) -> str:
        return self.jwks_path.resolve().as_uri()

    def ensure_keys(self) -> None:
        """Generate the signing key and the JWKS file once; later runs reuse them."""
        if self.private_key_path.exists() and self.jwks_path.exists():
            return
        self.key_dir.mkdir(parents=True, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self.private_key_path.write_bytes(pem)
        self.private_key_path.chmod(0o600)
        public_jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
        public_jwk.update({"kid": _kid(pem), "use": "sig", "alg": "RS256"})
        self.jwks_path.write_text(json.dumps({"keys": [public_jwk]}, indent=2))

    def jwks(self) -> dict[str, Any]:
        self.ensure_keys()
        return json.loads(self.jwks_path.read_text())

    def mint(
        self,
        subject: str,
        roles: list[str],
        *,
        ttl_seconds: int = 3600,
        name: str | None = None,
        reports: list[str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> str:
        self.ensure_keys()
        pem = self.private_key_path.read_bytes()
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": subject,
            "roles": roles,
            "iat": now,
            "nbf": now,
            "exp": now + ttl_seconds,
            "jti": str(uuid.uuid4()),
        }
        if name:
            claims["name"] = name
        if reports:
            claims["reports"] = reports
        claims.update(extra or {})
        return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": _kid(pem)})


def _kid(pem: bytes) -> str:
    import hashlib

    return hashlib.sha256(pem).hexdigest()[:16]


def create_issuer_app(issuer: DevIssuer) -> FastAPI:
    """Serves the JWKS and OpenID discovery document of the dev issuer."""
    app = FastAPI(title="Continuum dev token issuer", docs_url=None, redoc_url=None)

    @app.get("/.well-known/jwks.json")
    async def jwks() -> dict[str, Any]:
        return issuer.jwks()

    @app.get("/.well-known/openid-configuration")
    async def discovery() -> dict[str, Any]:
        return {
            "issuer": issuer.issuer,
            "jwks_uri": issuer.issuer.rstrip("/") + "/.well-known/jwks.json",
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def issuer_app_from_env() -> FastAPI:
    """Entry point for uvicorn (`--factory`): key dir and issuer URL from the environment."""
    import os

    issuer = DevIssuer(
        key_dir=Path(os.environ.get("CONTINUUM_DEV_ISSUER_DIR", "var/dev-issuer")),
        issuer=os.environ.get("CONTINUUM_DEV_ISSUER_URL", "http://127.0.0.1:8010"),
    )
    issuer.ensure_keys()
    return create_issuer_app(issuer)
