"""Which Word files are refused before reading, and what the sender is told: each case alone, in milliseconds.

``test_hostile_documents.py`` sends real hostile files through ``validate``
(20 MB of zeros, 120 MB bombs). Here the sizes in the ZIP directory are
forged instead, so each limit is tried at its edge without writing megabytes:
the check reads only the directory.
"""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

from kvkdocs.errors import DocxReadError
from kvkdocs.load.word import read_word

from .test_hostile_documents import GOOD_DOCX

MB = 1024 * 1024
REAL = sum(i.file_size for i in zipfile.ZipFile(GOOD_DOCX).infolist())  # the sample's own parts, unpacked


def docx(extra: dict[str, bytes] = {}, drop: tuple[str, ...] = (),  # noqa: B006 - read only
         forged: dict[str, tuple[int, int, int]] = {}) -> bytes:  # noqa: B006
    """The good sample with parts added or dropped; ``forged``: name → (flag bits, compressed, uncompressed size)
    written into the ZIP directory (what the check reads) in place of the real ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(GOOD_DOCX) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename not in drop:
                dst.writestr(info.filename, src.read(info))
        for name, data in extra.items():
            dst.writestr(name, data)
    data = bytearray(out.getvalue())
    for name, (flags, compressed, size) in forged.items():
        at = data.index(b"PK\x01\x02")  # the first entry of the central directory
        while True:
            length = struct.unpack_from("<H", data, at + 28)[0]
            if data[at + 46:at + 46 + length] == name.encode():
                break
            at = data.index(b"PK\x01\x02", at + 4)
        struct.pack_into("<H", data, at + 8, flags)
        struct.pack_into("<II", data, at + 20, compressed, size)
    return bytes(data)


def many_parts(count: int) -> bytes:
    return docx({f"word/media/p{n}.txt": b"x" for n in range(count - len(zipfile.ZipFile(GOOD_DOCX).infolist()))})


REFUSED = {
    "gammelt-format": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
                       "Filen er passordbeskyttet eller i det gamle Word-formatet (.doc).",
                       "Lagre dokumentet på nytt i Word som .docx uten passord (Fil → Lagre som → Word-dokument)."),
    "pdf": (lambda: b"%PDF-1.7\n", "Filen er en PDF med endelsen .docx.", "Gi filen endelsen .pdf og send den på nytt."),
    "rtf": (lambda: b"{\\rtf1\\ansi hei}", "Filen er et RTF-dokument med endelsen .docx.",
            "Lagre den som Word-dokument (.docx) i Word."),
    "ikke-zip": (lambda: b"hei", "Filen er ikke et gyldig Word-dokument (ødelagt eller avkortet).",
                 "Åpne den i Word og lagre på nytt, eller be om en ny kopi."),
    "1001-deler": (lambda: many_parts(1001), "Word-filen har 1001 deler; det er mistenkelig mange.",
                   "Lagre dokumentet på nytt i Word."),
    "over-100-mb": (lambda: docx({f"word/media/{n}.bin": b"x" for n in range(4)},
                                 forged={f"word/media/{n}.bin": (0, 1 * MB, 25 * MB - REAL * (n == 3) + (n == 3))
                                         for n in range(4)}),
                    "Word-filen pakkes ut til mer enn grensen på 100 MB.",
                    "Fjern store bilder og vedlegg, og lagre på nytt."),
    "del-over-30-mb": (lambda: docx({"word/media/stort-bilde.png": b"x"},
                                    forged={"word/media/stort-bilde.png": (0, 29 * MB, 30 * MB + 1)}),
                       "En del av Word-filen (word/media/stort-bilde.png) pakkes ut til mer enn grensen på 30 MB per del.",
                       "Fjern eller komprimer store bilder og vedlegg, og lagre på nytt."),
    "absolutt-sti": (lambda: docx({"/etc/x.xml": b"x"}), "Word-filen har en del med ulovlig navn (/etc/x.xml).",
                     "Filen kan være manipulert; be om en ny kopi."),
    "bakover-sti": (lambda: docx({"\\x.xml": b"x"}), "Word-filen har en del med ulovlig navn (\\x.xml).",
                    "Filen kan være manipulert; be om en ny kopi."),
    "opp-en-mappe": (lambda: docx({"word\\..\\..\\x.xml": b"x"}),
                     "Word-filen har en del med ulovlig navn (word\\..\\..\\x.xml).",
                     "Filen kan være manipulert; be om en ny kopi."),
    "stasjon": (lambda: docx({"c:x.xml": b"x"}), "Word-filen har en del med ulovlig navn (c:x.xml).",
                "Filen kan være manipulert; be om en ny kopi."),
    "zip-bombe": (lambda: docx({"word/media/null.bin": b"x"}, forged={"word/media/null.bin": (0, 10_485, 2 * MB + 1)}),
                  "Word-filen er pakket mistenkelig tett (mulig ZIP-bombe).", "Be om en ny kopi av dokumentet."),
    "tett-like-over-1-mb": (lambda: docx({"word/media/null.bin": b"x"}, forged={"word/media/null.bin": (0, 10, MB + 1)}),
                            "Word-filen er pakket mistenkelig tett (mulig ZIP-bombe).", "Be om en ny kopi av dokumentet."),
    "langt-ulovlig-navn": (lambda: docx({"/" + "a" * 70 + ".xml": b"x"}),
                           "Word-filen har en del med ulovlig navn (/" + "a" * 59 + ").",
                           "Filen kan være manipulert; be om en ny kopi."),
    "lang-stor-del": (lambda: docx({"word/media/" + "b" * 70 + ".png": b"x"},
                                   forged={"word/media/" + "b" * 70 + ".png": (0, 29 * MB, 30 * MB + 1)}),
                      "En del av Word-filen (word/media/" + "b" * 49 + ") pakkes ut til mer enn grensen på 30 MB per del.",
                      "Fjern eller komprimer store bilder og vedlegg, og lagre på nytt."),
    "kryptert-del": (lambda: docx(forged={"word/document.xml": (1, 1000, 1000)}),
                     "Filen er passordbeskyttet eller i det gamle Word-formatet (.doc).",
                     "Fjern passordet og lagre på nytt som .docx."),
    "makroer": (lambda: docx({"word/vbaProject.bin": b"x"}), "Filen inneholder makroer.",
                "Lagre dokumentet som vanlig Word-dokument (.docx) uten makroer."),
    "makroer-andre-steder": (lambda: docx({"custom/VBAPROJECT.BIN": b"x"}), "Filen inneholder makroer.",
                             "Lagre dokumentet som vanlig Word-dokument (.docx) uten makroer."),
    "uten-innholdsliste": (lambda: docx(drop=("[Content_Types].xml",)),
                           "Filen mangler innholdsfortegnelsen til et Word-dokument ([Content_Types].xml).",
                           "Lagre dokumentet på nytt i Word."),
    "uten-dokument": (lambda: docx(drop=("word/document.xml",)),
                      "Filen er en ZIP-fil, men ikke et Word-dokument (word/document.xml mangler).",
                      "Send søknaden som .docx."),
    "kryptert-pakke": (lambda: docx({"EncryptionInfo": b"x"}, drop=("word/document.xml",)),
                       "Filen er passordbeskyttet eller i det gamle Word-formatet (.doc).",
                       "Fjern passordet og lagre på nytt som .docx."),
    "kryptert-pakke-2": (lambda: docx({"EncryptedPackage": b"x"}, drop=("word/document.xml",)),
                         "Filen er passordbeskyttet eller i det gamle Word-formatet (.doc).",
                         "Fjern passordet og lagre på nytt som .docx."),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_word_file_that_is_refused_says_why_and_what_to_do(tmp_path, name):
    build, sentence, hint = REFUSED[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(build())
    with pytest.raises(DocxReadError) as raised:
        read_word(path)
    assert (raised.value.message, raised.value.hint) == (sentence, hint)


ACCEPTED = {
    "1000-deler": lambda: many_parts(1000),
    "akkurat-100-mb": lambda: docx({f"word/media/{n}.bin": b"x" for n in range(4)},
                                   forged={f"word/media/{n}.bin": (0, 1 * MB, 25 * MB - REAL * (n == 3))
                                           for n in range(4)}),
    "del-paa-30-mb": lambda: docx({"word/media/bilde.png": b"x"}, forged={"word/media/bilde.png": (0, 29 * MB, 30 * MB)}),
    "tett-men-liten": lambda: docx({"word/media/null.bin": b"x"}, forged={"word/media/null.bin": (0, 10, MB)}),
    "tett-men-innenfor": lambda: docx({"word/media/null.bin": b"x"},
                                      forged={"word/media/null.bin": (0, 10_486, 2 * MB + 1)}),  # ratio just under 200
    "tett-akkurat-200": lambda: docx({"word/media/null.bin": b"x"},
                                     forged={"word/media/null.bin": (0, 10_000, 2_000_000)}),  # ratio 200 is allowed
    "prikker-i-navn": lambda: docx({"word/media/bilde..png": b"x"}),
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_a_word_file_at_the_edge_of_each_limit_is_read(tmp_path, name):
    path = tmp_path / f"{name}.docx"
    path.write_bytes(ACCEPTED[name]())
    assert read_word(path).data == read_word(GOOD_DOCX).data


def test_an_entity_declared_past_the_first_kilobytes_is_never_expanded(tmp_path):
    """The DOCTYPE check looks at the start; a declaration pushed past it by a long comment is still not
    obeyed by the parser: an entity's text (here harmless, elsewhere a file or a billion laughs) is not read."""
    from .test_hostile_documents import docx_with

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = ('<?xml version="1.0"?><!--' + "x" * 6000 + '--><!DOCTYPE w:document [<!ENTITY hemmelig "HEMMELIG">]>'
           f'<w:document {ns}><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Arbeidsform</w:t>'
           '</w:r></w:p><w:p><w:r><w:t>Vi møtes &hemmelig; hver måned.</w:t></w:r></w:p></w:body></w:document>')
    path = tmp_path / "entitet.docx"
    path.write_bytes(docx_with({"word/document.xml": xml.encode()}))
    assert "HEMMELIG" not in read_word(path).data["arbeidsform"]


def test_a_document_nested_too_deep_is_refused_as_invalid_xml(tmp_path):
    from .test_hostile_documents import deep_xml, docx_with

    path = tmp_path / "dyp.docx"
    path.write_bytes(docx_with({"word/document.xml": deep_xml(50_000)}))
    with pytest.raises(DocxReadError) as raised:
        read_word(path)
    assert raised.value.message.startswith("Word-filen har ugyldig XML (Excessive depth in document")
    assert raised.value.hint == "Åpne og lagre på nytt i Word."
