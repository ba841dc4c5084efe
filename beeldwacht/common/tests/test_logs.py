"""Log lines are JSON objects an operator's tools can read, and carry no personal data:
not what we log (public ids only) and not what an exception quotes."""

import json
import logging
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from beeldwacht.common.logs import JsonLines, formatter, logging_config

# What PostgreSQL says when a row is refused: the refused values are in its DETAIL.
REFUSED = (
    'duplicate key value violates unique constraint "people_guardian_email"\n'
    "DETAIL:  Key (school_id, email)=(3, m.jansen@example.nl) already exists."
)


def _record(message, *args, exc_info=None, **extra) -> logging.LogRecord:
    record = logging.getLogger("beeldwacht.test").makeRecord(
        "beeldwacht.test", logging.WARNING, __file__, 1, message, args, exc_info, extra=extra
    )
    return record


def test_a_line_is_one_json_object_with_the_fields_given():
    line = json.loads(
        JsonLines().format(_record("Analysed media item %s", "ab12", item="ab12", faces=3))
    )
    assert line["level"] == "WARNING" and line["logger"] == "beeldwacht.test"
    assert line["message"] == "Analysed media item ab12"
    assert line["item"] == "ab12" and line["faces"] == 3
    assert line["time"].endswith("+00:00")


@pytest.mark.parametrize("kind", ["json", "text"])
def test_what_an_exception_quotes_is_not_written(kind):
    try:
        raise RuntimeError(REFUSED)
    except RuntimeError:
        record = _record("Internal Server Error: %s", "/s/12AB/ouders/", exc_info=sys.exc_info())
    written = formatter(kind).format(record)
    assert "m.jansen@example.nl" not in written and "(3," not in written
    assert "people_guardian_email" in written  # which rule refused it stays readable


def test_an_address_in_a_message_is_not_written():
    written = formatter("json").format(_record("Mail to %s bounced", "piet@example.nl"))
    assert "piet@example.nl" not in written


def test_an_unknown_log_format_stops_the_start():
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        logging_config(kind="xml", level="INFO")


def test_each_request_is_logged_by_its_route_not_by_whose_page(client, settings, caplog, school):
    logged = "beeldwacht.common.request_log.RequestLogMiddleware"  # on whenever DEBUG is off
    settings.MIDDLEWARE = [logged, *(m for m in settings.MIDDLEWARE if m != logged)]
    caplog.set_level(logging.INFO, logger="beeldwacht.requests")
    client.get(f"/nieuws/{school.brin}/?zoek=Emma", secure=True)
    (record,) = [r for r in caplog.records if r.name == "beeldwacht.requests"]
    assert record.route == "nieuws/<str:brin>/"
    assert record.status == 200 and record.method == "GET" and record.ms > 0
    assert "Emma" not in record.getMessage() and school.brin not in record.getMessage()
