"""The public "Verify a document" page: a file and its electronic document stamp; is it the court's?

Open to everyone without a login. The upload is bounded before anything reads it: the declared body size is
checked against the court's file size limit first, so the token check (which reads the form) and the
multipart parser never take in more than one document's worth.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from openecf.access.cases import access_court
from openecf.courts.models import Court
from openecf.errors import OpenECFError
from openecf.filing.stamps import STAMP_MAX_LENGTH
from openecf.filing.verify import VerifyResult, document_verify, verify_size_limit
from openecf.forms import UswdsForm, form_error_add
from openecf.numbers import is_ascii_digits
from openecf.ratelimit import account_username, rate_limit, rate_limit_reads, visitor_ip

# Room in the request body for the multipart envelope and the stamp around the file.
ENVELOPE_BYTES = 64 * 1024


def too_large_message(court: Court) -> str:
    limit = verify_size_limit(court)
    size = f"{limit // (1024 * 1024)} Megabytes (MB)" if limit >= 1024 * 1024 else f"{limit} bytes"
    return (
        f"That file is over {size}, larger than any document of {court.name}, so it is not one of them. "
        "Choose the document you downloaded or were served."
    )


class VerifyDocumentForm(UswdsForm):
    document = forms.FileField(
        label="Document (PDF)",
        help_text="The file as you downloaded it from the court or were served with it.",
        allow_empty_file=False,
    )
    stamp = forms.CharField(
        label="Electronic document stamp",
        help_text="From the Notice of Electronic Filing: from '[STAMP' to the closing ']]'.",
        max_length=STAMP_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, court: Court, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.court = court

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        if upload.size > verify_size_limit(self.court):
            raise ValidationError(too_large_message(self.court), code="file_too_large")
        return upload


def _page(
    request: HttpRequest,
    court: Court,
    form: VerifyDocumentForm,
    *,
    result: VerifyResult | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "filing/verify.html",
        {"court": court, "form": form, "result": result, "error": error},
        status=status,
    )


def _declared_length(request: HttpRequest) -> int:
    value = str(request.META.get("CONTENT_LENGTH") or "").strip()
    return int(value) if is_ascii_digits(value) else 0


@csrf_protect
def _verify_page(request: HttpRequest, court: Court) -> HttpResponse:
    if request.method != "POST":
        return _page(request, court, VerifyDocumentForm(court=court))
    form = VerifyDocumentForm(request.POST, request.FILES, court=court)
    if not form.is_valid():
        return _page(request, court, form, status=400)
    try:
        result = document_verify(
            content=form.cleaned_data["document"].read(),
            stamp_text=form.cleaned_data["stamp"],
            user=request.user,
            court_id=court.pk,
        )
    except OpenECFError as refused:
        form_error_add(form, refused)
        return _page(request, court, form, status=refused.status)
    return _page(request, court, VerifyDocumentForm(court=court), result=result)


@require_http_methods(["GET", "HEAD", "POST"])
@csrf_exempt  # checked by `_verify_page`, once the body is known to be small enough to read
@rate_limit_reads
@rate_limit(verify_ip=visitor_ip, verify_account=account_username)
def verify(request: HttpRequest, court_id: str) -> HttpResponse:
    court = access_court(court_id)
    if request.method == "POST" and _declared_length(request) > verify_size_limit(court) + ENVELOPE_BYTES:
        return _page(
            request, court, VerifyDocumentForm(court=court), error=too_large_message(court), status=400
        )
    return _verify_page(request, court)


urlpatterns: list[URLPattern] = [
    path("<str:court_id>/verify/", verify, name="verify"),
]
