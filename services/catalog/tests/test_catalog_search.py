"""Search and browse: full text, filters, sorting, cursor pagination, same on both backends."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from factories import create_item, put_skill

from continuum_runtime.testing.service import ServiceUnderTest, unique

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
async def corpus(catalog: ServiceUnderTest) -> dict[str, Any]:
    admin = catalog.client("admin")
    skill = unique("k8s")
    await put_skill(admin, skill)
    tag = unique("corpus")
    ids = {}
    for title, summary, tags, kind, language, minutes, level in CORPUS:
        item = await create_item(
            admin,
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


async def _titles(learner: httpx.AsyncClient, **params: Any) -> list[str]:
    response = await learner.get("/items", params={"limit": 50, **params})
    assert response.status_code == 200, response.text
    return [item["title"] for item in response.json()["items"]]


async def test_full_text_matches_words_as_prefixes_in_title_summary_and_tags(
    corpus: dict[str, Any], learner: httpx.AsyncClient
) -> None:
    tag = corpus["tag"]
    assert await _titles(learner, q=f"kubernet {tag}", sort="title") == [
        "Advanced Kubernetes operations",
        "Kubernetes fundamentals",
        "Kubernetes für Einsteiger",
        "Service mesh deep dive",
    ]
    assert await _titles(learner, q=f"FINOPS {tag}") == ["Cloud cost management"]
    assert await _titles(learner, q=f"incident {tag}") == ["The on-call podcast"]
    assert await _titles(learner, q=f"data-intensive {tag}") == [
        "Designing data-intensive applications"
    ]
    assert await _titles(learner, q=f"für {tag}") == ["Kubernetes für Einsteiger"]
    assert await _titles(learner, q=f"nothing-matches-this {tag}") == []


async def test_relevance_puts_title_matches_first(
    corpus: dict[str, Any], learner: httpx.AsyncClient
) -> None:
    titles = await _titles(learner, q=f"kubernetes {corpus['tag']}")
    assert titles[-1] == "Service mesh deep dive"


async def test_filters_combine(corpus: dict[str, Any], learner: httpx.AsyncClient) -> None:
    tag = corpus["tag"]
    assert await _titles(learner, q=tag, kind=["video"], sort="title") == [
        "Containerisation with Docker",
        "Service mesh deep dive",
    ]
    assert await _titles(learner, q=tag, language="en", min_minutes=400, sort="duration") == [
        "Kubernetes fundamentals",
        "Designing data-intensive applications",
        "Advanced Kubernetes operations",
    ]
    assert await _titles(learner, q=tag, language="de") == ["Kubernetes für Einsteiger"]
    assert await _titles(learner, q=tag, skill=corpus["skill"], min_level=4, sort="-title") == [
        "Designing data-intensive applications",
        "Advanced Kubernetes operations",
    ]


async def test_a_level_range_alone_filters_without_words_or_skill(
    corpus: dict[str, Any], learner: httpx.AsyncClient
) -> None:
    """Found by schemathesis: `?max_minutes=12&min_level=2` was a 500 (no words, no skill)."""
    assert await _titles(learner, min_level=2, max_minutes=12) == []
    titles = await _titles(learner, min_level=4, max_minutes=1000, sort="title")
    assert titles == ["Advanced Kubernetes operations", "Designing data-intensive applications"]


async def test_cursor_pagination_walks_every_item_once(
    corpus: dict[str, Any], learner: httpx.AsyncClient
) -> None:
    for sort in ("title", "-duration", "updated", "relevance"):
        seen: list[str] = []
        cursor = None
        while True:
            params: dict[str, Any] = {"q": corpus["tag"], "sort": sort, "limit": 3}
            if cursor:
                params["cursor"] = cursor
            page = (await learner.get("/items", params=params)).json()
            seen += [i["id"] for i in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert sorted(seen) == sorted(corpus["ids"].values()), sort


async def test_a_cursor_is_bound_to_its_query(
    corpus: dict[str, Any], learner: httpx.AsyncClient
) -> None:
    page = (await learner.get("/items", params={"q": corpus["tag"], "limit": 2})).json()
    other = await learner.get(
        "/items",
        params={"q": corpus["tag"], "limit": 2, "kind": "video", "cursor": page["next_cursor"]},
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["loc"] == ["query", "cursor"]
    garbage = await learner.get("/items", params={"cursor": "!!"})
    assert garbage.status_code == 422


async def test_learners_may_not_list_drafts(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    response = await learner.get("/items", params={"status": "draft"})
    assert response.status_code == 403
    assert (await admin.get("/items", params={"status": "draft"})).status_code == 200


async def test_a_word_that_looks_like_a_number_is_found(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient
) -> None:
    """PostgreSQL's query parser reads "7e30e616" as the float 7e30 then "e616"; searching
    must match the document's token anyway (regression: random hex tags missed items)."""
    tag = "corpus-7e30e616"
    await create_item(admin, tags=[tag], title="Exponent-looking tag")
    assert "Exponent-looking tag" in await _titles(learner, q=tag)


@pytest.mark.parametrize("tag", ["corpus-46371475", "corpus_x.v1+beta@example"])
async def test_words_split_at_punctuation_alike_on_both_databases(
    admin: httpx.AsyncClient, learner: httpx.AsyncClient, tag: str
) -> None:
    """PostgreSQL's parser reads "corpus-46371475" as a word and the number -46371475; the
    search column splits at every non-alphanumeric first, as SQLite does (regression)."""
    title = f"Punctuated {tag}"
    await create_item(admin, tags=[tag], title=title)
    for word in tag.replace("-", " ").replace("_", " ").replace(".", " ").split():
        assert title in await _titles(learner, q=word.split("+")[0].split("@")[0])
