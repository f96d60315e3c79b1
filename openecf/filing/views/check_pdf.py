"""Utilities → Check PDF: the court's PDF rules on files a filer is about to file, without filing them.

Each file gets what `openecf check-pdf` prints and what the filing wizard would say: OK and its pages, or the
refusal in the seed's words, and the warnings the filer would have to confirm. Nothing is stored. Each file
counts against the filer's upload limit, as a wizard upload does; the request's size is checked before its
body is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from openecf.access.policy import Action, may, signed_in_account
from openecf.courts.models import Court
from openecf.documents.pdf import PdfWarning, file_label, pdf_inspect, size_limit_message
from openecf.errors import InvalidInput
from openecf.filers.views import cmecf_page
from openecf.numbers import is_ascii_digits
from openecf.ratelimit import account_username, rate_limit_check

# Files checked at once; the request may carry this many files at the court's limit, and its envelope.
MAX_FILES = 10
ENVELOPE_BYTES = 64 * 1024


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    """One or more files under one name (Django's recipe for `<input type="file" multiple>`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        one = super().clean
        files = list(data) if isinstance(data, (list, tuple)) else [data]
        return [one(item, initial) for item in files or [None]]  # none at all: "required"


class CheckPdfForm(forms.Form):
    documents = _MultipleFileField(
        label="PDF documents",
        allow_empty_file=True,
        help_text=f"Up to {MAX_FILES} files at a time. Nothing is filed or kept.",
        error_messages={"required": "Choose one or more PDF files to check."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].widget.attrs.update(
            {"accept": "application/pdf,.pdf", "class": "usa-file-input"}
        )

    def clean_documents(self) -> list[UploadedFile[Any]]:
        files: list[UploadedFile[Any]] = self.cleaned_data["documents"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Check at most {MAX_FILES} files at a time.")
        return files


@dataclass(frozen=True)
class CheckedFile:
    """One file's line on the page: OK with its pages, or the refusal; and its warnings."""

    name: str
    page_count: int | None
    refusal: str
    warnings: tuple[PdfWarning, ...]


def _check(upload: UploadedFile[Any], max_bytes: int) -> CheckedFile:
    name = upload.name or "document.pdf"
    # One byte more than the limit is enough to know the file is over it.
    content = upload.read(max_bytes + 1)
    try:
        inspection = pdf_inspect(content, filename=name, max_bytes=max_bytes)
    except InvalidInput as refusal:
        return CheckedFile(file_label(name), None, refusal.message, ())
    return CheckedFile(file_label(name), inspection.page_count, "", inspection.warnings)


def _declared_length(request: HttpRequest) -> int:
    value = str(request.META.get("CONTENT_LENGTH") or "").strip()
    return int(value) if is_ascii_digits(value) else 0


def _page(
    request: HttpRequest,
    court: Court,
    form: CheckPdfForm,
    *,
    results: list[CheckedFile] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in_account(request.user)
    return render(
        request,
        "filing/check_pdf.html",
        {
            "court": court,
            "form": form,
            "results": results,
            "error": error,
            "max_megabytes": court.max_file_size_bytes // (1024 * 1024),
            "max_files": MAX_FILES,
            "may_review_requests": may(user, Action.REVIEW_FILING_REQUESTS, court=court),
            "may_unlink": may(user, Action.UNLINK, court=court),
        },
        status=status,
    )


@csrf_protect
def _post(request: HttpRequest, court: Court) -> HttpResponse:
    form = CheckPdfForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, court, form, status=400)
    files: list[UploadedFile[Any]] = form.cleaned_data["documents"]
    for _file in files:  # each file is a check, counted as an upload
        rate_limit_check(request, upload_account=account_username(request))
    results = [_check(upload, court.max_file_size_bytes) for upload in files]
    return _page(request, court, CheckPdfForm(), results=results)


@never_cache
@csrf_exempt  # checked by `_post` once the body is known to be small enough to read
@require_http_methods(["GET", "HEAD", "POST"])
@cmecf_page(acknowledged=False)
def check_pdf(request: HttpRequest, court: Court) -> HttpResponse:
    """Upload PDFs, see what filing them would say; nothing is stored."""
    if request.method != "POST":
        return _page(request, court, CheckPdfForm())
    if _declared_length(request) > MAX_FILES * court.max_file_size_bytes + ENVELOPE_BYTES:
        error = f"{size_limit_message(court.max_file_size_bytes)} Check at most {MAX_FILES} files at a time."
        return _page(request, court, CheckPdfForm(), error=error, status=400)
    return _post(request, court)


urlpatterns: list[URLPattern] = [
    path("<str:court_id>/cmecf/utilities/check-pdf/", check_pdf, name="check_pdf"),
]
