from django.urls import path, re_path

from frontend import feeds
from frontend.views import (
    account,
    authors,
    following,
    for_you,
    home,
    library,
    lists,
    papers,
    venues,
)
from frontend.views import map as map_pages

app_name = "frontend"
urlpatterns = [
    path("", home.home, name="home"),
    path("search", home.search, name="search"),
    path("search/chart", home.search_chart, name="search-chart"),
    path("daily/", home.daily, name="daily"),
    re_path(r"^daily/(?P<day>\d{4}-\d{2}-\d{2})/?$", home.daily, name="daily-day"),
    path("feeds/daily/", feeds.DailyFeed(), name="feed-daily"),
    path("feeds/categories/<str:category>/", feeds.CategoryFeed(), name="feed-category"),
    path("feeds/search/", feeds.SearchFeed(), name="feed-search"),
    path(
        "feeds/saved/<int:saved_id>/<str:secret>/", following.SavedSearchFeed(), name="feed-saved"
    ),
    path("saved/", following.saved_search_new, name="saved-search-new"),
    path("saved/<int:saved_id>/", following.saved_search_page, name="saved-search"),
    path("unsubscribe/<str:token>/", following.unsubscribe, name="unsubscribe"),
    path("for-you/", for_you.for_you_page, name="for-you"),
    path("feeds/for-you/<int:user_id>/<str:secret>/", for_you.ForYouFeed(), name="feed-for-you"),
    path("for-you/feedback", for_you.for_you_feedback, name="for-you-feedback"),
    path("about/", home.about, name="about"),
    path("map/", map_pages.map_page, name="map"),
    path("map/regions/<int:region_id>/", map_pages.region_page, name="map-region"),
    path("library/", library.library, name="library"),
    # export.bib, .ris, .csl.json, .json, .account.json (papers.library_io.EXPORT_FORMATS)
    path("library/export.<str:extension>", library.library_export, name="library-export"),
    path("library/import", library.library_import_view, name="library-import"),
    path("library/publish", lists.list_publish, name="list-publish"),
    path("lists/", lists.lists_index, name="lists"),
    path("lists/<str:username>/<slug:slug>/", lists.list_page, name="list"),
    path("lists/<str:username>/<slug:slug>/feed/", lists.ListFeed(), name="list-feed"),
    path("lists/<str:username>/<slug:slug>/export.bib", lists.list_bibtex, name="list-bibtex"),
    path("lists/<str:username>/<slug:slug>/copy", lists.list_copy, name="list-copy"),
    path("accounts/signup/", account.signup, name="signup"),
    path("accounts/verify-email/<str:token>/", account.verify_email, name="verify-email"),
    path("accounts/settings/", account.account, name="account"),
    path("accounts/delete/", account.account_delete_view, name="account-delete"),
    # arXiv ids may hold a slash (cs/9311102): `path`, and the longer route first.
    path("papers/<path:paper_id>/bookmark", papers.bookmark, name="bookmark"),
    path("papers/<path:paper_id>/read", papers.read_mark, name="read-mark"),
    path("papers/<path:paper_id>/", papers.paper_detail, name="paper"),
    # A name may hold a slash: `path`.
    path("authors/<path:name>/", authors.author_page, name="author"),
    path("venues/", venues.venues_page, name="venues"),
    path("venues/<str:venue>/", venues.venue_page, name="venue"),
    path("venues/<str:venue>/<int:year>/", venues.venue_page, name="venue-year"),
]
