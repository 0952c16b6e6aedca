"""Logging: JSON lines for machines, coloured one-liners for people at a terminal.

Every JSON line carries the service name, the trace id and the event id being handled. The
format is chosen by `LOG_FORMAT` (`json` or `text`), else by the settings' `log_json`, else by
whether stdout is a terminal. `make run` asks its children for text when it is watched.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from datetime import UTC, datetime

from continuum_runtime.tracing import current_trace_id

_LEVEL_COLOURS = {
    "DEBUG": "\x1b[2m",
    "INFO": "\x1b[32m",
    "WARNING": "\x1b[33m",
    "ERROR": "\x1b[31m",
    "CRITICAL": "\x1b[1;31m",
}
_RESET = "\x1b[0m"
_DIM = "\x1b[2m"


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "service": self._service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        trace_id = current_trace_id()
        if trace_id:
            entry["trace_id"] = trace_id
        event_id = getattr(record, "event_id", None)
        if event_id:
            entry["event_id"] = event_id
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`12:01:02.345 INFO  logger: message [trace 4bf9…]`, coloured when `colour` is set."""

    def __init__(self, *, colour: bool) -> None:
        super().__init__()
        self._colour = colour

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created).strftime("%H:%M:%S.%f")[:-3]
        level = record.levelname
        line = f"{moment} {level:<7} {record.name}: {record.getMessage()}"
        trace_id = current_trace_id()
        suffix = f" [trace {trace_id[:8]}]" if trace_id else ""
        event_id = getattr(record, "event_id", None)
        if event_id:
            suffix += f" [event {event_id}]"
        if self._colour:
            colour = _LEVEL_COLOURS.get(level, "")
            line = f"{_DIM}{moment}{_RESET} {colour}{level:<7}{_RESET} {record.name}: "
            line += record.getMessage() + (f"{_DIM}{suffix}{_RESET}" if suffix else "")
        else:
            line += suffix
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def wants_json(configured: bool | None) -> bool:
    """JSON unless LOG_FORMAT=text, the settings say otherwise, or a person watches stdout."""
    chosen = os.environ.get("LOG_FORMAT", "").strip().lower()
    if chosen in ("json", "text"):
        return chosen == "json"
    if configured is not None:
        return configured
    return not sys.stdout.isatty()


def wants_colour() -> bool:
    forced = os.environ.get("LOG_COLOR", "").strip().lower()
    if forced in ("1", "true", "yes", "always"):
        return True
    if forced in ("0", "false", "no", "never") or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def configure_logging(service: str, level: str = "INFO", json_lines: bool | None = None) -> None:
    handler = logging.StreamHandler(sys.stdout)
    if wants_json(json_lines):
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(TextFormatter(colour=wants_colour()))
    handler.set_name("continuum")
    root = logging.getLogger()
    # Replace our own handler (configured again by each app in a process), keep others' (a
    # test's log capture).
    root.handlers[:] = [h for h in root.handlers if h.get_name() != "continuum"] + [handler]
    root.setLevel(level.upper())
    # uvicorn's access log repeats what our middleware measures; keep errors only.
    logging.getLogger("uvicorn.access").setLevel(logging.WARNING)
    logging.getLogger("aiokafka").setLevel(logging.WARNING)
