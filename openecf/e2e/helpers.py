"""What the browser tests share: reading the activation letter the PSC mails, and filling common forms."""

from __future__ import annotations

import io
import re

import pikepdf
from playwright.sync_api import Page

_CODE = re.compile(r"Activation code:\s*([A-Z0-9]{4}-[A-Z0-9]{4})")


def pdf_text(content: bytes) -> str:
    """The text shown by a PDF's text operators, page by page (enough for letters made with core fonts)."""
    pieces: list[str] = []
    with pikepdf.open(io.BytesIO(content)) as pdf:
        for page in pdf.pages:
            for instruction in pikepdf.parse_content_stream(page):
                if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                    continue
                operands, operator = instruction.operands, instruction.operator
                if str(operator) == "Tj":
                    pieces.append(bytes(operands[0]).decode("latin-1"))
                elif str(operator) == "TJ":
                    pieces.append(
                        "".join(
                            bytes(item).decode("latin-1")
                            for item in operands[0]
                            if isinstance(item, pikepdf.String)
                        )
                    )
                elif str(operator) in ("Td", "TD", "T*", "ET"):
                    pieces.append("\n")
    return "".join(pieces)


def activation_code_in_letter(pdf: bytes) -> str:
    """The activation code as printed in the letter."""
    match = _CODE.search(pdf_text(pdf))
    assert match is not None, "the letter prints no activation code"  # noqa: S101
    return match.group(1)


def check_box(page: Page, field_id: str) -> None:
    """Tick a USWDS checkbox the way a person does: by its label (the input itself is drawn off-screen)."""
    page.locator(f"label[for='{field_id}']").click()
