"""The generated pieces are current, every service has them, and new services get them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

from continuum_runtime.settings import ServiceSettings
from deploy import generate
from deploy.consistency import coverage_problems
from deploy.files import GENERATED
from deploy.spec import Service, Spec
from deploy.validate import kubernetes_versions, validate_objects


def test_generated_files_are_current(spec: Spec) -> None:
    assert generate.stale_files(generate.render(spec)) == []


def test_a_hand_edited_scaled_object_is_stale(spec: Spec, tmp_path: Path) -> None:
    files = generate.render(spec)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    assert generate.stale_files(files, tmp_path) == []
    scaled = tmp_path / "deploy/k8s/base/progress/scaledobject.yaml"
    # The defect of issue 14: a consumed topic missing from the triggers.
    scaled.write_text(scaled.read_text().replace("topic: recognition.v1", "topic: catalog.v1"))
    assert generate.stale_files(files, tmp_path) == ["deploy/k8s/base/progress/scaledobject.yaml"]


def test_a_generated_file_no_longer_generated_is_stale(spec: Spec, tmp_path: Path) -> None:
    files = generate.render(spec)
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    leftover = tmp_path / "deploy/k8s/base/retired/deployment-api.yaml"
    leftover.parent.mkdir(parents=True)
    leftover.write_text(GENERATED + "\nkind: Deployment\n")
    assert generate.stale_files(files, tmp_path) == ["deploy/k8s/base/retired/deployment-api.yaml"]


def test_every_service_has_its_pieces(spec: Spec, rendered: dict[str, list[dict]]) -> None:
    assert {s.name for s in spec.present} >= {"catalog", "progress"}
    for folder in ("base", "overlays/staging", "overlays/production"):
        assert coverage_problems(rendered[folder], spec) == [], folder


def test_a_service_directory_without_a_declaration_fails(
    spec: Spec, rendered: dict[str, list[dict]], tmp_path: Path
) -> None:
    settings = tmp_path / "services/billing/src/billing/settings.py"
    settings.parent.mkdir(parents=True)
    settings.write_text("")
    assert coverage_problems(rendered["base"], spec, tmp_path) == [
        "services/billing exists but deploy/services.toml does not declare it"
    ]


def test_a_missing_worker_fails(spec: Spec, rendered: dict[str, list[dict]]) -> None:
    objects = [o for o in rendered["base"] if o["metadata"]["name"] != "progress-worker"]
    assert coverage_problems(objects, spec) == [
        "progress: no Deployment/progress-worker",
        "progress: no ScaledObject/progress-worker",
    ]


def _landed(service: Service) -> Service:
    """`service` as if its package had landed, with a settings class of the usual shape."""
    prefix = service.name.upper() + "_"

    class LandedSettings(ServiceSettings):
        model_config = SettingsConfigDict(env_prefix=prefix, extra="ignore")
        service_name: str = service.name

    landed = dataclasses.replace(service)
    landed.__dict__["settings_class"] = LandedSettings
    assert issubclass(landed.settings_class, BaseSettings)
    return landed


def test_pieces_of_services_still_landing_are_valid(spec: Spec) -> None:
    """gateway, recognition and mentorship: their pieces render and validate before they land."""
    landing = [_landed(s) for s in spec.services if not s.present]
    versions = kubernetes_versions()[:: len(kubernetes_versions()) - 1]  # oldest and newest
    import yaml

    for service in landing:
        files = generate.service_files(service, ["gateway"], spec.environments)
        objects = [o for text in files.values() for o in yaml.safe_load_all(text) if o]
        assert list(validate_objects(service.name, objects, versions)) == []
        kinds = {o["kind"] for o in objects}
        if service.public:
            assert "Ingress" in kinds
        if service.has_worker:
            assert {"ScaledObject", "Deployment"} <= kinds


def test_keda_rule_caps_at_partitions_and_bounds() -> None:
    from deploy.k8s_scaling import keda_desired_replicas

    rule = {"partitions": 6, "low": 2, "high": 6}
    assert keda_desired_replicas({"a": 0, "b": 0}, **rule) == 2  # minReplicaCount
    assert keda_desired_replicas({"a": 201, "b": 0}, **rule) == 2
    assert keda_desired_replicas({"a": 601, "b": 150}, **rule) == 4  # ceil(601 / 200)
    assert keda_desired_replicas({"a": 50_000}, **rule) == 6  # capped by the partitions
    assert keda_desired_replicas({"a": 50_000}, partitions=12, low=1, high=8) == 8
