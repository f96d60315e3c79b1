"""The court's PDF rules: refusals naming the file, the hostile corpus, the warnings a filer confirms (with the
bad-redaction detector measured on generated PDFs), the sandbox's limits, the stamped headers and the
first page's picture."""

from __future__ import annotations

import io

import fitz
import pikepdf
import pytest

from openecf.documents import pdf as pdf_module
from openecf.documents import testing
from openecf.documents.pdf import (
    BAD_REDACTION,
    EXTERNAL_ACTION,
    METADATA,
    NO_TEXT_LAYER,
    NOT_WELL_FORMED,
    REDACTIONS_UNCHECKED,
    SECURITY_MEASURES,
    TOO_COMPLEX_TO_CHECK,
    PdfInspection,
    pdf_first_page_png,
    pdf_inspect,
    pdf_page_count,
    pdf_stamp_headers,
)
from openecf.documents.pdf_sandbox import sandbox_run
from openecf.errors import InvalidInput

MB = 1024 * 1024
LIMIT = 50 * MB
MESSAGES = {
    "not_pdf": NOT_WELL_FORMED,
    "pdf_encrypted": SECURITY_MEASURES,
    "pdf_active_content": EXTERNAL_ACTION,
    "pdf_too_complex": TOO_COMPLEX_TO_CHECK,
}


def _refused(content: bytes, name: str = "brief.pdf", max_bytes: int = LIMIT) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        pdf_inspect(content, filename=name, max_bytes=max_bytes)
    assert caught.value.field == "document"
    return caught.value


def _codes(inspection: PdfInspection) -> list[str]:
    return [warning.code for warning in inspection.warnings]


def _inspect(content: bytes, name: str = "brief.pdf") -> PdfInspection:
    return pdf_inspect(content, filename=name, max_bytes=LIMIT)


class TestRefusals:
    @pytest.mark.parametrize("case", sorted(testing.HOSTILE))
    def test_each_hostile_file_is_refused_with_the_seeds_message_naming_the_file(self, case):
        build, code = testing.HOSTILE[case]
        error = _refused(build(), name=f"{case}.pdf")
        assert error.code == code
        assert error.message == f"{case}.pdf: {MESSAGES[code]}"

    def test_the_seeds_words(self):
        assert NOT_WELL_FORMED == "ERROR: Document is not a well-formed PDF document"
        assert TOO_COMPLEX_TO_CHECK.startswith(NOT_WELL_FORMED)

    def test_a_plain_web_link_is_not_active_content(self):
        assert _inspect(testing.pdf_web_link()).page_count == 1

    def test_the_name_shown_has_no_control_or_direction_characters(self):
        error = _refused(b"", name="brief\u202egpj.pdf\n")
        assert error.message == f"briefgpj.pdf: {NOT_WELL_FORMED}"
        assert _refused(b"", name="").message == f"The file: {NOT_WELL_FORMED}"

    def test_pdf_page_count_remembers_files_it_accepted_not_those_it_refused(self, monkeypatch):
        content, locked = testing.make_pdf("remembered", pages=2), testing.pdf_owner_password()
        assert pdf_page_count(content) == 2
        with pytest.raises(InvalidInput):
            pdf_page_count(locked)
        calls: list[str] = []

        def counted(task: str, *args, **kwargs):
            calls.append(task)
            return sandbox_run(task, *args, **kwargs)

        monkeypatch.setattr(pdf_module, "sandbox_run", counted)
        assert pdf_page_count(content) == 2
        with pytest.raises(InvalidInput):
            pdf_page_count(locked)
        assert calls == ["inspect"], "the same accepted bytes are not checked twice"

    def test_pdf_page_count_keeps_its_messages_without_a_name(self):
        with pytest.raises(InvalidInput) as caught:
            pdf_page_count(testing.pdf_user_password())
        assert (caught.value.code, caught.value.message) == ("pdf_encrypted", SECURITY_MEASURES)
        assert pdf_page_count(testing.make_pdf(pages=4)) == 4


