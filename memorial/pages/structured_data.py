"""A story's JSON-LD."""

from memorial.base.structured_data import CONTEXT, portal, summary, without_empty


def story_json_ld(story, mentioned, absolute_url):
    """A story as an Article the portal wrote; `mentioned` are the published records it
    features, as the page lists them."""
    url = absolute_url(story.get_absolute_url())
    images = getattr(story, "images", None) or []
    return without_empty(
        {
            "@context": CONTEXT,
            "@type": "Article",
            "@id": url,
            "url": url,
            "mainEntityOfPage": url,
            "headline": str(story.title),
            "description": str(story.summary) or summary(story.body),
            "inLanguage": story.title.language,
            "datePublished": story.publish_at.isoformat() if story.publish_at else None,
            "dateModified": story.updated_at.isoformat() if story.updated_at else None,
            "author": portal(absolute_url),
            "publisher": portal(absolute_url),
            "image": [absolute_url(image.image.url) for image in images[:1]],
            "mentions": mentioned,
        }
    )
