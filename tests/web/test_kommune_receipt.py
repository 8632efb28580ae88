"""The receipt's PDF comes from a Word template per målform; what it is filled with is printed as it is."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from types import SimpleNamespace

import pytest

from kvkdocs.web import kommune as kommune_web

from .conftest import create_round
from .test_kommune_sender import KS, submitted
from .test_kommune_submit import on_time, stored_version  # noqa: F401  (on_time is a fixture)

HOSTILE_ROUND = "Pulje 4 <b>fet</b> &amp; {{ runde }} {% if x %}ja{% endif %} {%p endif %}"
LONG = "Ø" * 3000


def receipt(lang="nb", *, late=False, signed=(), sender=None, round_name="Pulje 4", name="Gloppen",
            compliant=True, errors=0, warnings=0):
    round_ = SimpleNamespace(name=round_name, deadline=dt.date(2008, 9, 15))
    version = SimpleNamespace(received_at=dt.datetime(2008, 9, 10, 12, 5), kommunenavn=name, number=2,
                              file_sha256="ab" * 32, compliant=compliant, errors=errors, warnings=warnings, late=late)
    documents = [SimpleNamespace(filename=f, file_sha256=s) for f, s in signed]
    context = kommune_web.receipt_context(SimpleNamespace(round=round_), version, sender, documents, "1445")
    return kommune_web.receipt_docx(context, lang)


def paragraphs(docx: bytes) -> list[str]:
    """The document's paragraphs' text, as Word shows it (a line break as \\n)."""
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    out = []
    for para in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
        text = "".join(t if t or not br else "\n"
                       for t, br in re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|(<w:br/>)", para))
        out.append(text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&quot;", '"'))
    return [p for p in out if p]


def test_each_malform_has_its_own_words_and_the_facts_are_the_versions():
    nb = paragraphs(receipt("nb", warnings=1))
    nn = paragraphs(receipt("nn", compliant=False, errors=2, warnings=3))
    assert nb[0] == "Kvittering for innsendt søknad" and nn[0] == "Kvittering for innsend søknad"
    assert "Uten feil, 1 advarsel" in nb and "2 feil, 3 åtvaringar" in nn
    for shown in (nb, nn):
        assert "Gloppen (1445)" in shown and "ab" * 32 in shown and "2" in shown
        assert "10.09.2008 kl. 14:05" in shown  # 12:05 UTC is 14:05 in Oslo in September
        assert not any("{{" in p or "{%" in p for p in shown)
    assert "Sekretariatet har ikke oppgitt noen adresse for runden ennå." in nb
    assert "Sekretariatet har ikkje oppgitt nokon adresse for runden enno." in nn
    # The nynorsk receipt has none of the bokmål words the letters are checked for, late row and all.
    from tests.test_templates import BOKMAAL

    late_nn = paragraphs(receipt("nn", late=True, signed=[("a.pdf", "cd" * 32)], warnings=2))
    assert "Han er teken imot og merkt som for sein." in " ".join(late_nn)
    assert not [(w, p) for w in BOKMAAL for p in late_nn if re.search(r"(?<!\w)" + re.escape(w.strip()) + r"(?!\w)", p)]
    # No late row, no signed documents row when there are none.
    assert not any("fristen" in p for p in nb) and "Signerte dokumenter lagt ved" not in nb


def test_optional_rows_and_the_address_come_only_from_the_facts():
    sender = {"lines": ["KS", "Postboks 1378 Vika", "0114 Oslo"], "epost": "post@ks.no", "telefon": None}
    shown = paragraphs(receipt("nb", late=True, signed=[("signert.pdf", "cd" * 32), ("side-2.pdf", "ef" * 32)],
                               sender=sender))
    assert "Søknaden kom etter fristen 15.09.2008. Den er tatt imot og merket som for sen." in shown
    assert shown.count("Signerte dokumenter lagt ved") == 2
    assert f"signert.pdf\nSHA-256 {'cd' * 32}" in shown and f"side-2.pdf\nSHA-256 {'ef' * 32}" in shown
    assert ["KS", "Postboks 1378 Vika", "0114 Oslo", "post@ks.no"] == shown[-4:]
    assert not any("ikke oppgitt" in p for p in shown)


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_html_template_syntax_control_characters_and_long_values_come_out_literally(lang):
    name = "Glopp<en>\x07\x0c\x1b & {{ kommune }}"
    sender = {"lines": ["<script>alert(1)</script>", "{% for x in y %}", LONG], "epost": "a@b.no", "telefon": "\t1"}
    docx = receipt(lang, round_name=HOSTILE_ROUND, name=name, sender=sender, signed=[("{{ d }}.pdf", "00" * 32)])
    shown = paragraphs(docx)
    assert HOSTILE_ROUND in shown
    # Characters XML cannot hold are left out; no value makes a new paragraph or page of its own.
    assert "Glopp<en> & {{ kommune }} (1445)" in shown
    assert "<script>alert(1)</script>" in shown and "{% for x in y %}" in shown and LONG in shown
    assert "{{ d }}.pdf\nSHA-256 " + "00" * 32 in shown
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml and 'w:type="page"' not in xml


@pytest.mark.slow
def test_the_receipt_pdf_has_the_time_hash_verdict_and_address(kari, on_time):  # noqa: F811
    from kvkdocs.render.pdf import soffice

    if soffice() is None:
        pytest.skip("LibreOffice is not installed")
    import pypdf

    round_id = create_round(kari, navn=HOSTILE_ROUND, **KS)
    location = submitted(kari, round_id, "0219", "samples/pulje-4/0219-baerum.yaml")
    pdf = kari.get(location + ".pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(p.extract_text() for p in reader.pages)
    flat = " ".join(text.split())
    version = stored_version(kari)
    local = version.received_at.replace(tzinfo=dt.UTC).astimezone(kommune_web._OSLO)
    assert local.strftime("%d.%m.%Y kl. %H:%M") in flat
    assert version.file_sha256 in text.replace("\n", "").replace(" ", "")
    assert ("Uten feil" if version.compliant else f"{version.errors} feil") in flat
    assert "Postboks 1378 Vika" in flat and "0114 Oslo" in flat and "kvalitetskommuner@ks.no" in flat
    assert "Kvittering for innsendt søknad" in flat and "Bærum (0219)" in flat
    assert HOSTILE_ROUND in flat  # the round's name as typed, tags and all
    assert reader.metadata.title == "Kvittering for innsendt søknad – Bærum"