class TestSizeLimit:
    def test_just_over_the_limit_is_refused_with_the_advice_to_divide_it(self):
        limit = 2 * MB
        error = _refused(testing.pdf_over_limit(limit), name="exhibits.pdf", max_bytes=limit)
        assert error.code == "file_too_large"
        assert error.message == (
            "exhibits.pdf: You cannot load this file because it's over 2 Megabytes (MB). Break the document "
            "into logical divisions of no more than 2 MB each and file them as attachments."
        )

    def test_exactly_at_the_limit_is_accepted(self):
        content = testing.pdf_of_size(2 * MB)
        assert len(content) == 2 * MB
        assert pdf_inspect(content, filename="a.pdf", max_bytes=2 * MB).page_count == 1

    def test_the_size_is_checked_before_anything_reads_the_file(self, monkeypatch):
        def never(*args, **kwargs):
            raise AssertionError("an oversized file must not be parsed")

        monkeypatch.setattr(pdf_module, "sandbox_run", never)
        error = _refused(b"%PDF-1.7\n" + bytes(MB), max_bytes=MB)
        assert error.code == "file_too_large"
        assert "over 1 Megabytes (MB)" in error.message


@pytest.fixture(scope="module")
def many_objects() -> bytes:
    return testing.pdf_many_objects()


class TestBoundedWork:
    """Files built to exhaust a reader are refused, not timed (their cost is measured in benchmarks)."""

    def test_objects_nested_a_hundred_thousand_deep(self):
        error = _refused(testing.pdf_deeply_nested(100_000), name="deep.pdf")
        assert (error.code, error.message) == ("not_pdf", f"deep.pdf: {NOT_WELL_FORMED}")

    def test_a_million_tiny_objects(self, many_objects):
        assert len(many_objects) < LIMIT, "under the size limit: the objects, not the size, refuse it"
        error = _refused(many_objects, name="many.pdf")
        assert (error.code, error.message) == ("pdf_too_complex", f"many.pdf: {TOO_COMPLEX_TO_CHECK}")

    @pytest.mark.parametrize("where", ["content", "image"])
    def test_a_decompression_bomb(self, where):
        bomb = testing.pdf_decompression_bomb(4, where=where)
        assert len(bomb) < 5 * MB
        error = _refused(bomb, name="bomb.pdf")
        assert (error.code, error.message) == ("pdf_too_complex", f"bomb.pdf: {TOO_COMPLEX_TO_CHECK}")

    def test_the_bomb_inflates_to_gigabytes_indeed(self):
        import zlib

        inflater = zlib.decompressobj()
        data = testing._zeros_deflated(64 * MB)
        assert len(data) < 100_000
        assert len(inflater.decompress(data)) == 64 * MB and inflater.eof

    def test_a_check_past_the_cpu_limit_is_killed_and_the_file_refused(self, settings):
        settings.OPENECF_PDF_CHECK_SECONDS = 1
        # Under the cap on objects, but far more than one second of reading.
        error = _refused(testing.pdf_many_objects(400_000), name="slow.pdf")
        assert (error.code, error.message) == ("pdf_too_complex", f"slow.pdf: {TOO_COMPLEX_TO_CHECK}")
        assert _inspect(testing.make_pdf()).page_count == 1, "the next check works"

    def test_a_check_past_the_memory_limit_is_refused(self, settings):
        settings.OPENECF_PDF_CHECK_MEMORY_MB = 20
        error = _refused(testing.pdf_of_size(30 * MB), name="big.pdf")
        assert (error.code, error.message) == ("pdf_too_complex", f"big.pdf: {TOO_COMPLEX_TO_CHECK}")
        settings.OPENECF_PDF_CHECK_MEMORY_MB = 512
        assert _inspect(testing.make_pdf()).page_count == 1


class TestWarnings:
    def test_a_plain_text_pdf_has_none(self):
        inspection = _inspect(testing.make_pdf(pages=3))
        assert inspection == PdfInspection(page_count=3, warnings=())

    def test_a_scan_without_text_recognition(self):
        inspection = _inspect(testing.make_scanned_pdf(pages=2))
        assert (inspection.page_count, _codes(inspection)) == (2, [NO_TEXT_LAYER])
        message = inspection.warnings[0].message
        assert "300 dpi" in message and "text searchable" in message

    @pytest.mark.parametrize(
        ("metadata", "named"),
        [
            ({"author": "Jane Q. Attorney"}, "author"),
            ({"title": "Draft 7 - do not file"}, "title"),
            ({"subject": "Settlement terms"}, "subject"),
            ({"keywords": "privileged"}, "keywords"),
            ({"creator": "Microsoft Word"}, "creator"),
            ({"xmp_creator": "Jane Q. Attorney"}, "author"),
            ({"comment": "Check this number with the client"}, "comments"),
            ({"hidden_layer": True}, "hidden layers"),
        ],
    )
    def test_metadata_left_in_says_which(self, metadata, named):
        inspection = _inspect(testing.make_pdf_with_metadata(**metadata))
        assert _codes(inspection) == [METADATA]
        assert f"read: {named}." in inspection.warnings[0].message

    def test_several_kinds_of_metadata_are_listed_together(self):
        inspection = _inspect(testing.make_pdf_with_metadata(author="J", comment="note", hidden_layer=True))
        assert "read: author, comments, hidden layers." in inspection.warnings[0].message


