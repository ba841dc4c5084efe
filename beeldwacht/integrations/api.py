"""The consent API (issue 14): the school's other systems ask Beeldwacht whether a pupil may
appear on a channel today, for one pupil or a whole group in one call. JSON over HTTPS with
a key per system (`Authorization: Bearer bw_...`); the OpenAPI 3.1 document is served at
`/api/v1/openapi.json`. Answers say whether, never why: no flag, no parent's choice, no
name. Every call is audited and each key is rate-limited."""

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.security import HttpBearer
from ninja.throttling import AuthRateThrottle
from pydantic import ConfigDict

from beeldwacht.common.errors import DomainError
from beeldwacht.common.tabular import rows_of_records
from beeldwacht.consent.models import Kind
from beeldwacht.consent.selectors import channels_for, consent_grid, pupils_for
from beeldwacht.integrations.models import ApiKey, Scope
from beeldwacht.integrations.services import key_for_token, key_used
from beeldwacht.people.models import Pupil
from beeldwacht.people.roster import parse_pupils, parse_staff
from beeldwacht.people.services import roster_import
from beeldwacht.publications import serving
from beeldwacht.publications.selectors import attached_item
from beeldwacht.schools.models import SchoolClass

Answer = Literal["granted", "refused", "disputed", "none"]


class KeyAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return key_for_token(token)


api = NinjaAPI(
    title="Beeldwacht",
    version="1",
    description=(
        "Consent of pupils per channel, for the school's own systems. Every answer holds for "
        "today only: ask again before each publication."
    ),
    auth=KeyAuth(),
    throttle=[AuthRateThrottle(settings.API_RATE_LIMIT)],
    docs_url=None,  # the interactive page loads scripts from elsewhere; the document is enough
    urls_namespace="api",
)


def _require(request: HttpRequest, scope: Scope) -> ApiKey:
    key: ApiKey = request.auth  # type: ignore[attr-defined]
    if scope.value not in key.scopes:
        raise HttpError(403, _("This key may not do that."))
    return key


@api.exception_handler(HttpError)
def refused(request: HttpRequest, error: HttpError):
    key = getattr(request, "auth", None)
    if isinstance(key, ApiKey) and not isinstance(error, Throttled):
        # A known key asked what it may not, or what is not there. (Too many calls are not
        # written down one by one: the limit is there to spare the database.)
        key_used(key=key, path=request.path, status=error.status_code)
    if isinstance(error, AuthenticationError):
        message = _("No valid API key.")
    elif isinstance(error, Throttled):
        message = _("Too many requests: try again in a minute.")
    else:
        message = str(error)
    return api.create_response(request, {"detail": message}, status=error.status_code)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError):
    return api.create_response(
        request,
        {"detail": _("Invalid request."), "errors": error.errors},
        status=422,
    )


class KindAnswers(Schema):
    image: Answer
    sound: Answer
    name: Answer


class PupilConsent(Schema):
    pupil: str  # the school's own pupil number
    channels: dict[str, KindAnswers]  # by channel key


class ConsentAnswers(Schema):
    on: date
    pupils: list[PupilConsent]


# Text as a person types it: no control characters (PostgreSQL refuses a NUL in a query).
TEXT = r"^[^\x00-\x1f\x7f]+$"


class PupilQuestion(Schema):
    number: str = Field(min_length=1, max_length=32, pattern=TEXT)
    channel: str | None = Field(default=None, max_length=40, pattern=TEXT)


class GroupQuestion(Schema):
    name: str = Field(min_length=1, max_length=40, pattern=TEXT)
    channel: str | None = Field(default=None, max_length=40, pattern=TEXT)


class SchoolQuestion(Schema):
    channel: str | None = Field(default=None, max_length=40, pattern=TEXT)


class ChannelOut(Schema):
    key: str
    name: str
    audience: Literal["public", "parents", "internal"]


class Detail(Schema):
    detail: str


class Invalid(Schema):
    detail: str
    errors: list[dict]


Row = dict[str, str | int | bool | None]


