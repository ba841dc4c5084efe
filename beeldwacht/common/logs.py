"""Log lines an operator's tools can read: one JSON object per line, with the fields a log
call gives as `extra` beside the message.

What we log names things by their public id only (a pupil's uuid, never a name or an
address; see common.mail.send_or_log). What others write into a log line we cannot vet one
by one: an exception from the database quotes the row it refused ("Key (email)=(...)"), so
every line is scrubbed of e-mail addresses and of such quoted values before it is written."""

import json
import logging
import re
from datetime import UTC, datetime

from django.core.exceptions import ImproperlyConfigured

# The attributes every LogRecord has; anything else on a record came in through `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# PostgreSQL's DETAIL of a refused row: Key (column)=(value) or Failing row contains (...).
_QUOTED_ROW = re.compile(r"(\)=\(|Failing row contains \()[^\n]*")


def scrub(text: str) -> str:
    text = _EMAIL.sub("[e-mailadres]", text)
    return _QUOTED_ROW.sub(r"\1[waarden]", text)


class JsonLines(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and isinstance(value, str | int | float | bool | None):
                line[key] = scrub(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)


class ScrubbedText(logging.Formatter):
    """The same scrubbing for people who read the log with their eyes (LOG_FORMAT=text)."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def formatter(kind: str) -> logging.Formatter:
    """The formatter for LOG_FORMAT `json` or `text`."""
    if kind == "json":
        return JsonLines()
    if kind == "text":
        return ScrubbedText("%(asctime)s %(levelname)s %(name)s %(message)s")
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'json' or 'text', not {kind!r}.")


def logging_config(*, kind: str, level: str) -> dict:
    formatter(kind)  # a typo fails at start
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"beeldwacht": {"()": formatter, "kind": kind}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "beeldwacht"}},
        "root": {"handlers": ["console"], "level": level},
        # Django's own request logger would repeat, for every 404, what the request log of
        # common.request_log already says; its errors (with the traceback) stay.
        "loggers": {"django.request": {"level": "ERROR"}},
    }
