"""Hostile and broken YAML/JSON: a clear finding, never a traceback, and the batch goes on."""

from __future__ import annotations

import pytest

from kvkdocs import validate
from kvkdocs.errors import LoadError
from kvkdocs.load.structured import parse_json, parse_yaml

from .conftest import EDITION_SAMPLES

GOOD = EDITION_SAMPLES["kvalitetskommune-2006"].read_text(encoding="utf-8")

BAD_FILES = {
    "ikke-tolkbar.yaml": ("dokument: søknad\nsøker:\n  a: 1\n b: 2\n", "input.unreadable", "Linje"),
    "liste.yaml": ("- 1\n- 2\n", "input.structure", "en liste"),
    "uten-type.yaml": ("søker: {}\n", "input.structure", "dokument"),
    "alias-bombe.yaml": ('a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n', "input.unreadable", "alias"),
    "dobbel.yaml": ("dokument: søknad\ndokument: møte\n", "input.unreadable", "to ganger"),
    "python-tag.yaml": ("dokument: !!python/object/apply:os.system ['echo hei']\n", "input.unreadable", "taggen"),
    "dyp.yaml": ("[" * 5000 + "]" * 5000, "input.unreadable", "nestet"),
    "dyp.json": ("[" * 100000 + "]" * 100000, "input.unreadable", "nestet"),
    "nan.json": ('{"dokument": NaN}', "input.unreadable", "NaN"),
    "dobbel.json": ('{"a": 1, "a": 2}', "input.unreadable", "to ganger"),
    "surrogat.json": ('{"dokument": "\\ud800"}', "input.unreadable", "surrogat"),
    "tom.yaml": ("", "input.unreadable", "tom"),
    "to-dokumenter.yaml": ("dokument: søknad\n---\ndokument: møte\n", "input.unreadable", "ett YAML-dokument"),
    "bilde.png": ("\x89PNG", "input.unreadable", "støttes ikke"),
    "soknad.docx": ("PK", "input.unreadable", "Word"),
}


@pytest.fixture
def inbox(tmp_path):
    for name, (content, _, _) in BAD_FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "latin1.yaml").write_bytes("dokument: søknad\n".encode("latin-1"))
    (tmp_path / "god.yaml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def test_bad_files_become_findings_and_the_batch_goes_on(inbox):
    batch = validate([inbox])
    by_name = {r.path.rsplit("/", 1)[-1]: r for r in batch.files}
    assert len(batch.files) == len(BAD_FILES) + 2
    for name, (_, rule, words) in BAD_FILES.items():
        finding = by_name[name].findings[0]
        assert finding.rule == rule, (name, finding.message)
        assert words.lower() in finding.message.lower(), (name, finding.message)
    assert by_name["latin1.yaml"].findings[0].message.startswith("Filen er ikke gyldig UTF-8")
    assert by_name["god.yaml"].compliant
    assert not batch.compliant


def test_huge_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "stor.yaml"
    with path.open("wb") as fh:
        fh.truncate(600 * 1024 * 1024)  # sparse: costs no disk
    result = validate([path]).files[0]
    assert result.findings[0].rule == "input.unreadable"
    assert "MB" in result.findings[0].message


@pytest.mark.parametrize("text,expected", [
    ("v: NO", "NO"), ("v: yes", "yes"), ("v: 0150", "0150"), ("v: 12:30", "12:30"),
    ("v: 2008-09-15", "2008-09-15"), ("v: 42", 42), ("v: 4.5", 4.5), ("v: true", True), ("v: ~", None),
    ("v: .nan", ".nan"), ("v: 1e400", "1e400"), ("kommunenummer: 1445", "1445"), ("v: " + "9" * 40, "9" * 40),
])
def test_plain_scalars_follow_yaml_1_2_and_the_schema(text, expected):
    data, _ = parse_yaml(text)
    assert next(iter(data.values())) == expected


def test_lines_point_at_keys():
    data, lines = parse_yaml("a: 1\nb:\n  - x\n  - y: 2\n")
    assert lines["/a"] == 1 and lines["/b"] == 2 and lines["/b/1/y"] == 4


def test_nfd_keys_are_normalised():
    data, _ = parse_yaml("s\u00f8ker: 1\nma\u030al: 2\n")  # 'må' written with a combining ring
    assert "mål" in data


def test_json_huge_integer_is_a_clear_error():
    with pytest.raises(LoadError):
        parse_json("[" + "9" * 5000 + "]")


def test_wrong_date_is_a_schema_finding(tmp_path):
    path = tmp_path / "dato.yaml"
    path.write_text(GOOD.replace('søknadsdato: \'2007-03-01\'', "søknadsdato: '2007-02-30'"), encoding="utf-8")
    result = validate([path]).files[0]
    assert [(f.rule, f.location.pointer) for f in result.findings] == [("input.schema", "/søknadsdato")]
    assert "ÅÅÅÅ-MM-DD" in result.findings[0].message


def test_folder_named_like_a_file_is_walked(tmp_path):
    folder = tmp_path / "x.docx"
    folder.mkdir()
    (folder / "god.yaml").write_text(GOOD, encoding="utf-8")
    assert [r.compliant for r in validate([tmp_path]).files] == [True]


def test_json_findings_have_lines(tmp_path):
    import json

    from .conftest import load_sample

    app = load_sample(EDITION_SAMPLES["kvalitetskommune-2006"])
    app["styringsgruppe"] = [m for m in app["styringsgruppe"] if m["part"] != "folkevalgte"]
    path = tmp_path / "s.json"
    text = json.dumps(app, ensure_ascii=False, indent=2)
    path.write_text(text, encoding="utf-8")
    finding = validate([path]).files[0].findings[0]
    assert finding.rule == "steering.three-parties"
    assert '"styringsgruppe"' in text.splitlines()[finding.location.line - 1]


def test_loader_raises_only_load_errors_on_arbitrary_text():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    alphabet = st.sampled_from(list("ab:-[]{}&*!|>'\"\n #,.0123456789æøå\t\\%@?~"))

    @settings(max_examples=300, deadline=None)
    @given(st.text(alphabet=alphabet, max_size=80))
    def check(text):
        try:
            parse_yaml(text)
        except LoadError:
            pass
        try:
            parse_json(text)
        except LoadError:
            pass

    check()
