"""Routes for learning: assignments, progress, learning time and reports."""

from fastapi import APIRouter

from progress.api import (
    learning_assignments,
    learning_budgets,
    learning_learners,
    learning_progress,
    learning_reports,
)

router = APIRouter()
router.include_router(learning_assignments.router)
router.include_router(learning_progress.router)
router.include_router(learning_budgets.router)
router.include_router(learning_reports.router)
router.include_router(learning_learners.router)
