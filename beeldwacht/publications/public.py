"""The school's public news page and Atom feed, served by Beeldwacht itself (DOMAIN 4).

Only publications published on the `website` channel and not withdrawn; only safe
renditions, never an original. An image's clearance is computed when it is served, so a
withdrawal of consent corrects the page at once: the face is blurred from then on, and a
photo that became blocked is no longer served at all."""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from beeldwacht.publications import selectors, serving
from beeldwacht.publications.models import Publication
from beeldwacht.publications.rendering import render_markdown
from beeldwacht.schools.models import School

CHANNEL = "website"


def _school_or_404(brin: str) -> School:
    return get_object_or_404(School, brin=brin.upper())


def _published(school: School):
    return serving.published(school, CHANNEL)


def _entries(publications: list[Publication]) -> list[tuple]:
    shown = serving.shown_media(publications, CHANNEL)
    return [(p, render_markdown(p.body), *shown[p.pk]) for p in publications]


def news(request: HttpRequest, brin: str) -> HttpResponse:
    school = _school_or_404(brin)
    publications = list(_published(school)[:30])
    return render(
        request,
        "publications/public_news.html",
        {
            "school": school,
            "entries": _entries(publications),
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
            "entries": _entries([publication]),
            "single": True,
        },
    )


def news_media(request: HttpRequest, brin: str, publication_id, item_id, kind) -> HttpResponse:
    school = _school_or_404(brin)
    publication = get_object_or_404(_published(school), public_id=publication_id)
    response = serving.media_response(selectors.attached_item(publication, item_id), CHANNEL, kind)
    if response is None:
        raise Http404
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
