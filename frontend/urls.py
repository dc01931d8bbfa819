from django.urls import path, re_path

from frontend import feeds, following, map_pages, views

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("search", views.search, name="search"),
    path("daily/", views.daily, name="daily"),
    re_path(r"^daily/(?P<day>\d{4}-\d{2}-\d{2})/?$", views.daily, name="daily-day"),
    path("feeds/daily/", feeds.DailyFeed(), name="feed-daily"),
    path("feeds/categories/<str:category>/", feeds.CategoryFeed(), name="feed-category"),
    path("feeds/search/", feeds.SearchFeed(), name="feed-search"),
    path(
        "feeds/saved/<int:saved_id>/<str:secret>/", following.SavedSearchFeed(), name="feed-saved"
    ),
    path("saved/", following.saved_search_new, name="saved-search-new"),
    path("saved/<int:saved_id>/", following.saved_search_page, name="saved-search"),
    path("unsubscribe/<str:token>/", following.unsubscribe, name="unsubscribe"),
    path("for-you/", following.for_you_page, name="for-you"),
    path("feeds/for-you/<int:user_id>/<str:secret>/", following.ForYouFeed(), name="feed-for-you"),
    path("for-you/feedback", following.for_you_feedback, name="for-you-feedback"),
    path("about/", views.about, name="about"),
    path("map/", map_pages.map_page, name="map"),
    path("map/regions/<int:region_id>/", map_pages.region_page, name="map-region"),
    path("library/", views.library, name="library"),
    # export.bib, .ris, .csl.json, .json, .account.json (papers.library_io.EXPORT_FORMATS)
    path("library/export.<str:extension>", views.library_export, name="library-export"),
    path("library/import", views.library_import_view, name="library-import"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/settings/", views.account, name="account"),
    path("accounts/delete/", views.account_delete_view, name="account-delete"),
    # arXiv ids may hold a slash (cs/9311102): `path`, and the longer route first.
    path("papers/<path:paper_id>/bookmark", views.bookmark, name="bookmark"),
    path("papers/<path:paper_id>/", views.paper_detail, name="paper"),
]
