from django.urls import path

from beeldwacht.publications import public

app_name = "public"
urlpatterns = [
    path("<str:brin>/", public.news, name="news"),
    path("<str:brin>/feed/", public.NewsFeed(), name="feed"),
    path("<str:brin>/<uuid:publication_id>/", public.news_item, name="item"),
    path(
        "<str:brin>/<uuid:publication_id>/beeld/<uuid:item_id>.jpg",
        public.news_media,
        {"kind": "photo"},
        name="image",
    ),
    path(
        "<str:brin>/<uuid:publication_id>/video/<uuid:item_id>.mp4",
        public.news_media,
        {"kind": "video"},
        name="video",
    ),
]
