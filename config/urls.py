from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from papers.api import StatsView
from search.api import PaperDetail, PaperList, SearchView, SimilarView

api_v1 = [
    path("search/", SearchView.as_view(), name="search"),
    path("papers/", PaperList.as_view(), name="papers"),
    # arXiv ids may hold a slash (cs/9311102): `path`, and the longer route first.
    path("papers/<path:paper_id>/similar/", SimilarView.as_view(), name="paper-similar"),
    path("papers/<path:paper_id>/", PaperDetail.as_view(), name="paper"),
    path("stats/", StatsView.as_view(), name="stats"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("", include("frontend.urls")),
]
