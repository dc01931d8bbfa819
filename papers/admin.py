from django.contrib import admin

from papers.models import MAIN_CATEGORIES, Bookmark, Embedding, Paper


class CategoryFilter(admin.SimpleListFilter):
    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(category, category) for category in MAIN_CATEGORIES]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(categories__contains=[self.value()])
        return queryset


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("arxiv_id", "title", "primary_category", "published", "source")
    list_filter = (CategoryFilter, ("published", admin.DateFieldListFilter), "source")
    search_fields = ("=arxiv_id", "title")
    date_hierarchy = "published"
    readonly_fields = ("created", "modified")
    show_full_result_count = False  # COUNT(*) over 100k+ rows on every page is wasted work


@admin.register(Embedding)
class EmbeddingAdmin(admin.ModelAdmin):
    list_display = ("paper", "model_name", "created")
    list_filter = ("model_name",)
    raw_id_fields = ("paper",)
    exclude = ("vector",)


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ("user", "paper", "created")
    raw_id_fields = ("user", "paper")
