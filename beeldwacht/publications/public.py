"""The school's public news page and Atom feed, served by Beeldwacht itself (DOMAIN 4).

Only publications published on the `website` channel and not withdrawn; only safe
renditions, never an original. An image's clearance is computed when it is served, so a
withdrawal of consent corrects the page at once: the face is blurred from then on, and a
photo that became blocked is no longer served at all."""

from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from beeldwacht.consent.models import Channel, Kind
from beeldwacht.consent.selectors import consent_grid
from beeldwacht.media import renditions
from beeldwacht.media import selectors as media_selectors
from beeldwacht.media.models import MediaItem
from beeldwacht.publications.models import Mention, Publication
from beeldwacht.publications.rendering import render_markdown
from beeldwacht.schools.models import School

CHANNEL = "website"


def _school_or_404(brin: str) -> School:
    return get_object_or_404(School, brin=brin.upper())


def _published(school: School):
    """Published on the website, and every child it names still has name consent there:
    a withdrawal takes the text off the page at once (found from the Mention facts recorded
    at publication, not by scanning the texts again)."""
    publications = (
        Publication.objects.filter(
            school=school, status=Publication.Status.PUBLISHED, channels__key=CHANNEL
        )
        .order_by("-published_at")
        .distinct()
    )
    channel = Channel.objects.get(school=school, key=CHANNEL)
    named = list(
        Mention.objects.filter(
            publication__in=publications,
            channel=channel,
            kind=Mention.Kind.NAME,
            pupil__isnull=False,
        ).select_related("pupil")
    )
    grid = consent_grid(
        school, list({m.pupil for m in named}), [channel], timezone.localdate(), [Kind.NAME]
    )
    hidden = {
        m.publication_id
        for m in named
        if not grid[(m.pupil_id, channel.pk, Kind.NAME)].status.allows_publication
    }
    return publications.exclude(pk__in=hidden)


def _photos(publication: Publication) -> list[MediaItem]:
    """The attached photos that may be shown on the website now."""
    items = [
        pm.item
        for pm in publication.media.select_related("item__activity")
        if pm.item.kind == MediaItem.Kind.PHOTO
    ]
    channel = Channel.objects.get(school=publication.school, key=CHANNEL)
    shown = []
    for item in items:
        clearance = _clearance(item, channel)
        if clearance.outcome.publishable:
            shown.append(item)
    return shown


def _clearance(item: MediaItem, channel: Channel):
    return media_selectors.clearances(item.activity, [item], [channel], timezone.localdate())[
        (item.pk, channel.pk)
    ]


def news(request: HttpRequest, brin: str) -> HttpResponse:
    school = _school_or_404(brin)
    publications = list(_published(school)[:30])
    return render(
        request,
        "publications/public_news.html",
        {
            "school": school,
            "entries": [(p, render_markdown(p.body), _photos(p)) for p in publications],
        },
    )


def news_item(request: HttpRequest, brin: str, publication_id) -> HttpResponse:
    school = _school_or_404(brin)
    publication = get_object_or_404(_published(school), public_id=publication_id)
    return render(
        request,
        "publications/public_news.html",
        {
            "school": school,
            "entries": [(publication, render_markdown(publication.body), _photos(publication))],
            "single": True,
        },
    )


def news_image(request: HttpRequest, brin: str, publication_id, item_id) -> HttpResponse:
    school = _school_or_404(brin)
    publication = get_object_or_404(_published(school), public_id=publication_id)
    item = next((i for i in _photos(publication) if str(i.public_id) == str(item_id)), None)
    if item is None:
        raise Http404
    channel = Channel.objects.get(school=school, key=CHANNEL)
    clearance = _clearance(item, channel)
    if not clearance.outcome.publishable:
        raise Http404  # blocked now, or consent changed and nobody has looked again
    blur = [f for f in item.faces.all() if str(f.pk) in clearance.blur]
    storage = MediaItem._meta.get_field("original").storage
    name = renditions.safe_rendition_name(item, CHANNEL, blur)
    response = FileResponse(storage.open(name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=300"  # short: a withdrawal must show soon
    response["X-Content-Type-Options"] = "nosniff"
    return response


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, brin):
        return _school_or_404(brin)

    def title(self, school):
        return _("News from %(school)s") % {"school": school.name}

    def link(self, school):
        return reverse("public:news", kwargs={"brin": school.brin})

    def subtitle(self, school):
        return _("News and photos from %(school)s") % {"school": school.name}

    def items(self, school):
        return _published(school)[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return render_markdown(item.body)

    def item_link(self, item):
        return reverse(
            "public:item", kwargs={"brin": item.school.brin, "publication_id": item.public_id}
        )

    def item_pubdate(self, item):
        return item.published_at
