"""Search and browse: full text, filters, sorting, cursor pagination, same on both backends."""

from __future__ import annotations

from typing import Any

import pytest
from catalog_helpers import CatalogClient, unique

# (title, summary, tags, kind, language, minutes, level)
CORPUS = [
    (
        "Kubernetes fundamentals",
        "Pods, deployments and services explained.",
        ["cloud", "containers"],
        "course",
        "en",
        480,
        2,
    ),
    (
        "Advanced Kubernetes operations",
        "Operators, autoscaling and upgrades.",
        ["cloud"],
        "course",
        "en-GB",
        960,
        4,
    ),
    (
        "Cloud cost management",
        "FinOps practices for cloud platforms.",
        ["finops"],
        "article",
        "en",
        30,
        2,
    ),
    (
        "Containerisation with Docker",
        "Build small images; compose services.",
        ["containers", "docker"],
        "video",
        "en",
        45,
        1,
    ),
    (
        "Kubernetes für Einsteiger",
        "Grundlagen von Pods und Deployments.",
        ["cloud"],
        "course",
        "de",
        300,
        1,
    ),
    (
        "Designing data-intensive applications",
        "Replication, partitioning, streams.",
        ["distributed-systems"],
        "book",
        "en",
        900,
        4,
    ),
    (
        "The on-call podcast",
        "Stories from incident response.",
        ["sre", "incidents"],
        "podcast",
        "en",
        50,
        2,
    ),
    (
        "Service mesh deep dive",
        "Sidecars, mTLS and traffic shifting in Kubernetes.",
        ["cloud", "networking"],
        "video",
        "en",
        90,
        3,
    ),
]
DETAILS = {
    "course": {"provider": "Internal Academy"},
    "article": {"url": "https://example.org/a"},
    "video": {"url": "https://example.org/v", "duration_seconds": 600},
    "book": {"authors": ["Martin Kleppmann"]},
    "podcast": {"series": "On call", "episode_url": "https://example.org/p"},
}


@pytest.fixture(scope="module")
async def corpus(catalog: CatalogClient) -> dict[str, Any]:
    skill = unique("k8s")
    await catalog.put_skill(skill)
    tag = unique("corpus")
    ids = {}
    for title, summary, tags, kind, language, minutes, level in CORPUS:
        item = await catalog.create_item(
            title=title,
            summary=summary,
            tags=[*tags, tag],
            kind=kind,
            language=language,
            duration_minutes=minutes,
            details=DETAILS[kind],
            skills=[{"skill_id": skill, "level": level}],
        )
        ids[title] = item["id"]
    return {"skill": skill, "tag": tag, "ids": ids}


async def _titles(catalog: CatalogClient, **params: Any) -> list[str]:
    response = await catalog.http.get(
        "/items", params={"limit": 50, **params}, headers=catalog.learner
    )
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def test_full_text_matches_words_as_prefixes_in_title_summary_and_tags(
    catalog: CatalogClient, corpus: dict[str, Any]
) -> None:
    tag = corpus["tag"]
    assert await _titles(catalog, q=f"kubernet {tag}", sort="title") == [
        "Advanced Kubernetes operations",
        "Kubernetes fundamentals",
        "Kubernetes für Einsteiger",
        "Service mesh deep dive",
    ]
    assert await _titles(catalog, q=f"FINOPS {tag}") == ["Cloud cost management"]
    assert await _titles(catalog, q=f"incident {tag}") == ["The on-call podcast"]
    assert await _titles(catalog, q=f"data-intensive {tag}") == [
        "Designing data-intensive applications"
    ]
    assert await _titles(catalog, q=f"für {tag}") == ["Kubernetes für Einsteiger"]
    assert await _titles(catalog, q=f"nothing-matches-this {tag}") == []


async def test_relevance_puts_title_matches_first(
    catalog: CatalogClient, corpus: dict[str, Any]
) -> None:
    titles = await _titles(catalog, q=f"kubernetes {corpus['tag']}")
    assert titles[-1] == "Service mesh deep dive"


async def test_filters_combine(catalog: CatalogClient, corpus: dict[str, Any]) -> None:
    tag = corpus["tag"]
    assert await _titles(catalog, q=tag, kind=["video"], sort="title") == [
        "Containerisation with Docker",
        "Service mesh deep dive",
    ]
    assert await _titles(catalog, q=tag, language="en", min_minutes=400, sort="duration") == [
        "Kubernetes fundamentals",
        "Designing data-intensive applications",
        "Advanced Kubernetes operations",
    ]
    assert await _titles(catalog, q=tag, language="de") == ["Kubernetes für Einsteiger"]
    assert await _titles(catalog, q=tag, skill=corpus["skill"], min_level=4, sort="-title") == [
        "Designing data-intensive applications",
        "Advanced Kubernetes operations",
    ]


async def test_cursor_pagination_walks_every_item_once(
    catalog: CatalogClient, corpus: dict[str, Any]
) -> None:
    for sort in ("title", "-duration", "updated", "relevance"):
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"q": corpus["tag"], "sort": sort, "limit": 3}
            if cursor:
                params["cursor"] = cursor
            page = (await catalog.http.get("/items", params=params, headers=catalog.learner)).json()
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(corpus["ids"].values()), sort


async def test_a_cursor_is_bound_to_its_query(
    catalog: CatalogClient, corpus: dict[str, Any]
) -> None:
    page = (
        await catalog.http.get(
            "/items", params={"q": corpus["tag"], "limit": 2}, headers=catalog.learner
        )
    ).json()
    other = await catalog.http.get(
        "/items",
        params={"q": corpus["tag"], "limit": 2, "kind": "video", "cursor": page["next_cursor"]},
        headers=catalog.learner,
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["loc"] == ["query", "cursor"]
    garbage = await catalog.http.get("/items", params={"cursor": "!!"}, headers=catalog.learner)
    assert garbage.status_code == 422


async def test_learners_may_not_list_drafts(catalog: CatalogClient) -> None:
    response = await catalog.http.get("/items", params={"status": "draft"}, headers=catalog.learner)
    assert response.status_code == 403
    assert (
        await catalog.http.get("/items", params={"status": "draft"}, headers=catalog.admin)
    ).status_code == 200


async def test_a_word_that_looks_like_a_number_is_found(catalog: CatalogClient) -> None:
    """PostgreSQL's query parser reads "7e30e616" as the float 7e30 then "e616"; searching
    must match the document's token anyway (regression: random hex tags missed items)."""
    tag = "corpus-7e30e616"
    await catalog.create_item(tags=[tag], title="Exponent-looking tag")
    assert "Exponent-looking tag" in await _titles(catalog, q=tag)
