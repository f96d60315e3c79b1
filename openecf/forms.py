"""What every page's forms share: the USWDS look, and a service's refusal shown on the form.

On the ground floor with `errors`: the pages of every app use it, and it knows none of them.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from openecf.errors import OpenECFError
from openecf.text import has_bidi_controls, has_control_characters

Result = TypeVar("Result")


def typed_text_validate(value: str) -> None:
    """What a user types into a text field shows no hidden direction or control codes (passwords aside)."""
    if has_bidi_controls(value):
        raise ValidationError(
            "Remove the text-direction control characters (such as a right-to-left override) "
            "and type the text again.",
            code="bidi_control",
        )
    if has_control_characters(value, allow_line_breaks=True):
        raise ValidationError("Remove the control characters and type the text again.", code="control")


class TypedTextForm(forms.Form):
    """Every text field refuses hidden direction and control codes; a password may hold any character."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput):
                field.validators.append(typed_text_validate)


class UswdsForm(TypedTextForm):
    """Gives each widget its USWDS class, so templates render every field with one include."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "usa-checkbox__input"
            elif isinstance(widget, forms.RadioSelect):
                css = "usa-radio__input"
            elif isinstance(widget, forms.Select):
                css = "usa-select"
            elif isinstance(widget, forms.Textarea):
                css = "usa-textarea"
            else:
                css = "usa-input"
            classes = widget.attrs.get("class", "").split()
            if css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])


def form_error_add(form: forms.Form, error: OpenECFError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class Refused(enum.Enum):
    """What `form_submit` returns when the form or the service refused: the reason is on the form."""

    SHOWN_ON_FORM = "shown on the form"


REFUSED = Refused.SHOWN_ON_FORM


def form_submit(
    form: forms.Form, service: Callable[[dict[str, Any]], Result]
) -> Result | Literal[Refused.SHOWN_ON_FORM]:
    """Validate the form, then call the service with its cleaned data.

    The service's result, or REFUSED when the form is invalid or the service refused (the refusal is then
    shown on the form, next to the field it names), so a page re-renders the form with the reason.
    """
    if not form.is_valid():
        return REFUSED
    try:
        return service(form.cleaned_data)
    except OpenECFError as refused:
        form_error_add(form, refused)
        return REFUSED
