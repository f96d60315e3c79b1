"""The clerk's office's maintenance windows (seed 002): times in which electronic filing is suspended, set and
cancelled on the court's clock."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from openecf.access.policy import Action, may, require
from openecf.accounts.models import User
from openecf.courts.calendar import (
    court_moment,
    court_zone,
    maintenance_window_get,
    moment_text,
    upcoming_maintenance,
)
from openecf.courts.models import Court, MaintenanceWindow
from openecf.courts.services import (
    MAINTENANCE_NOTICE_MAX_LENGTH,
    maintenance_window_cancel,
    maintenance_window_set,
)
from openecf.errors import OpenECFError
from openecf.filers.views import cmecf_page
from openecf.forms import REFUSED, UswdsForm, form_submit


class MaintenanceWindowForm(UswdsForm):
    """Dates and times on the court's clock."""

    starts_on = forms.DateField(
        label="Filing suspended from (date)", widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_time = forms.TimeField(
        label="Filing suspended from (time)", widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_on = forms.DateField(
        label="Filing resumes on (date)", widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_time = forms.TimeField(
        label="Filing resumes at (time)",
        initial=dt.time(0, 0),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    notice = forms.CharField(
        label="Notice to filers",
        max_length=MAINTENANCE_NOTICE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# The service names the moments; the form asks for each as a date and a time.
_FORM_FIELD = {"starts_at": "starts_on", "ends_at": "ends_on"}


def _set(court: Court, clerk: User, data: dict[str, Any]) -> MaintenanceWindow:
    field = "starts_on"
    try:
        starts_at = court_moment(court, data["starts_on"], data["starts_time"])
        field = "ends_on"
        ends_at = court_moment(court, data["ends_on"], data["ends_time"])
        field = ""
        return maintenance_window_set(
            court=court, starts_at=starts_at, ends_at=ends_at, notice=data["notice"], acting_user=clerk
        )
    except OpenECFError as refused:
        refused.field = field or _FORM_FIELD.get(refused.field or "", refused.field)
        raise


def _window_rows(court: Court, now: dt.datetime) -> list[dict[str, Any]]:
    return [
        {
            "pk": w.pk,
            "starts": moment_text(court, w.starts_at),
            "resumes": moment_text(court, w.ends_at),
            "notice": w.notice,
            "in_effect": w.starts_at <= now,
        }
        for w in upcoming_maintenance(court, now, within_days=None)
    ]


def _page(
    request: HttpRequest,
    court: Court,
    clerk: User,
    form: MaintenanceWindowForm,
    *,
    cancel_error: str = "",
    status: int,
) -> HttpResponse:
    now = timezone.now()
    return render(
        request,
        "filing/maintenance.html",
        {
            "court": court,
            "form": form,
            "cancel_error": cancel_error,
            "windows": _window_rows(court, now),
            "now": moment_text(court, now),
            "zone": now.astimezone(court_zone(court)).tzname(),
            "may_review_requests": may(clerk, Action.REVIEW_FILING_REQUESTS, court=court),
            "may_unlink": may(clerk, Action.UNLINK, court=court),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=False)
def maintenance(request: HttpRequest, court: Court) -> HttpResponse:
    clerk = require(request.user, Action.DOCKET, court=court)
    form = MaintenanceWindowForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form_submit(form, lambda data: _set(court, clerk, data)) is not REFUSED:
            return redirect("filing:maintenance", court.pk)
        return _page(request, court, clerk, form, status=400)
    return _page(request, court, clerk, form, status=200)


@require_POST
@cmecf_page(acknowledged=False)
def maintenance_cancel(request: HttpRequest, court: Court, window_id: int) -> HttpResponse:
    clerk = require(request.user, Action.DOCKET, court=court)
    window = maintenance_window_get(court, window_id)
    try:
        maintenance_window_cancel(window=window, acting_user=clerk)
    except OpenECFError as refused:
        return _page(
            request,
            court,
            clerk,
            MaintenanceWindowForm(),
            cancel_error=refused.message,
            status=refused.status,
        )
    return redirect("filing:maintenance", court.pk)


urlpatterns: list[URLPattern] = [
    path("<str:court_id>/cmecf/clerk/maintenance/", maintenance, name="maintenance"),
    path(
        "<str:court_id>/cmecf/clerk/maintenance/<int:window_id>/cancel/",
        maintenance_cancel,
        name="maintenance_cancel",
    ),
]
