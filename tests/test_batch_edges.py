"""The batch writer and its ZIP writer at their edges: what the manifest says, how a batch fails, what a ZIP holds.

Each test builds its batch in the test (no shared module fixture), so a
mutation run maps every test to the code it covers.
"""

from __future__ import annotations

import dataclasses
import io
import json
import multiprocessing
import os
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from kvkdocs import batch, verbs
from kvkdocs.batch import read_manifest, write_batch
from kvkdocs.errors import KvkdocsError, TemplateError
from kvkdocs.files import OutputError
from kvkdocs.render.ziputil import RawMember, read_raw, write_zip

from .conftest import SAMPLES

MEETING_2011 = SAMPLES / "meetings/2011-09-21-sammen-pulje-1.yaml"


def plan_2011() -> list:
    """The 2011 sample meeting's five documents: minutes, three admission letters (nb and nn), one rejection."""
    return list(verbs.plan_letters(MEETING_2011, SAMPLES / "sammen-2011").documents)


@pytest.fixture
def docs():
    return plan_2011()


# -- the manifest ------------------------------------------------------------------------------


def test_outcome_reports_folder_count_and_kinds_and_progress_counts_each_document(docs, tmp_path):
    out = tmp_path / "ut"
    calls = []
    outcome = write_batch(docs, out, workers=1, progress=calls.append)
    assert outcome.folder == out
    assert outcome.documents == 5
    assert outcome.kinds == {"protokoll": 1, "opptaksbrev": 3, "avslag": 1}
    assert outcome.pdf_note == ""
    assert calls == [1, 1, 1, 1, 1]  # one step of the progress bar per document written


def test_manifest_rows_say_who_gets_what_and_leave_the_pdf_columns_empty(docs, tmp_path):
    out = tmp_path / "ut"
    write_batch(docs, out, workers=1)
    rows = {row["type"] + ":" + row["mottaker_kommunenummer"]: row for row in read_manifest(out)}
    minutes = rows["protokoll:"]
    assert minutes["korrespondansepart_rolle"] == "intern" and minutes["mottaker_navn"] == ""
    letters = [row for key, row in rows.items() if not key.startswith("protokoll")]
    assert len(letters) == 4 and all(row["korrespondansepart_rolle"] == "mottaker" for row in letters)
    assert all(row["korrespondansepart"] == row["mottaker_navn"] for row in letters)
    for row in rows.values():
        assert row["dokumentdato"] == "2011-09-21"  # the letter date, without the time of day
        assert row["pdf_filnavn"] == "" and row["pdf_sha256"] == ""
        assert len(row["sha256"]) == 64
    csv_text = (out / "manifest.csv").read_text(encoding="utf-8")
    assert ",mottaker," in csv_text and ",intern," in csv_text


def test_manifest_json_keeps_norwegian_letters_readable(docs, tmp_path):
    out = tmp_path / "ut"
    write_batch(docs, out, workers=1)
    text = (out / "manifest.json").read_text(encoding="utf-8")
    assert '"målform": "nynorsk"' in text and "Førde kommune" in text
    assert "\\u00" not in text


@pytest.fixture
def windows_like(monkeypatch):
    """A machine whose default text encoding is Windows-1252 and whose line ending is CRLF (Windows without UTF-8 mode).

    ``Path.open`` then gets the pure-Python ``open``, which honours ``os.linesep``, and
    ``cp1252`` wherever no encoding is given.
    """
    import _pyio
    import pathlib
    import types

    shim = types.SimpleNamespace(
        open=_pyio.open,
        text_encoding=lambda encoding, stacklevel=2: "cp1252" if encoding is None else encoding,
    )
    monkeypatch.setattr(pathlib, "io", shim)
    monkeypatch.setattr(os, "linesep", "\r\n")


