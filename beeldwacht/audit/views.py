"""The audit trail screen (issue #11): management, the privacy contact and the board read who
did what, filter it, and take it along as CSV."""

import csv
import io

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from beeldwacht.actions.audit_trail import TrailFilter, describe, trail_actors, trail_events
from beeldwacht.audit.forms import TrailFilterForm
from beeldwacht.common.permissions import Capability as C
from beeldwacht.common.tabular import spreadsheet_safe
from beeldwacht.people.models import Pupil
from beeldwacht.schools.access import staff_view

PER_PAGE = 50
# A CSV holds at most this many events: a school's year is a few thousand.
CSV_LIMIT = 50_000


@staff_view(C.VIEW_AUDIT)
def trail(request: HttpRequest) -> HttpResponse:
    form = TrailFilterForm(request.GET or None, actors=trail_actors(request.school))
    wanted = TrailFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        pupil = None
        if data["leerling"]:
            pupil = Pupil.objects.filter(school=request.school, public_id=data["leerling"]).first()
            if pupil is None:
                raise Http404
        wanted = TrailFilter(data["door"], data["soort"], data["van"], data["tot"], pupil)
    events = trail_events(request.school, wanted)
    if request.GET.get("formaat") == "csv":
        return _as_csv(request, list(events[:CSV_LIMIT]))
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "audit/trail.html",
        {
            "form": form,
            "pupil": wanted.pupil,
            "page": page,
            "lines": describe(request.school, list(page.object_list)),
            "query": query.urlencode(),
        },
    )


def _as_csv(request, events) -> HttpResponse:
    # Semicolons and a byte-order mark: what Excel opens correctly on a Dutch computer.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([_("Number"), _("Time"), _("Who"), _("What"), _("About"), _("Details")])
    for event, line in zip(events, describe(request.school, events), strict=True):
        local = timezone.localtime(line.at).strftime("%Y-%m-%d %H:%M:%S")
        row = [event.sequence, local, line.who, line.what, line.about, line.details]
        writer.writerow([spreadsheet_safe(value) for value in row])
    name = f"audittrail-{request.school.brin}-{timezone.localdate():%Y%m%d}.csv"
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
