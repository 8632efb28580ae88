"""Plain text of a Word file in reading order, for golden tests and assertions."""

from __future__ import annotations

import io

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph


def docx_text(data: bytes | str) -> str:
    doc = Document(io.BytesIO(data) if isinstance(data, bytes) else data)
    lines = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, doc).text)
        elif tag == "tbl":
            for row in Table(block, doc).rows:
                lines.append(" | ".join(cell.text.replace("\n", " / ") for cell in row.cells))
    return "\n".join(lines).rstrip() + "\n"
