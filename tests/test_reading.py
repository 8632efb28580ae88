"""«Show what was read»: `kvkdocs read` and the HTML report's links from findings to values."""

from __future__ import annotations

import copy
import io
import json
import re

import yaml
from click.testing import CliRunner

from kvkdocs import validate
from kvkdocs.cli import cli
from kvkdocs.report import renderer

from . import wordml as w
from .conftest import EDITION_SAMPLES, load_sample

BASE = load_sample(EDITION_SAMPLES["kvalitetskommune-2006"])


def write(tmp_path, name: str, data: dict, lang: str = "nb", heading=w.heading_plain):
    path = tmp_path / name
    path.write_bytes(w.docx(w.application_body(data, lang, heading=heading)))
    return path


def test_read_prints_the_application_as_yaml_in_the_hand_written_schema(tmp_path):
    path = write(tmp_path, "soknad.docx", BASE, "nn")
    result = CliRunner().invoke(cli, ["read", str(path)])
    assert result.exit_code == 0, result.output
    assert yaml.safe_load(result.output) == BASE
    (tmp_path / "lest.yaml").write_text(result.output, encoding="utf-8")
    assert validate([tmp_path / "lest.yaml"]).files[0].compliant


def test_read_json_gives_each_value_with_where_it_stood(tmp_path):
    path = write(tmp_path, "soknad.docx", BASE)
    result = CliRunner().invoke(cli, ["read", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.output)
    by_pointer = {v["pointer"]: v for v in shown["values"]}
    number = by_pointer["/søker/kommunenummer"]
    assert (number["value"], number["label"], number["section"], number["table"], number["row"]) == (
        "1902", "Kommunenummer", "Søker", 1, 4)
    member = by_pointer["/styringsgruppe/2/navn"]
    assert (member["value"], member["section"], member["row"]) == ("Siri Nygård", "Styringsgruppe", 4)
    assert shown["data"] == BASE and shown["notes"] == []


def test_read_tells_what_the_reader_noticed(tmp_path):
    def heading(section, n, lang):
        return "Styringsgrupe" if section.key == "styringsgruppe" else section.title(lang)
    path = write(tmp_path, "soknad.docx", BASE, heading=heading)
    result = CliRunner().invoke(cli, ["read", str(path), "--lang", "nn"])
    assert result.output.startswith("# Overskrifta «Styringsgrupe» er ikkje ein kjend del av søknaden")
    assert yaml.safe_load(result.output)["styringsgruppe"] == BASE["styringsgruppe"]


def test_read_refuses_a_broken_file_with_a_clear_message(tmp_path):
    path = tmp_path / "soknad.docx"
    path.write_bytes(b"PK\x03\x04 not really")
    result = CliRunner().invoke(cli, ["read", str(path)])
    assert result.exit_code == 2
    assert "Feil:" in result.output and "Word" in result.output and "Traceback" not in result.output


def test_html_report_links_each_finding_to_the_value_it_read(tmp_path):
    data = copy.deepcopy(BASE)
    data["arbeidstakerorganisasjoner"][1]["bekreftet"] = "2008-02-31"
    body = w.application_body(data).replace("2008-02-31", "31. februar 2008")
    (tmp_path / "soknad.docx").write_bytes(w.docx(body))
    batch = validate([tmp_path])
    out = io.StringIO()
    renderer("html")(batch, out, lang="nb")
    page = out.getvalue()
    links = re.findall(r'<a href="#(fil-1-verdi-\d+)"', page)
    assert len(links) == len(batch.files[0].findings) == 2
    rows = [re.search(rf'<tr id="{target}">(.*?)</tr>', page).group(1) for target in links]
    assert all("«Arbeidstakerorganisasjoner», tabell 1, rad 3" in row for row in rows)  # the union's row
    assert any("31. februar 2008" in row for row in rows)  # the date finding: the date as it was written