class TestBadRedactions:
    """The detector, measured on generated PDFs: each kind of redaction, done right and done wrong (the
    results are in docs/filing.md, "Bad redactions")."""

    @pytest.mark.parametrize("kind", sorted(testing.REDACTION_KINDS))
    def test_each_kind(self, kind):
        inspection = _inspect(testing.make_redaction_pdf(kind))
        warned = BAD_REDACTION in _codes(inspection)
        assert warned == testing.REDACTION_KINDS[kind]
        if warned:
            message = next(w.message for w in inspection.warnings if w.code == BAD_REDACTION)
            assert "on page 1," in message and "copy or search the text under the boxes" in message

    def test_the_pages_are_named(self):
        doc = fitz.open()
        for kind in ("proper", "box_over_text", "table", "white_text"):
            doc.insert_pdf(fitz.open(stream=testing.make_redaction_pdf(kind), filetype="pdf"))
        inspection = _inspect(bytes(doc.tobytes()))
        message = next(w.message for w in inspection.warnings if w.code == BAD_REDACTION)
        assert "on pages 2, 4," in message

    def test_a_rotated_page_is_checked_as_shown(self):
        content = testing.rewritten(
            testing.make_redaction_pdf("box_over_text"), lambda p: p.pages[0].rotate(90, relative=True)
        )
        assert BAD_REDACTION in _codes(_inspect(content))

    def test_the_text_x_ray_reports_is_filtered_by_its_rules(self):
        from openecf.documents.pdf_redactions import meaningful

        assert meaningful("$1,234,567")
        assert not meaningful("XXXXXXXX")
        assert not meaningful("  REDACTED ")
        assert not meaningful("Confidential")
        assert meaningful("REDACTED: John Smith"), "a label does not excuse the words beside it"
        assert not meaningful("03/16/2020")
        assert not meaningful(" ")

    def test_a_document_too_long_to_look_through_in_time_says_what_was_not_checked(self, monkeypatch):
        monkeypatch.setattr(pdf_module, "_ADVICE_SHARE", 0.0)
        inspection = _inspect(testing.make_pdf(pages=3))
        assert _codes(inspection) == [REDACTIONS_UNCHECKED]
        assert "pages 1 to 3 were not checked" in inspection.warnings[0].message


def _with_boxes(content: bytes, *, rotate: int = 0, media=None, crop=None) -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            if media is not None:
                page.obj.MediaBox = pikepdf.Array(media)
            if crop is not None:
                page.obj.CropBox = pikepdf.Array(crop)
            if rotate:
                page.obj.Rotate = rotate

    return testing.rewritten(content, change)


