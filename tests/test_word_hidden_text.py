"""Hidden text in a Word file (Skjult tekst) is not read: the officer checks what the sender sees."""

from __future__ import annotations

from kvkdocs.load.word import read_word

from . import wordml as w

HIDDEN = '<w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">SKJULT </w:t></w:r>'
SHOWN = ('<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t xml:space="preserve">vist </w:t></w:r>'
         '<w:r><w:rPr><w:vanish w:val="false"/></w:rPr><w:t xml:space="preserve">også </w:t></w:r>')


def test_hidden_runs_are_left_out_and_runs_marked_not_hidden_are_read(tmp_path):
    body = (w.para("Arbeidsform", style="Heading1")
            + w.para(runs=w.run("Vi møtes ") + HIDDEN + SHOWN + w.run("hver måned.")))
    path = tmp_path / "skjult.docx"
    path.write_bytes(w.docx(body))
    assert read_word(path).data["arbeidsform"] == "Vi møtes vist også hver måned."
