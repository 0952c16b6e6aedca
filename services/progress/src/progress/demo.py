"""Demo data for `make run`, loaded the way production data arrives.

Employees are hired through `hris.employees.v1` (as an HRIS system publishes them); learning
happens as xAPI statements POSTed to the LRS; item activity IRIs come from the catalog's API.
Ids are derived deterministically, so loading twice changes nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from continuum_contracts.events.hris import EmployeeHired
from continuum_runtime.envelope import CloudEvent
from continuum_runtime.kafka import make_producer
from progress.settings import ProgressSettings

NAMESPACE = uuid.UUID("0b9f6f1e-7a53-4c4e-9d0a-3f1c2b7e5d10")
ORG_HOMEPAGE = ProgressSettings().org_homepage
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
ATTEMPTED = "http://adlnet.gov/expapi/verbs/attempted"


@dataclass(frozen=True)
class DemoEmployee:
    employee_id: str
    given_name: str
    family_name: str
    role_id: str
    manager_id: str | None
    department: str


EMPLOYEES = (
    DemoEmployee("M20001", "Amara", "Okafor", "enterprise-architect", None, "Engineering"),
    DemoEmployee("E10001", "Lukas", "Schmidt", "software-developer", "M20001", "Engineering"),
    DemoEmployee("E10002", "Sofia", "Rossi", "software-developer", "M20001", "Engineering"),
    DemoEmployee("E10003", "Mateo", "García", "data-analyst", "M20001", "Analytics"),
    DemoEmployee("E10004", "Aiko", "Tanaka", "web-developer", "M20001", "Engineering"),
    DemoEmployee("E10005", "Noor", "Haddad", "data-analyst", "M20001", "Analytics"),
)


def hired_event(employee: DemoEmployee) -> EmployeeHired:
    return EmployeeHired(
        employee_id=employee.employee_id,
        effective_date=date(2026, 1, 5),
        occurred_at=datetime(2026, 1, 2, 9, 0, tzinfo=UTC),
        source_system="demo",
        email=f"{employee.given_name.lower()}.{employee.family_name.lower()}@continuum.example",
        given_name=employee.given_name,
        family_name=employee.family_name,
        role_id=employee.role_id,
        manager_id=employee.manager_id,
        department=employee.department,
        location="remote",
    )


async def publish_hires(bootstrap_servers: str) -> int:
    producer = make_producer(bootstrap_servers, "progress-demo")
    await producer.start()
    try:
        for employee in EMPLOYEES:
            event = hired_event(employee)
            cloud_event = CloudEvent(
                id=str(uuid.uuid5(NAMESPACE, f"hired:{employee.employee_id}")),
                type=event.event_type,
                source="/hris/demo",
                subject=event.subject(),
                data=event.to_json_dict(),
            )
            await producer.send_and_wait(
                event.topic.name,
                key=event.key().encode(),
                value=cloud_event.value(),
                headers=cloud_event.headers(),
            )
    finally:
        await producer.stop()
    return len(EMPLOYEES)


def demo_statements(items: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Some weeks of learning for the demo employees, over the catalog's published items."""
    published = [i for i in items if i.get("status") == "published"]
    statements: list[dict[str, Any]] = []
    for index, employee in enumerate(EMPLOYEES[1:]):
        for step, item in enumerate(published[index : index + 4]):
            done = step < 3
            minutes = min(int(item.get("duration_minutes") or 60), 240)
            statements.append(
                {
                    "id": str(uuid.uuid5(NAMESPACE, f"{employee.employee_id}:{item['id']}")),
                    "actor": {
                        "objectType": "Agent",
                        "name": f"{employee.given_name} {employee.family_name}",
                        "account": {"homePage": ORG_HOMEPAGE, "name": employee.employee_id},
                    },
                    "verb": {
                        "id": COMPLETED if done else ATTEMPTED,
                        "display": {"en-US": "completed" if done else "attempted"},
                    },
                    "object": {
                        "objectType": "Activity",
                        "id": item["activity_iri"],
                        "definition": {"name": {item.get("language", "en"): item["title"]}},
                    },
                    "result": {"completion": done, "duration": f"PT{minutes}M"},
                    "timestamp": (now - timedelta(days=7 * (3 - step) + index)).isoformat(),
                }
            )
    return statements


async def load(url: str, token: str, catalog_url: str, bootstrap_servers: str) -> dict[str, int]:
    hired = await publish_hires(bootstrap_servers)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.get(
            f"{catalog_url.rstrip('/')}/items", params={"limit": 100}, headers=headers
        )
        response.raise_for_status()
        statements = demo_statements(response.json()["items"], datetime.now(UTC))
        if statements:
            stored = await client.post(
                f"{url.rstrip('/')}/xapi/statements",
                json=statements,
                headers={**headers, "X-Experience-API-Version": "1.0.3"},
            )
            if stored.status_code not in (200, 204):
                raise RuntimeError(
                    f"LRS refused the demo statements: {stored.status_code} {stored.text}"
                )
    return {"employees": hired, "statements": len(statements)}


def run(url: str, token: str, catalog_url: str, bootstrap_servers: str) -> dict[str, int]:
    return asyncio.run(load(url, token, catalog_url, bootstrap_servers))
