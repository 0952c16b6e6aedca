"""Results and Scores (Data 2.4.5)."""

from typing import Any

from continuum_contracts.durations import parse_iso8601_duration
from progress.lrs.domain.datatypes import (
    check_boolean,
    check_extensions,
    check_keys,
    check_number,
    check_string,
    expect_object,
)
from progress.lrs.domain.errors import XapiValidationError

_RESULT_KEYS = frozenset(("score", "success", "completion", "response", "duration", "extensions"))
_SCORE_KEYS = frozenset(("scaled", "raw", "min", "max"))


def validate_result(value: Any, path: str) -> None:
    """A Result: score, success and completion booleans, response string, Duration, extensions."""
    result = expect_object(value, path, "a result")
    check_keys(result, _RESULT_KEYS, path, "a result")
    if "score" in result:
        _validate_score(result["score"], path + ".score")
    if "success" in result:
        check_boolean(result["success"], path + ".success", "result success")
    if "completion" in result:
        check_boolean(result["completion"], path + ".completion", "result completion")
    if "response" in result:
        check_string(result["response"], path + ".response", "a result response")
    if "duration" in result:
        duration = result["duration"]
        check_string(duration, path + ".duration", "a result duration")
        try:
            parse_iso8601_duration(duration)
        except ValueError as exc:
            raise XapiValidationError(
                f"a result duration must be an ISO 8601 Duration ({exc})", path + ".duration"
            ) from None
    if "extensions" in result:
        check_extensions(result["extensions"], path + ".extensions")


def _validate_score(value: Any, path: str) -> None:
    score = expect_object(value, path, "a score")
    check_keys(score, _SCORE_KEYS, path, "a score")
    for key in ("scaled", "raw", "min", "max"):
        if key in score:
            check_number(score[key], f"{path}.{key}", f"a score {key}")
    scaled = score.get("scaled")
    if scaled is not None and not -1 <= scaled <= 1:
        raise XapiValidationError(
            f"a score scaled must be between -1 and 1 inclusive, not {scaled}", path + ".scaled"
        )
    low, high, raw = score.get("min"), score.get("max"), score.get("raw")
    if low is not None and high is not None and not low < high:
        raise XapiValidationError(
            f"a score min must be less than max ({low} >= {high})", path + ".min"
        )
    if raw is not None:
        if low is not None and raw < low:
            raise XapiValidationError(
                f"a score raw must not be less than min ({raw} < {low})", path + ".raw"
            )
        if high is not None and raw > high:
            raise XapiValidationError(
                f"a score raw must not be greater than max ({raw} > {high})", path + ".raw"
            )
