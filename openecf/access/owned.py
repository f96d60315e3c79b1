"""An account's own things (its e-mail addresses, authenticator apps, API tokens): the owner reaches them,
everyone else finds nothing there."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

from openecf.accounts.models import User
from openecf.errors import NotFound

OwnedModel = TypeVar("OwnedModel", bound=models.Model)


def access_owned(user: User, model: type[OwnedModel], object_id: int) -> OwnedModel:
    """The user's own `model` row with this id; another account's row is 'not found' like a missing one.

    The refusal names the thing by the model's verbose name, e.g. "There is no such API token on your
    account."
    """
    found = model._default_manager.filter(user=user, pk=object_id).first()
    if found is None:
        raise NotFound(f"There is no such {model._meta.verbose_name} on your account.")
    return found
