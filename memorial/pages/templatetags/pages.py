from django import template

from memorial.pages.navigation import site_links as read_site_links

register = template.Library()


@register.simple_tag
def site_links():
    """`{% site_links as links %}`: links.menu and links.footer (memorial/pages/navigation.py)."""
    return read_site_links()