def test_manifest_is_utf8_with_crlf_rows_on_a_windows_like_machine(docs, tmp_path, windows_like):
    out = tmp_path / "ut"
    write_batch(docs, out, workers=1)
    raw = (out / "manifest.csv").read_bytes()
    text = raw.decode("utf-8")  # cp1252 bytes for «å» would not decode
    assert text.startswith("dokument_id,type,mottaker_kommunenummer,mottaker_navn,målform,")
    assert b"\r\r\n" not in raw and text.count("\r\n") == 6  # header and five rows, each ended once
    data = json.loads((out / "manifest.json").read_bytes().decode("utf-8"))
    assert data["dokumenter"][1]["målform"] in ("bokmål", "nynorsk")
    rows = list(read_manifest(out))
    assert {row["målform"] for row in rows} == {"bokmål", "nynorsk"}
    assert any(row["mottaker_navn"] == "Førde kommune" for row in rows)


# -- refusals and failures -------------------------------------------------------------------


def test_two_documents_with_one_file_name_are_refused_and_nothing_is_written(docs, tmp_path):
    out = tmp_path / "ut"
    twice = [*docs, dataclasses.replace(docs[2], doc_id="x")]
    with pytest.raises(KvkdocsError) as caught:
        write_batch(twice, out, workers=1)
    name = f"{docs[2].file_stem}.docx"
    assert str(caught.value) == (f"To dokumenter fikk samme filnavn ({name}); ingenting er skrevet. "
                                 "Sjekk at ingen kommune står to ganger i møtefilen.")
    assert not out.exists() and not list(tmp_path.glob(".ut.tmp-*"))


def test_a_template_variable_the_data_lacks_is_named_before_anything_is_written(docs, tmp_path):
    out = tmp_path / "ut"
    letter = docs[1]
    context = {k: v for k, v in letter.context.items() if k not in ("tilskudd", "prosjekt")}
    broken = [docs[0], dataclasses.replace(letter, context=context), *docs[2:]]
    with pytest.raises(TemplateError) as caught:
        write_batch(broken, out, workers=1)
    key = letter.template
    assert str(caught.value) == (f"Malen {key}.docx bruker prosjekt, tilskudd, som dataene ikke har. "
                                 "Rett malen, eller bruk malen som følger med kvkdocs.")
    assert caught.value.template == key
    assert not out.exists()


def test_existing_batch_is_kept_without_force_and_replaced_with_it(docs, tmp_path):
    out = tmp_path / "ut"
    write_batch(docs[:2], out, workers=1)
    with pytest.raises(OutputError):
        write_batch(docs, out, workers=1)
    assert len(list(read_manifest(out))) == 2
    outcome = write_batch(docs, out, workers=1, force=True)
    assert outcome.documents == 5 and len(list(read_manifest(out))) == 5


def test_a_staging_folder_that_vanishes_mid_batch_gives_a_norwegian_message(docs, tmp_path):
    """Say the disk was unplugged or a cleaner removed the hidden folder: a message, not a traceback."""
    out = tmp_path / "ut"

    def plan():
        yield from docs[:2]
        for staging in tmp_path.glob(".ut.tmp-*"):
            shutil.rmtree(staging)
        yield from docs[2:]

    with pytest.raises(OutputError) as caught:
        write_batch(plan(), out, workers=1)
    message = str(caught.value)
    assert message.startswith(f"Kunne ikke skrive {out}: ") and message.endswith("Ingenting er skrevet.")
    assert not out.exists()


# -- worker processes ----------------------------------------------------------------------------


