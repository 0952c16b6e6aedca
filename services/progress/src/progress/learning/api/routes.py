"""Routes for learning: assignments, progress, learning time and reports."""

from fastapi import APIRouter

from progress.learning.api import (
    assignments,
    budgets,
    learners,
    progress,
    reports,
)

router = APIRouter()
router.include_router(assignments.router)
router.include_router(progress.router)
router.include_router(budgets.router)
router.include_router(reports.router)
router.include_router(learners.router)
