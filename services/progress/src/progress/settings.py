"""Progress service settings (environment variables prefixed PROGRESS_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from continuum_runtime.settings import ServiceSettings
from progress.learning.domain.policy import LearningPolicy


class ProgressSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PROGRESS_", extra="ignore")

    service_name: str = "progress"
    database_url: str = "sqlite+aiosqlite:///var/progress.db"
    port: int = 8002

    # The organisation's homePage in learners' xAPI accounts {"homePage": ..., "name": <employee>}.
    org_homepage: str = "https://continuum.example.com"
    # The LRS's own URL: the homePage of the authority account of xAPI client credentials.
    lrs_url: str = "http://127.0.0.1:8002/xapi"
    # Server-side key mixed into the hash of xAPI client secrets (a leaked table alone is useless).
    xapi_credential_pepper: str = "continuum-dev-pepper-change-me"
    # Key signing the `more` cursors of statement queries (they stay valid across restarts).
    xapi_cursor_secret: str = "continuum-dev-cursor-secret-change-me"
    xapi_credential_cache_seconds: float = Field(default=5.0, ge=0)
    xapi_statements_page_size: int = Field(default=100, ge=1, le=1000)
    # How far X-Experience-API-Consistent-Through stays behind the clock, for statement writes
    # of other processes still in flight (API replicas, workers ingesting xapi.submissions.v1
    # in batches); those of this process are tracked exactly.
    xapi_consistency_margin_seconds: float = Field(default=1.0, ge=0)
    # Largest State or Profile document the LRS stores (413 above it).
    xapi_max_document_bytes: int = Field(default=1024 * 1024, ge=1)

    # Learning: dedicated learning time and assignments.
    learning_weekly_budget_minutes: int = Field(default=120, ge=0, le=10080)
    # Days a learner has to finish a path assigned by a role rule, counted from the effective date.
    learning_role_assignment_due_days: int = Field(default=90, ge=1)
    # How often pending HRIS changes are applied and overdue assignments announced.
    learning_due_check_seconds: float = Field(default=60.0, gt=0)

    # Most learning time counted for one learner on one UTC day; statements beyond are flagged.
    learning_daily_max_minutes: int = Field(default=480, ge=1, le=1440)
    # Managers see their indirect reports too (everyone below them in the HRIS hierarchy).
    learning_manager_sees_indirect_reports: bool = False

    def learning_policy(self) -> LearningPolicy:
        return LearningPolicy(
            weekly_budget_minutes=self.learning_weekly_budget_minutes,
            role_assignment_due_days=self.learning_role_assignment_due_days,
            daily_max_minutes=self.learning_daily_max_minutes,
            indirect_reports=self.learning_manager_sees_indirect_reports,
        )
