"""The admin's rich-text editor for formatted text (biographies, histories, pages, stories).

django-prose-editor enhances an ordinary textarea: without JavaScript the archivist still
has the textarea and its HTML. Its scripts, styles and icon font are the package's own
static files, served by the portal, and Django's admin gives them the page's CSP nonce.
"""

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media, Script

from .text import sanitize_html, strip_html

# What the editor offers, no more than what memorial.base.text.sanitize_html keeps (a test
# holds the two together): paragraphs and line breaks, headings below the page's own h1,
# bold, italics, underline, sub- and superscript, lists, quotations, links, and the HTML
# view for those who want it.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "HardBreak": True,
    "BulletList": True,
    # A list's start number and numbering style are attributes the sanitiser removes.
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "Blockquote": True,
    # A link opening a new window is an attribute the sanitiser removes.
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "HTML": True,
    "History": True,
    # The browser's spelling check helps in Kazakh and Russian; the editor turns it off.
    "NoSpellCheck": False,
}


class FormattedTextEditor(AdminProseEditorWidget):
    """A textarea the editor takes over when its scripts run."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"rows": 10, "cols": 40, **(attrs or {})},
            config={"extensions": EDITOR_EXTENSIONS},
            preset="configurable",
        )

    @property
    def media(self):
        # tiptap-style.js and labels.js are classic scripts and run before the editor's
        # modules do.
        return super().media + Media(
            css={"all": ["memorial/editor/tiptap.css"]},
            js=[Script("memorial/editor/tiptap-style.js"), Script("memorial/editor/labels.js")],
        )


def editor_widget(widget):
    """The widget for a formatted text field: the editor where the admin (or no one) asked
    for a textarea; a widget a form chose for itself stays."""
    if widget is None:
        return FormattedTextEditor()
    if isinstance(widget, type) and issubclass(widget, AdminTextareaWidget):
        return FormattedTextEditor()
    if isinstance(widget, AdminTextareaWidget):
        return FormattedTextEditor(attrs=widget.attrs)
    return widget


class FormattedTextFormField(forms.CharField):
    """Formatted text as the sanitiser keeps it; markup with no text in it (the editor's
    empty paragraph) is no text at all, so an empty biography stays empty."""

    def to_python(self, value):
        value = sanitize_html(super().to_python(value))
        return value if strip_html(value) else ""
