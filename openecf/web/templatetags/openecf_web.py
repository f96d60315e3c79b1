"""Template helpers of the site: the remedy links of a refusal, and sentences that end with one period."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from openecf.access.policy import remedies_for
from openecf.courts.models import Court

register = template.Library()


@register.inclusion_tag("web/_remedies.html", takes_context=True)
def remedies(
    context: template.Context, reason: str | None, court: Court | str | None = None
) -> dict[str, Any]:
    """Links to the pages that put the refusal right: the activation code, the upgrade, the authenticator."""
    court_id = court.pk if isinstance(court, Court) else court
    request = context.get("request")
    links: list[tuple[str, str]] = []
    for remedy in remedies_for(reason):
        if remedy.per_court and not court_id:
            continue
        url = reverse(remedy.url_name, args=[court_id] if remedy.per_court else [])
        if remedy.url_name == "signin:login" and request is not None:
            url += "?" + urlencode({"next": request.get_full_path()})
        if remedy.fragment:
            url += f"#{remedy.fragment}"
        links.append((remedy.label, url))
    return {"remedy_links": links}


@register.filter(is_safe=True)
def sentence(value: object) -> str:
    """The text as the end of a sentence: one period, even after a name that ends with one ("D.C.")."""
    text = str(value).rstrip()
    return text if text.endswith((".", "!", "?")) else f"{text}."
