"""`continuum new-service NAME`: a new service from the skeleton, already wired in everywhere.

The skeleton (skeleton/) is a small, working service: it migrates, serves health, readiness,
metrics and an authenticated route, consumes `hris.employees.v1`, and has tests on both
databases. Nothing else is edited by hand: the workspace, `make test`, `make lint` and
`make run` find services by their directories; the only shared file this changes is the topic
catalogue, which must list every consumer (Kafka ACLs are generated from it).
"""

from __future__ import annotations

import datetime as dt
import keyword
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from continuum_runtime.stackspec import discover_services

SKELETON = Path(__file__).parent / "skeleton"
NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
# Ports the platform reserves for its services (gateway 8000 .. mentorship 8004).
RESERVED_UP_TO = 8004
TOPICS_MODULE = Path("contracts/src/continuum_contracts/topics.py")
CONSUMED_TOPIC = "HRIS_EMPLOYEES"


class ScaffoldError(ValueError):
    """The service cannot be created as asked."""


@dataclass(frozen=True)
class Names:
    service: str  # directory, console script and consumer group: demo-svc
    module: str  # Python package: demo_svc
    cls: str  # class prefix: DemoSvc
    prefix: str  # settings env prefix: DEMO_SVC_

    @classmethod
    def of(cls, service: str) -> Names:
        if not NAME.match(service):
            raise ScaffoldError(
                f"{service!r}: use lower-case letters and digits, words joined by '-'"
            )
        module = service.replace("-", "_")
        if keyword.iskeyword(module):
            raise ScaffoldError(f"{service!r} is a Python keyword")
        return cls(
            service=service,
            module=module,
            cls="".join(part.capitalize() for part in service.split("-")),
            prefix=module.upper() + "_",
        )


def next_port(root: Path) -> int:
    used = [s.port for s in discover_services(root)]
    return max([RESERVED_UP_TO, *used]) + 1


def create_service(
    root: Path, service: str, *, port: int | None = None, regenerate: bool = True
) -> Path:
    """Render the skeleton into services/<service>/ and list it as a consumer; returns the dir."""
    names = Names.of(service)
    target = root / "services" / names.service
    if target.exists():
        raise ScaffoldError(f"{target} already exists")
    taken = {s.name: s.port for s in discover_services(root)}
    if names.module in {s.replace("-", "_") for s in taken}:
        raise ScaffoldError(f"a service named {service!r} exists")
    chosen = port or next_port(root)
    if chosen in taken.values():
        raise ScaffoldError(f"port {chosen} is taken")
    values = {
        "{{service}}": names.service,
        "{{module}}": names.module,
        "{{Class}}": names.cls,
        "{{PREFIX}}": names.prefix,
        "{{port}}": str(chosen),
        "{{date}}": dt.date.today().isoformat(),
    }
    for source in sorted(SKELETON.rglob("*.tmpl")):
        relative = source.relative_to(SKELETON).as_posix().removesuffix(".tmpl")
        relative = relative.replace("src/module/", f"src/{names.module}/")
        relative = relative.replace("test_module_", f"test_{names.module}_")
        text = source.read_text()
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(text)
    add_consumer(root / TOPICS_MODULE, CONSUMED_TOPIC, names.service)
    _format(target)
    if regenerate:
        _regenerate_contracts(root)
    return target


def _regenerate_contracts(root: Path) -> None:
    """The AsyncAPI document names each topic's consumers: write it anew."""
    import sys

    subprocess.run([sys.executable, "-m", "continuum_contracts.generate"], cwd=root, check=True)


def _format(target: Path) -> None:
    """Lay the code out as `ruff format` would (line breaks depend on the name's length)."""
    import sys

    for command in (["format", "--quiet"], ["check", "--fix", "--quiet", "--exit-zero"]):
        subprocess.run([sys.executable, "-m", "ruff", *command, str(target)], check=False)


def add_consumer(topics_module: Path, topic_constant: str, service: str) -> None:
    """List `service` among the consumers of one topic of the catalogue (idempotent)."""
    text = topics_module.read_text()
    start = text.index(f"{topic_constant} = Topic(")
    match = re.compile(r"consumers=\(([^)]*)\)").search(text, start)
    if match is None:
        raise ScaffoldError(f"no consumers tuple for {topic_constant} in {topics_module}")
    names = [n.strip().strip("\"'") for n in match.group(1).split(",") if n.strip()]
    if service in names:
        return
    listed = ", ".join(f'"{n}"' for n in [*names, service])
    text = text[: match.start()] + f"consumers=({listed})" + text[match.end() :]
    topics_module.write_text(text)


def relock(root: Path) -> bool:
    """Re-lock the workspace so that `uv sync --frozen` installs the new package."""
    uv = shutil.which("uv") or str(root / ".tools" / "bin" / "uv")
    if not Path(uv).exists() and shutil.which(uv) is None:
        return False
    subprocess.run([uv, "lock"], cwd=root, check=True)
    return True