class RosterIn(Schema):
    """The whole roster, as rows with the columns of the import file (README, "Import
    formats"): pupils with their guardians, and/or staff. A pupil not in `pupils` has left."""

    # Pupils, staff or both: the document says so too, so a generated call knows it.
    model_config = ConfigDict(
        json_schema_extra={"anyOf": [{"required": ["pupils"]}, {"required": ["staff"]}]}
    )

    pupils: list[Row] = Field(default=None, min_length=1)
    staff: list[Row] = Field(default=None, min_length=1)
    dry_run: bool = False


class MediaOut(Schema):
    kind: Literal["photo", "video"]
    url: str  # the safe rendition for this channel, as consent stands when it is fetched


class PublicationOut(Schema):
    id: str
    title: str
    text: str  # Markdown, as written and approved
    published_at: datetime
    media: list[MediaOut]


class Problem(Schema):
    records: Literal["pupils", "staff"]
    line: int  # the record's place in its list, from 1
    message: str


class RosterReport(Schema):
    ok: bool
    dry_run: bool
    pupils_added: list[str]  # pupil numbers, never names
    pupils_changed: list[str]
    pupils_left: list[str]
    pupils_unchanged: int
    guardians_added: int
    guardians_changed: int
    guardianships_ended: int
    pupil_logins: int
    staff_added: int
    staff_changed: int
    staff_left: int
    problems: list[Problem]


# Every answer a call can get is in the OpenAPI document (schemathesis checks it): a wrong
# key, a key without the scope, too many calls.
REFUSALS = {401: Detail, 403: Detail, 429: Detail}


@api.get(
    "/channels",
    response={200: list[ChannelOut], **REFUSALS},
    summary="The school's channels",
)
def channels(request: HttpRequest):
    key = _require(request, Scope.READ_CONSENT)
    found = list(channels_for(key.school))
    key_used(key=key, path=request.path, status=200)
    return found


@api.get(
    "/consent/pupil",
    response={200: ConsentAnswers, 404: Detail, 422: Invalid, **REFUSALS},
    summary="May this pupil appear on a channel today?",
)
def consent_of_pupil(request: HttpRequest, question: Query[PupilQuestion]):
    """One pupil at the school (`number`, the school's own pupil number; one who left is not
    found), on one channel (`channel`, its key) or on all of them; for image, sound and
    name."""
    key = _require(request, Scope.READ_CONSENT)
    pupils = list(pupils_for(key.school).filter(las_number=question.number))
    if not pupils:
        raise HttpError(404, _("No pupil with that number at this school."))
    return _answers(request, key, pupils, question.channel)


@api.get(
    "/consent/group",
    response={200: ConsentAnswers, 404: Detail, 422: Invalid, **REFUSALS},
    summary="May the pupils of this group appear on a channel today?",
)
def consent_of_group(request: HttpRequest, question: Query[GroupQuestion]):
    """Every pupil of a group (`name`, as the school calls it: "5" or "5/6") in one call, on
    one channel (`channel`, its key) or on all of them; for image, sound and name."""
    key = _require(request, Scope.READ_CONSENT)
    group = SchoolClass.objects.filter(school=key.school, name=question.name).first()
    if group is None:
        raise HttpError(404, _("No group of that name at this school."))
    return _answers(
        request, key, list(pupils_for(key.school, class_ids=[group.pk])), question.channel
    )


@api.get(
    "/consent/school",
    response={200: ConsentAnswers, 404: Detail, 422: Invalid, **REFUSALS},
    summary="May the pupils of the school appear on a channel today?",
)
def consent_of_school(request: HttpRequest, question: Query[SchoolQuestion]):
    """Every pupil at the school, on one channel (`channel`, its key) or on all of them: what
    a system asks after a change for the whole school (a webhook without a pupil)."""
    key = _require(request, Scope.READ_CONSENT)
    return _answers(request, key, list(pupils_for(key.school)), question.channel)


def _answers(request: HttpRequest, key: ApiKey, pupils: list[Pupil], channel: str | None):
    school = key.school
    channels = [_channel(key, channel)] if channel else list(channels_for(school))
    today = timezone.localdate()
    grid = consent_grid(school, pupils, channels, today)
    key_used(key=key, path=request.path, status=200, count=len(pupils))
    return {
        "on": today,
        "pupils": [
            {
                "pupil": pupil.las_number,
                "channels": {
                    channel.key: {
                        kind: grid[(pupil.pk, channel.pk, kind)].status.for_other_systems
                        for kind in Kind.values
                    }
                    for channel in channels
                },
            }
            for pupil in pupils
        ],
    }


