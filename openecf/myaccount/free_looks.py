"""Manage My Account: the free looks of the notices sent to the account, which remain and which were used."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from openecf.access.policy import signed_in_account
from openecf.notices.free_look import FreeLookState, free_look_link, free_look_listed_state, free_looks_of
from openecf.notices.models import FreeLook
from openecf.numbers import whole_number_parse
from openecf.ratelimit import rate_limit_reads

FREE_LOOKS_PER_PAGE = 50


@dataclass(frozen=True)
class FreeLookRow:
    free_look: FreeLook
    state: str
    link: str  # the one-click page, while the free look remains


def _row(free_look: FreeLook) -> FreeLookRow:
    state = free_look_listed_state(free_look)
    return FreeLookRow(
        free_look=free_look,
        state=state.value,
        link=free_look_link(free_look) if state == FreeLookState.REMAINING else "",
    )


@never_cache
@login_required
@require_safe
@rate_limit_reads
def free_looks(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    page_number = whole_number_parse(request.GET.get("page", "1"), name="page", minimum=1)
    page = Paginator(free_looks_of(user), FREE_LOOKS_PER_PAGE).get_page(page_number)
    rows = [_row(free_look) for free_look in page]
    return render(request, "myaccount/free_looks.html", {"account": user, "page": page, "rows": rows})


urlpatterns: list[URLPattern] = [
    path("pacer/account/free-looks/", free_looks, name="free_looks"),
]
