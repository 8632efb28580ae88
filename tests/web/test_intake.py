"""Intake: files in, the checker's verdicts out, the same as `kvkdocs validate` gives."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pytest

from kvkdocs import validate

from .conftest import create_round, csrf_of

DOCUMENTS = ["samples/dokumenter/1445-gloppen.docx", "samples/dokumenter/1548-fraena.pdf", "samples/inndata/notat.txt",
             "samples/inndata/ødelagt-yaml.yaml"]


def _post(client, round_id, paths):
    page = client.get(f"/runder/{round_id}")
    files = [("filer", (Path(p).name, Path(p).read_bytes(), "application/octet-stream")) for p in paths]
    return client.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)}, files=files)


def _same(result):
    return (result.kind, result.compliant, result.errors, result.warnings, result.kommunenummer,
            [(f.rule, f.severity.value, f.message, f.location.pointer, f.location.line) for f in result.findings],
            [(c.rule, c.status.value) for c in result.checklist])


def _stored(client):
    """Every stored version's result, by file name (a Word copy of a YAML application is its next version)."""
    from kvkdocs.db import rounds
    from kvkdocs.db.results import from_json

    web = client.app.state.web
    with web.db() as db:
        return {v.filename: from_json(v.result)
                for r in rounds.list_rounds(db) for a in rounds.applications(db, r) for v in a.versions}


def test_uploaded_files_get_the_same_verdicts_as_kvkdocs_validate(kari):
    round_id = create_round(kari)
    samples = sorted(str(p) for p in Path("samples/pulje-4").iterdir())
    response = _post(kari, round_id, samples + DOCUMENTS)
    assert response.status_code == 200, response.text
    stored = _stored(kari)
    expected = {Path(r.path).name: r for r in validate(["samples/pulje-4"]).files}
    expected |= {Path(r.path).name: r for r in validate(DOCUMENTS, "kvalitetskommune-2006",
                                                        deadline=dt.date(2008, 9, 15)).files}
    assert set(stored) == set(expected)
    for name, result in expected.items():
        assert _same(stored[name]) == _same(result), name
    # The receipt shows each file's verdict, and a non-application gets the input finding.
    assert response.text.count('class="vurdering"') == len(expected)
    assert stored["notat.txt"].findings[0].rule.startswith("input.") and not stored["notat.txt"].compliant
    assert all(f.location.file == name for name, r in stored.items() for f in r.findings if f.location.file)


def test_a_zip_is_unpacked_and_a_reupload_is_a_new_version(kari):
    round_id = create_round(kari)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write("samples/pulje-4/0219-baerum.yaml", "epost/0219-baerum.yaml")
        archive.write("samples/pulje-4/1227-jondal.yaml", "1227-jondal.yaml")
        archive.writestr("__MACOSX/._1227-jondal.yaml", b"junk")
    page = kari.get(f"/runder/{round_id}")
    response = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                         files=[("filer", ("vedlegg.zip", buffer.getvalue(), "application/zip"))])
    assert response.status_code == 200 and "2 filer ble tatt imot" in response.text
    changed = Path("samples/pulje-4/1227-jondal.yaml").read_text(encoding="utf-8").replace(
        "dokument: søknad", "dokument: søknad\nevaluering: Ekstern evaluering hvert år, med sluttrapport i 2011.", 1)
    page = kari.get(f"/runder/{round_id}")
    response = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                         files=[("filer", ("1227-jondal-rettet.yaml", changed.encode(), "text/yaml"))])
    assert response.status_code == 200
    app_id = re.search(r'href="/soknader/(\d+)\?versjon=2"', response.text).group(1)
    page = kari.get(f"/soknader/{app_id}")
    assert "Versjon" in page.text and "2 av 2" in page.text and "1227-jondal-rettet.yaml" in page.text
    log = page.text.split('id="logg"')[1]
    assert log.count("<td>kari</td><td>fil mottatt</td>") == 2 and "versjon 2" in log
    old = kari.get(f"/soknader/{app_id}?versjon=1")
    assert "evaluation.plan" in old.text  # version 1 keeps its own findings
    original = kari.get(f"/soknader/{app_id}/versjoner/1/fil")
    assert original.content == Path("samples/pulje-4/1227-jondal.yaml").read_bytes()
    assert "attachment" in original.headers["content-disposition"]
    assert kari.get(f"/soknader/{app_id}?versjon=9").status_code == 404


