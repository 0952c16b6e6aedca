"""Recognition settings (environment variables prefixed RECOGNITION_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from continuum_runtime.settings import ServiceSettings


class RecognitionSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RECOGNITION_", extra="ignore")

    service_name: str = "recognition"
    database_url: str = "sqlite+aiosqlite:///var/recognition.db"
    port: int = 8003
    # Public base of the verifiable documents (OB 2.0, OB 3.0, keys, images): verifiers
    # dereference these without an account, so it must never change once badges are out.
    public_base_url: str = "http://127.0.0.1:8003/public"
    # The issuing organisation, as the badge documents name it.
    issuer_name: str = "Continuum Learning"
    issuer_url: str = "https://continuum.example.com"
    issuer_email: str = "learning@continuum.example.com"
    # Signing keys. Production: PEM or private JWK texts, oldest first (the newest signs).
    # Development: when none are configured, keys are generated when the service starts, into
    # keys_dir (empty: `recognition-keys` beside the SQLite database file).
    signing_keys: list[str] = Field(default_factory=list)
    keys_dir: str = ""
    generate_keys: bool = True
    # Periods (weeks, months, quarters) are computed in the organisation's time zone.
    time_zone: str = "Europe/Berlin"
    # The organisation's homePage in learners' xAPI accounts (the "earned" statements).
    org_homepage: str = "https://continuum.example.com"
    # Kudos a sender may give within the window.
    kudos_per_window: int = Field(default=10, ge=1)
    kudos_window_seconds: int = Field(default=24 * 3600, ge=1)
    # The ceremony scheduler: how often it looks for a finished period to conclude.
    ceremony_interval_seconds: float = Field(default=3600.0, gt=0)
    # Rule applications (a saved rule over the facts already stored): how often the runner
    # looks for open ones, and how many learners each of its transactions covers.
    rule_application_interval_seconds: float = Field(default=1.0, gt=0)
    rule_application_chunk: int = Field(default=200, ge=1, le=5000)
    page_size: int = 20
    max_page_size: int = 200
