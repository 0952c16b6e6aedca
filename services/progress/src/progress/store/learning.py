"""Tables for learning: assignments, progress, learning time and the catalog read model."""

from __future__ import annotations

from progress.store.learning_tables import (
    LearningActivity,
    LearningAssignment,
    LearningBudget,
    LearningHrisChange,
    LearningItem,
    LearningItemProgress,
    LearningLearner,
    LearningMilestone,
    LearningPath,
    LearningPathCompletion,
    LearningPathStep,
    LearningRole,
)

__all__ = [
    "LearningActivity",
    "LearningAssignment",
    "LearningBudget",
    "LearningHrisChange",
    "LearningItem",
    "LearningItemProgress",
    "LearningLearner",
    "LearningMilestone",
    "LearningPath",
    "LearningPathCompletion",
    "LearningPathStep",
    "LearningRole",
]