def _body(pages: int) -> bytes:
    """Pages whose own text sits in the middle of the page, away from the header."""

    def move(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 200 400 Td (The brief itself) Tj ET")

    return testing.rewritten(testing.make_pdf(pages=pages), move)


def _top_line(page: fitz.Page) -> str:
    """The text in the top 30 points of the page as a reader shows it (after /Rotate)."""
    strip = fitz.Rect(0, 0, page.rect.width, 30) * page.derotation_matrix
    return str(page.get_text("text", clip=strip)).strip()


class TestStampHeaders:
    HEADERS = [f"Case 1:20-cv-00012 Document 5 Filed 03/16/20 Page {n} of 3" for n in (1, 2, 3)]

    def test_each_page_carries_its_header_as_text(self):
        stamped = pdf_stamp_headers(_body(3), self.HEADERS)
        with fitz.open(stream=stamped, filetype="pdf") as doc:
            assert [_top_line(page) for page in doc] == self.HEADERS
            assert all("The brief itself" in page.get_text() for page in doc), "the page's own text stays"

    @pytest.mark.parametrize("rotate", [0, 90, 180, 270])
    @pytest.mark.parametrize(
        ("media", "crop"),
        [
            ([0, 0, 612, 792], None),
            ([100, 200, 712, 992], None),
            ([-306, -396, 306, 396], None),
            ([0, 0, 612, 792], [36, 36, 576, 756]),
            ([0, 0, 792, 612], None),
        ],
    )
    def test_at_the_top_of_the_page_as_shown_whatever_its_boxes_and_rotation(self, rotate, media, crop):
        content = _with_boxes(_body(1), rotate=rotate, media=media, crop=crop)
        with fitz.open(stream=pdf_stamp_headers(content, self.HEADERS[:1]), filetype="pdf") as doc:
            page = doc[0]
            assert _top_line(page) == self.HEADERS[0]
            line = next(
                line
                for block in page.get_text("dict")["blocks"]
                for line in block.get("lines", [])
                if line["spans"][0]["text"].startswith("Case")
            )
            direction = (
                fitz.Point(line["dir"]) * page.rotation_matrix - fitz.Point(0, 0) * page.rotation_matrix
            )
            assert (round(direction.x, 3), round(direction.y, 3)) == (1, 0), "reads left to right as shown"
            box = fitz.Rect(line["bbox"]) * page.rotation_matrix
            middle = (box.x0 + box.x1) / 2
            assert abs(middle - page.rect.width / 2) < 2, "centred"
            assert line["spans"][0]["size"] <= 9.5 and line["spans"][0]["font"] == "Helvetica"

    def test_the_stamped_copy_is_still_an_acceptable_pdf(self):
        stamped = pdf_stamp_headers(_body(3), self.HEADERS)
        assert _inspect(stamped).page_count == 3
        with pikepdf.open(io.BytesIO(stamped)) as pdf:
            assert not pdf.get_warnings()

    def test_the_header_is_not_moved_or_coloured_by_what_the_page_leaves_behind(self):
        def unbalanced(pdf: pikepdf.Pdf) -> None:
            # A page that scales everything and paints white, and never restores the graphics state.
            pdf.pages[0].obj.Contents = pdf.make_stream(
                b"0.2 0 0 0.2 0 0 cm 1 g BT /F1 12 Tf 72 72 Td (x) Tj ET"
            )

        content = testing.rewritten(testing.make_pdf(), unbalanced)
        with fitz.open(stream=pdf_stamp_headers(content, self.HEADERS[:1]), filetype="pdf") as doc:
            spans = [s for b in doc[0].get_text("dict")["blocks"] for ln in b["lines"] for s in ln["spans"]]
            header = next(span for span in spans if span["text"].startswith("Case"))
            assert header["color"] == 0 and header["size"] > 8

    def test_one_header_per_page(self):
        with pytest.raises(ValueError, match="2 headers for a PDF of 3 pages"):
            pdf_stamp_headers(_body(3), self.HEADERS[:2])

    def test_characters_helvetica_cannot_show_become_question_marks(self):
        stamped = pdf_stamp_headers(_body(1), ["Case 1:20-cv-00012 \u0416 (Café) \\ Page 1 of 1"])
        with fitz.open(stream=stamped, filetype="pdf") as doc:
            assert _top_line(doc[0]) == "Case 1:20-cv-00012 ? (Café) \\ Page 1 of 1"

    def test_a_file_that_cannot_be_read_is_refused_not_stamped(self):
        with pytest.raises(InvalidInput) as caught:
            pdf_stamp_headers(b"%PDF-1.7\n" + bytes(range(256)) * 4, ["Page 1"])
        assert (caught.value.code, caught.value.message) == ("not_pdf", NOT_WELL_FORMED)


class TestFirstPagePicture:
    def test_a_png_of_the_stamped_first_page(self):
        png = pdf_first_page_png(_body(3), header="Case 1:20-cv-00012 Document 5 Filed 03/16/20 Page 1 of 3")
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        picture = fitz.Pixmap(png)
        assert picture.width == 600 and picture.height in (776, 777)  # 792 points at 600/612
        # The header is drawn: dark pixels in the top band, none in an empty band below it.
        top = fitz.Pixmap(picture, 0) if picture.alpha else picture

        def dark(y0: int, y1: int) -> int:
            return sum(1 for y in range(y0, y1) for x in range(0, 600, 2) if top.pixel(x, y)[0] < 128)

        assert dark(8, 26) > 50
        assert dark(40, 120) == 0

    def test_its_width(self):
        png = pdf_first_page_png(_body(1), header="Page 1", width=200)
        assert fitz.Pixmap(png).width == 200
        with pytest.raises(ValueError):
            pdf_first_page_png(_body(1), header="Page 1", width=100_000)

    def test_a_picture_too_large_to_draw_is_refused(self):
        with pytest.raises(InvalidInput) as caught:
            pdf_first_page_png(testing.pdf_decompression_bomb(4, where="image"), header="Page 1")
        assert caught.value.code == "pdf_too_complex"
