"""The API's documentation pages: Swagger UI and Redoc, both from the site's own static
files (drf-spectacular-sidecar), under the site's Content-Security-Policy.

drf-spectacular's own templates put a script or style inline (and Redoc's loads fonts from
Google); these use the same views with templates that hold neither.
"""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI; its set-up script comes from this same URL with `?script`."""

    url_name = "api:schema"
    template_name = "api_docs/swagger_ui.html"


# Redoc styles itself at run time (styled-components inserts <style> elements) and parses
# the schema in a worker started from a blob: URL. Its page alone allows both.
@method_decorator(csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]}),
                  name="dispatch")  # fmt: skip
class RedocView(SpectacularRedocView):
    url_name = "api:schema"
    template_name = "api_docs/redoc.html"
