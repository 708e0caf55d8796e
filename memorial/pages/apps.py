from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """What editors write: the site's pages, stories and the home page's choices."""

    name = "memorial.pages"
    label = "pages"
    verbose_name = _("Pages and stories")
    shown_on_public_pages = True

    def ready(self):
        from memorial.base import page_cache
        from people.models import biography

        from .models import SCHEDULED_MODELS, Story

        for model in SCHEDULED_MODELS:
            page_cache.schedule_publications_of(model)
            for signal in (post_save, post_delete):
                signal.connect(page_cache.remember_next_publication, sender=model)
        biography.add_sparse_relation(
            "stories",
            get_queryset=lambda: Story.objects.published(),
            to_attr="published_stories",
            through=Story.featured_people.through,
        )