def test_the_application_page_shows_findings_with_citation_and_location(kari):
    round_id = create_round(kari)
    response = _post(kari, round_id, ["samples/pulje-4/1548-fraena.yaml"])
    app_id = re.search(r'href="/soknader/(\d+)', response.text).group(1)
    page = kari.get(f"/soknader/{app_id}").text
    assert "Styringsgruppen mangler folkevalgte" in page
    assert "Sted: linje 48 (/styringsgruppe)" in page and "Hjemmel: Sitat fra avtalen" in page
    assert "Sjekkliste" in page and "kr\u00a0" in page


def test_an_upload_without_files_says_so(kari):
    round_id = create_round(kari)
    page = kari.get(f"/runder/{round_id}")
    response = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                         files=[("filer", ("", b"", "application/octet-stream"))])
    assert response.status_code == 400 and "Velg minst én fil" in response.text


def test_a_broken_zip_is_refused_with_a_message(kari):
    round_id = create_round(kari)
    page = kari.get(f"/runder/{round_id}")
    response = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                         files=[("filer", ("post.zip", b"PK\x03\x04 not really", "application/zip"))])
    assert response.status_code == 200 and "post.zip kan ikke pakkes ut" in response.text


def test_an_upload_over_the_limit_is_refused_with_413_in_norwegian(kari, settings):
    round_id = create_round(kari)
    page = kari.get(f"/runder/{round_id}")
    big = b"x" * (settings.upload_limit + 1)
    response = kari.post(f"/runder/{round_id}/mottak", data={"csrf": csrf_of(page.text)},
                         files=[("filer", ("stor.pdf", big, "application/pdf"))])
    assert response.status_code == 413 and "større enn grensen på 2 MB" in response.text
    assert '<html lang="nb">' in response.text


def test_the_limit_is_measured_while_streaming_not_after(kari, settings):
    """A body with no length is cut off as soon as it passes the limit: the rest is never read."""
    round_id = create_round(kari)
    token = csrf_of(kari.get(f"/runder/{round_id}").text)
    chunk = 64 * 1024
    pulled, sent, total = 0, [], 400  # 400 chunks = 25 MB, far over the 2 MB limit

    async def receive():
        nonlocal pulled
        pulled += 1
        if pulled == 1:
            head = (f'--b\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{token}\r\n--b\r\n'
                    'Content-Disposition: form-data; name="filer"; filename="stor.pdf"\r\n'
                    'Content-Type: application/pdf\r\n\r\n').encode()
            return {"type": "http.request", "body": head, "more_body": True}
        return {"type": "http.request", "body": b"x" * chunk, "more_body": pulled < total}

    async def send(message):
        sent.append(message)

    cookie = "; ".join(f"{k}={v}" for k, v in kari.cookies.items())
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": f"/runder/{round_id}/mottak", "raw_path": f"/runder/{round_id}/mottak".encode(),
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 5000), "server": ("testserver", 80),
             "headers": [(b"host", b"testserver"), (b"content-type", b"multipart/form-data; boundary=b"),
                         (b"cookie", cookie.encode())]}
    asyncio.run(kari.app(scope, receive, send))
    assert sent[0]["status"] == 413
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body").decode()
    assert "større enn grensen" in body
    assert pulled <= settings.upload_limit // chunk + 3, f"read {pulled} of {total} chunks before refusing"


@pytest.mark.worker_processes
def test_word_and_pdf_are_never_parsed_in_the_servers_own_process(kari, monkeypatch):
    """Readers broken in this process change nothing: the files are read in the worker processes."""
    import kvkdocs.load.pdf
    import kvkdocs.load.word

    def parsed_here(*_args, **_kwargs):
        raise AssertionError("parsed in the web server's process")

    monkeypatch.setattr(kvkdocs.load.word, "read_word", parsed_here)
    monkeypatch.setattr(kvkdocs.load.pdf, "read_pdf", parsed_here)
    round_id = create_round(kari)
    _post(kari, round_id, ["samples/dokumenter/1445-gloppen.docx", "samples/dokumenter/1548-fraena.pdf"])
    stored = _stored(kari)
    assert stored["1445-gloppen.docx"].kommunenummer == "1445" and stored["1548-fraena.pdf"].kommunenummer == "1548"
