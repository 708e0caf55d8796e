"""The testimony form while the database is unreachable: shown from what was remembered,
and a testimony that could not be stored given back with everything typed
(docs/database-outages.md)."""

import logging

from django import forms
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from memorial.base.outage import DATABASE_DOWN

from .forms import TestimonyForm

CHOICE_FIELDS = ("camp", "deportation")

logger = logging.getLogger(__name__)


def choices_key():
    return f"testimony-form:choices:{translation.get_language()}"


def offer_choices(form, database=True):
    """Give the form's camp and deportation lists as plain choices: read from the database
    and remembered (per language) for an outage, or the remembered ones while it is away."""
    if getattr(form, "choices_offered", False):
        return
    form.choices_offered = True
    choices = None
    if database:
        try:
            choices = {
                name: [(str(value), str(label)) for value, label in form.fields[name].choices]
                for name in CHOICE_FIELDS
            }
            cache.set(choices_key(), choices, timeout=None)
        except DATABASE_DOWN:
            pass
    if choices is None:
        choices = cache.get(choices_key()) or {}
    for name in CHOICE_FIELDS:
        field = form.fields[name]
        # Never remembered (an emptied cache): the choice typed is kept, unnamed.
        chosen = form.initial.get(name) or ""
        fallback = [("", str(field.empty_label))] + ([(chosen, chosen)] if chosen else [])
        field.choices = choices.get(name) or fallback


def unsaved_form(request):
    """The form as the family sent it (nothing read from the database), with a message that
    nothing was stored. Files chosen cannot be given back: a browser refills no file input."""
    logger.warning("A testimony was given back unsaved: the database is not answering")
    typed = {name: request.POST.get(name, "") for name in request.POST}
    typed["keep_files"] = request.POST.getlist("keep_files")
    form = TestimonyForm(initial=typed)
    offer_choices(form, database=False)  # the database just failed: not asked again
    if typed["keep_files"]:
        # Files kept from an earlier try stay attached, unnamed until the database answers.
        form.fields["keep_files"].widget = forms.MultipleHiddenInput()
        form.pending = typed["keep_files"]
    message = _(
        "We could not save your testimony just now; nothing was stored. "
        "Please send it again in a minute."
    )
    if any(file for file in request.FILES.getlist("attachments")):
        message += " " + _(
            "Your browser cannot keep the files you chose: please choose them again before sending."
        )
    form.cleaned_data = {}  # add_error() expects it; an unbound form has none
    form.add_error(None, message)
    return form
