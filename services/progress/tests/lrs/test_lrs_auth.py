"""xAPI authentication (Basic credentials, bearer tokens) and the protocol rules of every /xapi
request: the version header, CORS, and the error shape."""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from continuum_runtime.db import create_engine, session_factory
from continuum_runtime.testing.service import ServiceUnderTest, service_fixture
from progress import cli
from progress.lrs.domain.credentials import secret_matches
from progress.lrs.service_layer.credentials import issue_credential
from progress.lrs.store.credentials import get_credential
from progress.main import create_app
from progress.settings import ProgressSettings
from progress.store.migrate import migrate_async

V = {"X-Experience-API-Version": "1.0.3"}
STATEMENT = {
    "actor": {"mbox": "mailto:auth@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
    "object": {"id": "http://example.com/activities/auth"},
}


progress = service_fixture(
    create_app,
    ProgressSettings,
    migrate_async,
    backends=("sqlite",),
    events=False,
    xapi_credential_cache_seconds=60,
)


@pytest.fixture(scope="module")
async def credentials(progress: ServiceUnderTest) -> tuple[str, str]:
    return await issue_credential(
        uow=progress.runtime.unit_of_work(),
        name="a tool",
        scopes=["all"],
        content=["*"],
        pepper=progress.settings.xapi_credential_pepper,
    )


@pytest.fixture(scope="module")
def client(progress: ServiceUnderTest) -> httpx.AsyncClient:
    """A client sending nothing by itself: each test sets the headers it means."""
    return progress.anonymous


def basic(key: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()}


async def test_basic_credentials_authenticate(
    client: httpx.AsyncClient, credentials: tuple[str, str]
) -> None:
    response = await client.post(
        "/xapi/statements", json=STATEMENT, headers={**basic(*credentials), **V}
    )
    assert response.status_code == 200, response.text
    about = await client.get("/xapi/about", headers={**basic(*credentials), **V})
    assert "1.0.3" in about.json()["version"]


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "Basic bm90LWJhc2U2NA!!",
        "Basic " + base64.b64encode(b"no-colon").decode(),
        "Basic " + base64.b64encode(b"unknown:secret").decode(),
        "Bearer not.a.jwt",
        "Digest abc",
    ],
)
async def test_missing_or_bad_credentials_are_401_with_the_version_header(
    client: httpx.AsyncClient, authorization: str | None
) -> None:
    headers = dict(V)
    if authorization:
        headers["Authorization"] = authorization
    response = await client.get("/xapi/statements", headers=headers)
    assert response.status_code == 401
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert "Basic" in response.headers["WWW-Authenticate"]


async def test_a_wrong_secret_is_401_even_when_the_key_is_cached(
    client: httpx.AsyncClient, credentials: tuple[str, str]
) -> None:
    key, secret = credentials
    statements = "/xapi/statements?limit=1"
    assert (await client.get(statements, headers={**basic(key, secret), **V})).is_success
    wrong = await client.get(statements, headers={**basic(key, secret + "x"), **V})
    assert wrong.status_code == 401


async def test_bearer_tokens_authenticate(
    client: httpx.AsyncClient, progress: ServiceUnderTest
) -> None:
    token = progress.token("admin", subject="E-7")
    response = await client.get(
        "/xapi/statements", headers={"Authorization": f"Bearer {token}", **V}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("version", [None, "", "1.1.0", "2.0.0", "0.95", "1.0.x", "one"])
async def test_requests_without_a_1_0_version_are_400(
    client: httpx.AsyncClient, credentials: tuple[str, str], version: str | None
) -> None:
    headers = basic(*credentials)
    if version is not None:
        headers["X-Experience-API-Version"] = version
    response = await client.get("/xapi/statements", headers=headers)
    assert response.status_code == 400
    assert response.headers["X-Experience-API-Version"] == "1.0.3"
    assert "X-Experience-API-Version" in response.json()["rule"]


@pytest.mark.parametrize("version", ["1.0", "1.0.0", "1.0.1", "1.0.2", "1.0.3", "1.0.9"])
async def test_any_1_0_version_is_accepted(
    client: httpx.AsyncClient, credentials: tuple[str, str], version: str
) -> None:
    headers = {**basic(*credentials), "X-Experience-API-Version": version}
    response = await client.get("/xapi/statements", params={"limit": "1"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["X-Experience-API-Version"] == "1.0.3"


async def test_the_about_resource_needs_no_version_header_nor_credentials(
    client: httpx.AsyncClient, credentials: tuple[str, str]
) -> None:
    response = await client.get("/xapi/about", headers=basic(*credentials))
    assert response.status_code == 200
    # Clients discover the LRS's versions before they authenticate (Communication 2.8).
    anonymous = await client.get("/xapi/about")
    assert anonymous.status_code == 200
    assert anonymous.json()["version"][0] == "1.0.3"
    assert anonymous.headers["X-Experience-API-Version"] == "1.0.3"


async def test_cors_preflight_and_exposed_headers(
    client: httpx.AsyncClient, credentials: tuple[str, str]
) -> None:
    preflight = await client.options(
        "/xapi/statements",
        headers={
            "Origin": "https://content.example.org",
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "authorization, x-experience-api-version",
        },
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://content.example.org"
    assert "PUT" in preflight.headers["Access-Control-Allow-Methods"]
    assert "authorization" in preflight.headers["Access-Control-Allow-Headers"]
    response = await client.get(
        "/xapi/statements",
        headers={**basic(*credentials), **V, "Origin": "https://content.example.org"},
    )
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert "X-Experience-API-Consistent-Through" in exposed
    assert "X-Experience-API-Version" in exposed


async def test_routes_outside_xapi_are_untouched(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert "X-Experience-API-Version" not in response.headers


def test_the_cli_issues_credentials_that_authenticate(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    env = {"PROGRESS_DATABASE_URL": url}
    assert runner.invoke(cli.app, ["migrate"], env=env).exit_code == 0
    create = ["credentials", "create", "--name", "course player"]
    content = ["--content", "https://courses.example.com/", "--content", "https://x.example/"]
    bad_scope = runner.invoke(cli.app, [*create, "--scope", "nope", *content], env=env)
    assert bad_scope.exit_code != 0
    # A provider is registered for some content, or explicitly for any (`*`).
    no_content = runner.invoke(cli.app, [*create, "--scope", "statements/write"], env=env)
    assert no_content.exit_code != 0
    result = runner.invoke(cli.app, [*create, "--scope", "statements/write", *content], env=env)
    assert result.exit_code == 0, result.output
    lines = dict(line.split(":", 1) for line in result.output.strip().splitlines())
    key, secret = lines["key"].strip(), lines["secret"].strip()
    settings = ProgressSettings(database_url=url)

    async def stored() -> tuple[str, str, str]:
        engine = create_engine(url)
        async with session_factory(engine)() as session:
            credential = await get_credential(session, key)
        await engine.dispose()
        assert credential is not None
        return credential.scopes, credential.content, credential.secret_hash

    scopes, registered, secret_hash = asyncio.run(stored())
    assert scopes == "statements/write"
    assert registered == "https://courses.example.com/ https://x.example/"
    assert secret_matches(secret, secret_hash, settings.xapi_credential_pepper)
