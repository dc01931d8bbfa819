from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from config.api_docs import RedocView, SwaggerView
from config.errors import api_route_not_found
from config.health import healthz
from frontend.forms import ThrottledAdminAuthenticationForm
from frontend.views.account import (
    LoginView,
    PasswordChangeDoneView,
    PasswordChangeView,
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from papers.api import (
    BookmarkDetail,
    BookmarkList,
    CitationList,
    DailyView,
    LibraryExport,
    LibraryImport,
    PaperDetail,
    PaperList,
    PublicListsView,
    ReadingListView,
    ReferenceList,
    StatsView,
)
from search.agents.http import McpView
from search.api import GraphView, SearchView, SimilarView, TrendView
from search.authors.api import AuthorView
from search.following.api import SavedSearchDetail, SavedSearchList
from search.map.api import MapPointsView, MapPointView, MapView
from search.recommend.api import FeedbackView, RecommendationsView

api_v1 = [
    path("search/", SearchView.as_view(), name="search"),
    path("search/trend/", TrendView.as_view(), name="search-trend"),
    path("papers/", PaperList.as_view(), name="papers"),
    # arXiv ids may hold a slash (cs/9311102): `path`, and the longer route first.
    path("papers/<path:paper_id>/similar/", SimilarView.as_view(), name="paper-similar"),
    path("papers/<path:paper_id>/references/", ReferenceList.as_view(), name="paper-references"),
    path("papers/<path:paper_id>/citations/", CitationList.as_view(), name="paper-citations"),
    path("papers/<path:paper_id>/graph/", GraphView.as_view(), name="paper-graph"),
    path("papers/<path:paper_id>/", PaperDetail.as_view(), name="paper"),
    path("authors/<path:name>/", AuthorView.as_view(), name="author"),
    path("lists/", PublicListsView.as_view(), name="lists"),
    path("lists/<str:username>/<slug:slug>/", ReadingListView.as_view(), name="list"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("map/", MapView.as_view(), name="map"),
    path("map/points", MapPointsView.as_view(), name="map-points"),
    path("map/papers/<int:paper_id>/", MapPointView.as_view(), name="map-point"),
    path("daily/", DailyView.as_view(), name="daily"),
    path("saved-searches/", SavedSearchList.as_view(), name="saved-searches"),
    path("recommendations/", RecommendationsView.as_view(), name="recommendations"),
    path("recommendations/feedback/", FeedbackView.as_view(), name="recommendation-feedback"),
    path("saved-searches/<int:saved_id>/", SavedSearchDetail.as_view(), name="saved-search"),
    path("bookmarks/", BookmarkList.as_view(), name="bookmarks"),
    path("bookmarks/<path:paper_id>/", BookmarkDetail.as_view(), name="bookmark"),
    path("library/export/", LibraryExport.as_view(), name="library-export"),
    path("library/import/", LibraryImport.as_view(), name="library-import"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(), name="docs"),
    path("redoc/", RedocView.as_view(), name="redoc"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    re_path(r"^api/", api_route_not_found),
    path("mcp", McpView.as_view(), name="mcp"),
    path("healthz", healthz, name="healthz"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("", include("frontend.urls")),
]

# /admin/'s login is locked out after failures as the site's is.
admin.site.login_form = ThrottledAdminAuthenticationForm

handler400 = "config.errors.bad_request"
handler403 = "config.errors.permission_denied"
handler404 = "config.errors.page_not_found"
handler500 = "config.errors.server_error"
