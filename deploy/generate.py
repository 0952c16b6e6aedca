"""Write (or, with --check, verify) every generated deployment file.

    python -m deploy.generate           # make deploy
    python -m deploy.generate --check   # make deploy-check: fail when a file is stale

Inputs: deploy/services.toml, the topic catalogue (contracts) and the services present in the
tree (their settings classes). A file whose first line is GENERATED belongs to this script:
edit the inputs or the builders (deploy/*.py), never the file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from deploy import compose_file, dashboards, k8s_network, k8s_scaling, k8s_workloads
from deploy.files import dump, is_generated
from deploy.overlays import overlay_files, strimzi_files
from deploy.spec import REPO, Environment, Service, Spec, load_spec

K8S = Path("deploy/k8s")
MANAGED_DIRS = (K8S, Path("deploy/compose"))
# Hand-written resources of the base, in apply order.
PLATFORM = (
    "platform/namespace.yaml",
    "platform/shared-config.yaml",
    "platform/messaging-config.yaml",
    "platform/networkpolicy.yaml",
    "platform/topics-job.yaml",
    "platform/prometheusrule.yaml",
)

Obj = dict[str, Any]


def service_files(
    service: Service, callers: list[str], environments: tuple[Environment, ...]
) -> dict[str, str]:
    """deploy/k8s/base/<service>/*.yaml."""
    w, s, n = k8s_workloads, k8s_scaling, k8s_network
    files = {
        "config.yaml": dump(
            w.config_map(service),
            note=f"Read with prefix {service.env_prefix} after continuum-shared; values: "
            "deploy/services.toml.",
        ),
        "serviceaccount.yaml": dump(w.service_account(service)),
        "deployment-api.yaml": dump(w.deployment(service, "api")),
        "service.yaml": dump(n.service(service)),
        "hpa.yaml": dump(s.hpa(service)),
        "pdb.yaml": dump(*(s.pdb(service, c) for c in service.components)),
        "networkpolicy.yaml": dump(n.network_policy(service, callers)),
        "podmonitor.yaml": dump(n.pod_monitor(service)),
    }
    if service.database:
        files["migrate-job.yaml"] = dump(w.migrate_job(service))
    if service.has_worker:
        files["deployment-worker.yaml"] = dump(w.deployment(service, "worker"))
        files["scaledobject.yaml"] = dump(
            s.scaled_object(service),
            note="Topics: the catalogue's consumers of "
            + ", ".join(t.name for t in service.consumes),
        )
    if service.public:
        host = next((e.host for e in environments if e.name == "production"), "localhost")
        files["ingress.yaml"] = dump(n.ingress(service, host))
    return {f"{K8S}/base/{service.name}/{name}": text for name, text in files.items()}


def base_kustomization(services: tuple[Service, ...], service_paths: list[str]) -> str:
    prefix = f"{K8S}/base/"
    return dump(
        {
            "apiVersion": "kustomize.config.k8s.io/v1beta1",
            "kind": "Kustomization",
            "namespace": "continuum",
            "labels": [
                {"pairs": {"app.kubernetes.io/part-of": "continuum"}, "includeSelectors": False}
            ],
            "resources": [*PLATFORM, *(p.removeprefix(prefix) for p in service_paths)],
            "configMapGenerator": [
                {
                    "name": "continuum-dashboards",
                    "files": [f"dashboards/{name}" for name in dashboards.FILES],
                    "options": {
                        "disableNameSuffixHash": True,
                        "labels": {"grafana_dashboard": "1"},
                    },
                }
            ],
            "images": [{"name": s.image, "newTag": "latest"} for s in services],
        },
        note="Requires Kubernetes >= 1.25, KEDA >= 2.10, the Prometheus operator (PodMonitor,\n"
        "PrometheusRule) and the Secrets of deploy/README.md §3.",
    )


def render(spec: Spec) -> dict[str, str]:
    services = spec.present
    files: dict[str, str] = {}
    for service in services:
        callers = sorted(s.name for s in services if service.name in s.calls)
        files |= service_files(service, callers, spec.environments)
    if services:
        toolbox = f"{K8S}/base/toolbox"
        files[f"{toolbox}/deployment.yaml"] = dump(
            *k8s_workloads.toolbox(spec.cli_image_service),
            note='The operator CLI\'s pod (docs/runbook.md, "Conventions"): 0 replicas until needed.',
        )
        files[f"{toolbox}/networkpolicy.yaml"] = dump(
            k8s_network.toolbox_policy(k8s_workloads.TOOLBOX)
        )
    files[f"{K8S}/base/kustomization.yaml"] = base_kustomization(services, sorted(files))
    for name, board in dashboards.FILES.items():
        files[f"{K8S}/base/dashboards/{name}"] = json.dumps(board(), indent=2) + "\n"
    for env in spec.environments:
        files |= overlay_files(env, services)
    files |= strimzi_files(services)
    files["deploy/compose/compose.yaml"] = dump(
        compose_file.compose(services, spec.cli_image_service),
        note="Continuum on one machine: `docker compose -f deploy/compose/compose.yaml up --build -d`\n"
        "(deploy/README.md §2). Passwords are for local use only.",
    )
    return files


def stale_files(files: dict[str, str], root: Path = REPO) -> list[str]:
    """Generated files that are missing, differ, or are no longer generated."""
    problems = [
        p for p, text in files.items() if not (root / p).is_file() or (root / p).read_text() != text
    ]
    for folder in MANAGED_DIRS:
        for path in (root / folder).rglob("*"):
            rel = str(path.relative_to(root))
            if (
                path.is_file()
                and path.suffix in {".yaml", ".json"}
                and rel not in files
                and is_generated(path)
            ):
                problems.append(rel)
    return sorted(problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a generated file is stale")
    args = parser.parse_args(argv)
    files = render(load_spec())
    problems = stale_files(files)
    if args.check:
        if problems:
            print("stale deployment files (run `make deploy`):", *problems, sep="\n  ")
            return 1
        print(f"{len(files)} generated deployment files are up to date")
        return 0
    for rel in problems:
        path = REPO / rel
        if rel in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(files[rel])
        else:
            path.unlink()
    print(
        f"wrote {len([p for p in problems if p in files])}, removed "
        f"{len([p for p in problems if p not in files])} of {len(files)} deployment files"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
