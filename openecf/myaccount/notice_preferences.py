"""Manage My Account: how the account gets its Notices of Electronic Filing, and where they go.

Each filing or one Daily Summary (with an optional notice on days without activity), HTML or plain text. The
addresses are the account's primary and secondary e-mail addresses, changed on their own pages.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openecf.access.policy import signed_in_account
from openecf.accounts.selectors import secondary_emails_of
from openecf.forms import REFUSED, form_submit
from openecf.notices.models import NoticeFormat, NoticeFrequency
from openecf.notices.preferences import notification_preference_of, notification_preference_set

SAVED_KEY = "notice_preferences_saved"
SAVED = "Your notice preferences were saved."
RADIO = {"class": "usa-radio__input"}


class NoticePreferenceForm(forms.Form):
    frequency = forms.ChoiceField(
        choices=NoticeFrequency.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={
            "invalid_choice": "Choose how often you get notices: each filing, or a Daily Summary."
        },
    )
    format = forms.ChoiceField(
        choices=NoticeFormat.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"invalid_choice": "Choose the notices' format: HTML or plain text."},
    )
    no_activity_notice = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"class": "usa-checkbox__input"})
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_preferences(request: HttpRequest) -> HttpResponse:
    user = signed_in_account(request.user)
    status = 200
    if request.method == "POST":
        form = NoticePreferenceForm(request.POST)
        saved = form_submit(
            form,
            lambda data: notification_preference_set(
                user=user,
                frequency=data["frequency"],
                format=data["format"],
                no_activity_notice=bool(data["no_activity_notice"]),
                acting_user=user,
            ),
        )
        if saved is not REFUSED:
            request.session[SAVED_KEY] = SAVED
            return HttpResponseRedirect(reverse("myaccount:notice_preferences"))
        status = 400
    else:
        preference = notification_preference_of(user)
        form = NoticePreferenceForm(
            initial={
                "frequency": preference.frequency,
                "format": preference.format,
                "no_activity_notice": preference.no_activity_notice,
            }
        )
    return render(
        request,
        "myaccount/notice_preferences.html",
        {
            "account": user,
            "form": form,
            "secondary_emails": secondary_emails_of(user),
            "notice": request.session.pop(SAVED_KEY, ""),
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("pacer/account/notices/", notice_preferences, name="notice_preferences"),
]
