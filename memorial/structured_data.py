"""schema.org JSON-LD for public pages, written so no text can close the script element."""

import json

from django.utils.html import _json_script_escapes, format_html
from django.utils.safestring import mark_safe


def ld_json_script(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_json_script_escapes)),  # noqa: S308 - escaped for <script>
    )


def schema_date(date):
    """schema.org accepts ISO years and months; an approximate or ranged date is left out."""
    if date is None or date.approximate or date.end is not None or date.season:
        return None
    return str(date)
