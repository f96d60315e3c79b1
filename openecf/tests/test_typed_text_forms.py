"""Every form of the site refuses text-direction controls in what users type (openecf/forms.py).

The forms are found, not listed: a new form with a text field is covered the day it is written.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import cast

import pytest
from django import forms

import openecf
from openecf.forms import TypedTextForm, typed_text_validate

SKIPPED_MODULES = {"openecf.accounts.admin"}  # the admin's account form writes through a service of its own


def _form_classes() -> Iterator[type[forms.Form]]:
    for module_info in pkgutil.walk_packages(openecf.__path__, "openecf."):
        if not module_info.name.endswith(".forms") or module_info.name in SKIPPED_MODULES:
            continue
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield cast(type[forms.Form], value)


FORMS = sorted(_form_classes(), key=lambda form: f"{form.__module__}.{form.__qualname__}")
TYPED_FIELDS = [
    (form, name)
    for form in FORMS
    for name, field in form.base_fields.items()
    if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)
]


def test_forms_are_found():
    names = {form.__name__ for form in FORMS}
    assert {"RegistrationDetailsForm", "ContactForm", "DeviceAddForm", "ApiTokenForm"} <= names


@pytest.mark.parametrize("form", FORMS, ids=lambda form: form.__qualname__)
def test_every_form_is_a_typed_text_form(form):
    assert issubclass(form, TypedTextForm) or form.__name__ == "ResetPasswordForm"


@pytest.mark.parametrize(
    ("form", "name"), TYPED_FIELDS, ids=lambda item: getattr(item, "__qualname__", str(item))
)
def test_every_typed_field_refuses_direction_controls(form, name):
    if not issubclass(form, TypedTextForm):
        pytest.skip("no typed text")
    instance = form.__new__(form)
    TypedTextForm.__init__(instance)
    assert typed_text_validate in instance.fields[name].validators


@pytest.mark.parametrize("control", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c"])
def test_the_validator_refuses_each_control(control):
    with pytest.raises(forms.ValidationError):
        typed_text_validate(f"Acme{control}Corp")


def test_passwords_may_hold_any_character():
    class Sample(TypedTextForm):
        name = forms.CharField()
        secret = forms.CharField(widget=forms.PasswordInput)

    form = Sample({"name": "Acme\u202eCorp", "secret": "pass\u202eword"})
    assert not form.is_valid()
    assert list(form.errors) == ["name"]