@api.post(
    "/roster",
    response={200: RosterReport, 400: Detail, 422: RosterReport | Invalid, **REFUSALS},
    summary="Push the roster (all or nothing)",
)
def roster(request: HttpRequest, body: RosterIn):
    """The administration system sends the roster; the same rules as `import-roster` apply,
    and with any problem nothing is saved (422, with every problem listed)."""
    key = _require(request, Scope.WRITE_ROSTER)
    if body.pupils is None and body.staff is None:
        raise HttpError(400, _("Send pupils, staff, or both."))
    today = timezone.localdate()
    problems, pupils, staff = [], None, None
    try:
        if body.pupils is not None:
            pupils, found = parse_pupils(rows_of_records(body.pupils), file="pupils", today=today)
            problems += found
        if body.staff is not None:
            staff, found = parse_staff(rows_of_records(body.staff), file="staff")
            problems += found
    except DomainError as error:
        raise HttpError(400, error.message) from None
    report = roster_import(
        school=key.school,
        pupils=pupils,
        staff=staff,
        problems=problems,
        dry_run=body.dry_run,
        today=today,
        pupils_file="pupils",
        staff_file="staff",
    )
    status = 200 if report.ok else 422
    key_used(key=key, path=request.path, status=status)
    answer = report.as_dict()
    answer["problems"] = [
        {"records": p.file, "line": p.line, "message": p.message} for p in report.problems
    ]
    return Status(status, answer)


class ChannelQuestion(Schema):
    channel: str = Field(min_length=1, max_length=40, pattern=TEXT)


@api.get(
    "/publications",
    response={200: list[PublicationOut], 404: Detail, 422: Invalid, **REFUSALS},
    summary="What the school published on a channel",
)
def publications(request: HttpRequest, question: Query[ChannelQuestion]):
    """The 30 newest publications on a channel (`channel`, its key), as they may be shown
    now: one whose text names a child who withdrew is left out (as on the news page), and
    each photo or video is a link to its safe rendition for this channel, never the
    original. Fetch the media with the same key; what may no longer be shown is left out, or
    answers 404."""
    key = _require(request, Scope.READ_PUBLICATIONS)
    channel = _channel(key, question.channel)
    found = list(serving.published(key.school, channel.key)[:30])
    shown = serving.shown_media(found, channel.key)
    key_used(key=key, path=request.path, status=200)
    return [
        {
            "id": str(publication.public_id),
            "title": publication.title,
            "text": publication.body,
            "published_at": publication.published_at,
            "media": [
                {
                    "kind": item.kind,
                    "url": request.build_absolute_uri(
                        f"/api/v1/publications/{publication.public_id}/media/{item.public_id}"
                        f"?channel={channel.key}"
                    ),
                }
                for item in [*shown[publication.pk][0], *shown[publication.pk][1]]
            ],
        }
        for publication in found
    ]


@api.get(
    "/publications/{publication_id}/media/{item_id}",
    response={404: Detail, 422: Invalid, **REFUSALS},
    summary="A photo or video of a publication, safe for the channel",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The safe rendition",
                "content": {
                    kind: {"schema": {"type": "string", "format": "binary"}}
                    for kind in ("image/jpeg", "video/mp4")
                },
            }
        }
    },
)
def publication_media(
    request: HttpRequest, publication_id: UUID, item_id: UUID, question: Query[ChannelQuestion]
):
    """The safe rendition (JPEG or MP4) as consent stands now; 404 when it may not be shown
    on this channel any more, or a video is still being prepared."""
    key = _require(request, Scope.READ_PUBLICATIONS)
    channel = _channel(key, question.channel)
    publication = serving.published(key.school, channel.key).filter(public_id=publication_id)
    item = attached_item(found, item_id) if (found := publication.first()) else None
    response = serving.media_response(item, channel.key, item.kind) if item else None
    if response is None:
        raise HttpError(404, _("Not to be shown on this channel (any more)."))
    key_used(key=key, path=request.path, status=200)
    return response


def _channel(key: ApiKey, channel_key: str):
    channel = next((c for c in channels_for(key.school) if c.key == channel_key), None)
    if channel is None:
        raise HttpError(404, _("No channel with that key at this school."))
    return channel
