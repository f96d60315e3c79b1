"""Check PDF Document: `openecf check-pdf FILE…` and the Utilities page say what a filing would say of each
file (OK and its pages, or the refusal naming the file; the warnings), and keep nothing."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from openecf.courts.services import court_configure
from openecf.documents import testing
from openecf.documents.models import Document
from openecf.documents.pdf import EXTERNAL_ACTION, NOT_WELL_FORMED, SECURITY_MEASURES
from openecf.filers.tests.helpers import make_user

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def _run(*args: str) -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("check_pdf", *args, stdout=out)
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def _write(folder: Path, name: str, content: bytes) -> str:
    path = folder / name
    path.write_bytes(content)
    return str(path)


class TestCommand:
    def test_ok_files_exit_zero_with_their_pages(self, tmp_path, cit):
        one = _write(tmp_path, "motion.pdf", testing.make_pdf(pages=1))
        three = _write(tmp_path, "brief.pdf", testing.make_pdf(pages=3))
        output, error = _run(one, three)
        assert error is None
        assert output.splitlines() == [f"{one}: OK (1 page)", f"{three}: OK (3 pages)"]

    def test_each_refused_file_gets_the_exact_refusal_and_the_status_is_one(self, tmp_path, cit):
        good = _write(tmp_path, "good.pdf", testing.make_pdf())
        locked = _write(tmp_path, "locked.pdf", testing.pdf_user_password())
        script = _write(tmp_path, "script.pdf", testing.pdf_javascript_open_action())
        page = _write(tmp_path, "page.pdf", testing.html_renamed())
        output, error = _run(good, locked, script, page)
        assert output.splitlines() == [
            f"{good}: OK (1 page)",
            f"{locked}: {SECURITY_MEASURES}",
            f"{script}: {EXTERNAL_ACTION}",
            f"{page}: {NOT_WELL_FORMED}",
        ]
        assert error is not None and error.returncode == 1
        assert str(error) == "3 of 4 files refused."

    def test_warnings_follow_their_file_indented(self, tmp_path, cit):
        scanned = _write(tmp_path, "scan.pdf", testing.make_scanned_pdf(pages=2))
        redacted = _write(tmp_path, "public.pdf", testing.make_redaction_pdf("box_over_text"))
        output, error = _run(scanned, redacted)
        lines = output.splitlines()
        assert error is None
        assert lines[0] == f"{scanned}: OK (2 pages)"
        assert lines[1].startswith("    WARNING: No page has text that can be searched or copied")
        assert lines[2] == f"{redacted}: OK (1 page)"
        assert lines[3].startswith("    WARNING: Text is hidden under boxes") and "on page 1," in lines[3]
        assert len(lines) == 4

    def test_an_unreadable_file_is_refused(self, tmp_path, cit):
        missing = str(tmp_path / "missing.pdf")
        output, error = _run(missing)
        assert output.strip() == f"{missing}: cannot be read (No such file or directory)."
        assert error is not None and error.returncode == 1

    def test_the_courts_limit_with_court(self, tmp_path, cit):
        court_configure(court_id="cit", acting_user=None, max_file_size_bytes=1 * MB)
        big = _write(tmp_path, "big.pdf", testing.pdf_of_size(MB + 1))
        output, error = _run(big, "--court", "cit")
        assert output.strip() == (
            f"{big}: You cannot load this file because it's over 1 Megabytes (MB). Break the document into "
            "logical divisions of no more than 1 MB each and file them as attachments."
        )
        assert error is not None

    def test_without_court_the_largest_courts_limit(self, tmp_path, cit, cafc):
        court_configure(court_id="cit", acting_user=None, max_file_size_bytes=1 * MB)
        court_configure(court_id="cafc", acting_user=None, max_file_size_bytes=2 * MB)
        big = _write(tmp_path, "big.pdf", testing.pdf_of_size(MB + 1))
        assert _run(big) == (f"{big}: OK (1 page)\n", None)
        too_big = _write(tmp_path, "bigger.pdf", testing.pdf_of_size(2 * MB + 1))
        output, error = _run(too_big)
        assert "over 2 Megabytes (MB)" in output and error is not None

    def test_an_unknown_court(self, tmp_path, cit):
        with pytest.raises(CommandError, match="There is no court 'nowhere'"):
            call_command("check_pdf", _write(tmp_path, "a.pdf", testing.make_pdf()), "--court", "nowhere")


@pytest.fixture
def filer(db, cit) -> Client:
    client = Client()
    client.force_login(make_user("checker"))
    return client


URL = "/cit/cmecf/utilities/check-pdf/"


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class TestPage:
    def test_signed_in_only(self, cit):
        response = Client().get(URL)
        assert response.status_code == 302 and "login" in response["Location"]
        response = Client().post(URL, {"documents": [_upload("a.pdf", testing.make_pdf())]})
        assert response.status_code == 302

    def test_the_form(self, filer):
        response = filer.get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert 'enctype="multipart/form-data"' in html and "multiple" in html and "Check PDF Document" in html

    def test_each_file_gets_what_the_command_says_and_nothing_is_kept(self, filer, settings):
        response = filer.post(
            URL,
            {
                "documents": [
                    _upload("brief.pdf", testing.make_pdf(pages=2)),
                    _upload("locked.pdf", testing.pdf_owner_password()),
                    _upload("public.pdf", testing.make_redaction_pdf("white_text")),
                ]
            },
        )
        assert response.status_code == 200
        results = response.context["results"]
        assert [(r.name, r.page_count, r.refusal) for r in results] == [
            ("brief.pdf", 2, ""),
            ("locked.pdf", None, f"locked.pdf: {SECURITY_MEASURES}"),
            ("public.pdf", 1, ""),
        ]
        assert [w.code for w in results[2].warnings] == ["bad_redaction"]
        html = response.content.decode()
        assert "brief.pdf: OK (2 pages)" in html
        assert "locked.pdf: ERROR: This document has security measures in effect" in html
        assert "copy or search the text under the boxes" in html
        assert not Document.objects.exists()
        assert not list(Path(settings.DOCUMENT_STORAGE_ROOT).rglob("*.pdf"))

    def test_over_the_courts_limit(self, filer, cit):
        court_configure(court_id="cit", acting_user=None, max_file_size_bytes=1 * MB)
        response = filer.post(URL, {"documents": [_upload("big.pdf", testing.pdf_of_size(MB + 1))]})
        assert response.status_code == 200
        assert response.context["results"][0].refusal.startswith(
            "big.pdf: You cannot load this file because it's over 1 Megabytes (MB)."
        )

    def test_no_file_is_a_form_error(self, filer):
        response = filer.post(URL, {})
        assert response.status_code == 400
        assert "Choose one or more PDF files to check." in response.content.decode()

    def test_too_many_files(self, filer):
        files = [_upload(f"{n}.pdf", b"%PDF-1.7") for n in range(11)]
        response = filer.post(URL, {"documents": files})
        assert response.status_code == 400
        assert "Check at most 10 files at a time." in response.content.decode()

    def test_a_request_too_large_is_refused_before_its_body_is_read(self, filer, cit):
        court_configure(court_id="cit", acting_user=None, max_file_size_bytes=1 * MB)
        response = filer.post(
            URL, data=b"x", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(11 * MB)
        )
        assert response.status_code == 400
        assert "over 1 Megabytes (MB)" in response.content.decode()

    def test_each_file_counts_against_the_upload_limit(self, filer, rate_limits):
        rate_limits(upload_account="2/h")
        files = [_upload(f"{n}.pdf", testing.make_pdf()) for n in range(3)]
        response = filer.post(URL, {"documents": files})
        assert response.status_code == 429

    def test_the_utilities_link_to_it(self, cit):
        client = Client()
        client.force_login(make_user("linker"))
        client.post("/cit/cmecf/redaction/", {"acknowledge": "on"})
        html = client.get("/cit/cmecf/utilities/").content.decode()
        assert html.count(f'href="{URL}"') == 2, "in the Utilities list and in the menu"