class FakePool:
    """Stands in for a process pool: runs the jobs here, and records how many processes were asked for."""

    sizes: list = []

    def __init__(self, processes=None, initializer=None, initargs=()):
        FakePool.sizes.append(processes)
        if initializer is not None:  # as each worker process would, once
            initializer(*initargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def imap(self, func, jobs, chunksize=1):
        return map(func, jobs)


@pytest.fixture
def pools(monkeypatch):
    FakePool.sizes = []

    def get_context(method=None):
        assert method != "fork", "batch workers are never forked from the caller"
        return type("Context", (), {"Pool": staticmethod(FakePool),
                                    "set_forkserver_preload": staticmethod(lambda modules: None)})()

    monkeypatch.setattr(multiprocessing, "get_context", get_context)
    monkeypatch.setattr(batch._Worker, "templates", None)  # the fake "workers" are this process: undone after
    return FakePool.sizes


def test_one_worker_renders_in_this_process_starting_no_pool(docs, tmp_path, pools, monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    write_batch(docs, tmp_path / "ut", workers=1)
    assert pools == []


@pytest.mark.parametrize("cores,workers,expected", [
    (8, None, [4]),     # at most four, however many cores
    (3, None, [3]),     # one per core below that
    (1, None, []),      # one core: no pool at all
    (None, None, []),   # core count unknown: work here
    (8, 2, [2]),        # the caller's number wins
])
def test_worker_processes_follow_the_cores_up_to_four(docs, tmp_path, pools, monkeypatch, cores, workers, expected):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    outcome = write_batch(docs, tmp_path / "ut", workers=workers)
    assert pools == expected and outcome.documents == 5


def test_a_large_plan_is_read_a_window_at_a_time(docs, tmp_path, pools):
    """Planning 100 000 letters must not hold them all: the first is written before most are planned."""
    pulled = []

    def plan():
        for i in range(300):
            pulled.append(i)
            yield dataclasses.replace(docs[1], file_stem=f"brev-{i:04d}", doc_id=str(i))

    class Stop(Exception):
        pass

    def first_done(_step):
        raise Stop(len(pulled))

    with pytest.raises(Stop) as caught:
        write_batch(plan(), tmp_path / "ut", workers=2, progress=first_done)
    assert caught.value.args[0] <= 150
    assert not (tmp_path / "ut").exists() and not list(tmp_path.glob(".ut.tmp-*"))


def test_worker_processes_started_fresh_write_the_same_bytes_as_one_process(docs, tmp_path):
    """Workers start from a fork server with no templates and compile their own, and write the same bytes
    as one process does; the process that owns the pool keeps no templates in a global (a server renders
    from threads). (The single-process run also lets a mutation tool that follows which test runs which
    code see this test reach the worker function, which it cannot see inside the workers.)"""
    outcome = write_batch(docs, tmp_path / "ut", workers=2)
    assert outcome.documents == 5
    digests = [row["sha256"] for row in read_manifest(tmp_path / "ut")]
    assert all(len(digest) == 64 for digest in digests)
    assert batch._Worker.templates is None
    write_batch(docs, tmp_path / "ut-1", workers=1)
    assert [row["sha256"] for row in read_manifest(tmp_path / "ut-1")] == digests


# -- the ZIP writer --------------------------------------------------------------------------------

CONTENT = {
    "[Content_Types].xml": b"<Types/>" * 50,
    "word/document.xml": "<w:t>Førde og Naustdal</w:t>".encode() * 200,
    "word/media/bilde.bin": bytes(range(256)) * 4,
    "word/ørsta.xml": b"<x>" + "æøå".encode() * 300 + b"</x>",
    "docProps/app.xml": b"<Properties/>" * 10,
}


def source_zip(path: Path) -> Path:
    """A ZIP as other tools write them: deflated at level 1, one stored member, one LZMA member, a large extra field."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT["[Content_Types].xml"], zipfile.ZIP_DEFLATED, 1)
        info = zipfile.ZipInfo("word/document.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        info.extra = struct.pack("<HH", 0xCAFE, 39996) + bytes(39996)  # over 32 KiB: read as unsigned
        archive.writestr(info, CONTENT["word/document.xml"], compresslevel=1)
        archive.writestr("word/media/bilde.bin", CONTENT["word/media/bilde.bin"], zipfile.ZIP_STORED)
        archive.writestr("word/ørsta.xml", CONTENT["word/ørsta.xml"], zipfile.ZIP_LZMA)
        archive.writestr("docProps/app.xml", CONTENT["docProps/app.xml"], zipfile.ZIP_DEFLATED, 1)
    return path


def level1(payload: bytes) -> bytes:
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15)
    return compressor.compress(payload) + compressor.flush()


def test_members_are_read_in_order_with_their_stored_bytes(tmp_path):
    members = read_raw(str(source_zip(tmp_path / "a.zip")))
    assert [m.name for m in members] == list(CONTENT)
    assert [m.payload() for m in members] == list(CONTENT.values())
    by_name = {m.name: m for m in members}
    document = by_name["word/document.xml"]
    assert document.method == zipfile.ZIP_DEFLATED and document.data == level1(CONTENT["word/document.xml"])
    assert document.size == len(CONTENT["word/document.xml"])
    assert document.crc == zlib.crc32(CONTENT["word/document.xml"])
    assert by_name["word/media/bilde.bin"].method == zipfile.ZIP_STORED  # copied as stored, not recompressed
    assert by_name["word/media/bilde.bin"].data == CONTENT["word/media/bilde.bin"]
    assert by_name["word/ørsta.xml"].method == zipfile.ZIP_DEFLATED  # LZMA rewritten: Word reads no LZMA


def test_a_member_with_option_flags_is_copied_without_recompressing(tmp_path):
    path = source_zip(tmp_path / "a.zip")
    data = bytearray(path.read_bytes())
    # Mark every member «maximum compression» (general-purpose bit 1), as some zip tools do.
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + flag_at] |= 0x2
            start += 4
    path.write_bytes(bytes(data))
    document = next(m for m in read_raw(str(path)) if m.name == "word/document.xml")
    assert document.data == level1(CONTENT["word/document.xml"])


def test_an_encrypted_member_is_refused_not_copied_unreadable(tmp_path):
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", b"<w:document/>", zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        data[data.find(signature) + flag_at] |= 0x1
    path.write_bytes(bytes(data))
    with pytest.raises(RuntimeError, match="encrypted"):
        read_raw(str(path))


def test_written_zip_reads_back_with_every_member_intact(tmp_path):
    members = read_raw(str(source_zip(tmp_path / "a.zip")))
    members.append(RawMember.deflate("word/ny.xml", "<w:t>Bodø</w:t>".encode()))
    data = write_zip(members)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [*CONTENT, "word/ny.xml"]
        for name, payload in CONTENT.items():
            assert archive.read(name) == payload
        assert archive.read("word/ny.xml") == "<w:t>Bodø</w:t>".encode()
        assert archive.getinfo("word/media/bilde.bin").compress_type == zipfile.ZIP_STORED
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())
    assert write_zip(members) == data  # same members, same bytes


def test_deflated_member_holds_raw_deflate_of_its_payload():
    payload = "Kvalitetskommuneprogrammet – æøå ".encode() * 100
    member = RawMember.deflate("a.xml", payload)
    assert member.method == zipfile.ZIP_DEFLATED and member.name == "a.xml"
    assert member.crc == zlib.crc32(payload) and member.size == len(payload)
    assert zlib.decompress(member.data, -15) == payload and member.payload() == payload
    assert len(member.data) < len(payload)
    stored = RawMember("b.bin", zipfile.ZIP_STORED, zlib.crc32(b"abc"), 3, b"abc")
    assert stored.payload() == b"abc"


def test_written_zip_headers_are_plain_and_consistent(tmp_path):
    """What strict readers (Word) check and Python's zipfile forgives: one disk, no comment,
    offsets that point at the local headers, the same fields in both headers, no attributes."""
    members = read_raw(str(source_zip(tmp_path / "a.zip")))
    data = write_zip(members)
    end = struct.unpack("<IHHHHIIH", data[-22:])
    signature, disk, cd_disk, here, total, cd_size, cd_offset, comment = end
    assert (signature, disk, cd_disk, comment) == (0x06054B50, 0, 0, 0)
    assert here == total == len(members)
    assert cd_offset + cd_size == len(data) - 22
    pos = cd_offset
    for member in members:
        central = struct.unpack("<IHHHHHHIIIHHHHHII", data[pos:pos + 46])
        (sig, _made_by, needed, flags, method, time_, date_, crc, csize, size, name_len, extra_len, comment_len,
         disk_start, internal, external, offset) = central
        name = data[pos + 46:pos + 46 + name_len]
        assert sig == 0x02014B50 and name == member.name.encode()
        assert (needed, flags, method, time_, date_) == (20, 0x800, member.method, 0, 0x21)
        assert (crc, csize, size) == (member.crc, len(member.data), member.size)
        assert (extra_len, comment_len, disk_start, internal, external) == (0, 0, 0, 0, 0)
        local = struct.unpack("<IHHHHHIIIHH", data[offset:offset + 30])
        assert local == (0x04034B50, needed, flags, method, time_, date_, crc, csize, size, name_len, 0)
        assert data[offset + 30:offset + 30 + name_len] == name
        assert data[offset + 30 + name_len:offset + 30 + name_len + csize] == member.data
        pos += 46 + name_len
    assert pos == len(data) - 22
