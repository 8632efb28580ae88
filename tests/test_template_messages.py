"""Every problem the template check can find is a message key, said in bokmål and in nynorsk.

Each kind of problem is built in code as a hostile template (or folder of
templates) and found by the real check (:func:`check_file`, the folder's own
check, a batch's check); its message is then said in both målformer. The
nynorsk is checked for bokmål-only words, and so are the reasons that
travel as values inside other messages: why a folder is no earlier batch,
why an edition's citations are wrong, why the operating system said no.
"""

from __future__ import annotations

import errno
import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import kvkdocs.letters  # noqa: F401  (registers the example contexts the check renders)
from kvkdocs.cli import cli
from kvkdocs.messages import MESSAGES, Text, render, text_of, to_data
from kvkdocs.render import usertemplates, wordtags
from kvkdocs.render.usertemplates import TemplateFolder, TemplateSet, check_file

from .wordml import docx, inserted, para, row, run, table

KEY = "opptaksbrev.nb"

#: Words only bokmål has (nynorsk: ikkje, manglar, frå, ein/eit/eitt, nokon, vere, …), as whole words.
BOKMAAL_ONLY = ("ikke", "mangler", "fra", "en", "et", "ett", "noen", "være", "hvis", "hva", "hvor", "hver", "hvert",
                "ble", "blitt", "skrevet", "uten", "selve", "samme", "dataene", "malene", "mappen", "filen", "navnet",
                "lukkes", "leses", "åpnes", "finnes", "begynner", "slutter", "mens", "dem", "tillatt", "for eksempel",
                "kilden", "kilder", "sier", "bruker", "lager", "Finner", "Mente", "Ukjent", "Kjente")
_BOKMAAL = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in BOKMAAL_ONLY) + r")(?![\w-])")


def bokmaal_in(nynorsk: str) -> list[str]:
    """Bokmål-only words in a nynorsk sentence, outside what it quotes («…»: a template's own text, a name)."""
    previous = None
    while previous != nynorsk:
        previous = nynorsk
        nynorsk = re.sub(r"«[^«»]*»", "«»", nynorsk)
    return _BOKMAAL.findall(nynorsk)


# --- hostile templates, built in code ----------------------------------------------------------------

def member_changed(data: bytes, name: str, change) -> bytes:
    """``data`` (a .docx) with one member's text changed, every other member as it was."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                changed = change(content.decode("utf-8"))
                assert changed != content.decode("utf-8"), "the change did not apply"
                content = changed.encode("utf-8")
            target.writestr(info.filename, content)
    return out.getvalue()


def checked(tmp_path: Path, data: bytes, key: str = KEY) -> list[Text]:
    path = tmp_path / f"{key}.docx"
    path.write_bytes(data)
    return check_file(path, key)


def body(tmp_path: Path, *paragraphs: str, header: str | None = None) -> list[Text]:
    return checked(tmp_path, docx("".join(paragraphs), header=header))


def _strict(tmp_path):
    data = member_changed(docx(para("{{ kopi }}")), "word/document.xml", lambda x: x.replace(
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"))
    return checked(tmp_path, data)


def _part_too_big(tmp_path, monkeypatch):
    monkeypatch.setattr(wordtags, "MAX_PART", 100)
    return body(tmp_path, para("{{ kopi }}"))


def _too_big(tmp_path, monkeypatch):
    monkeypatch.setattr(usertemplates, "MAX_TEMPLATE", 100)
    return body(tmp_path, para("{{ kopi }}"))


def _unreadable(tmp_path):
    (tmp_path / f"{KEY}.docx").mkdir()  # a folder with a template's name: stat works, reading does not
    return check_file(tmp_path / f"{KEY}.docx", KEY)


def _comments(tmp_path):
    return body(tmp_path, '<w:p><w:r><w:t>{{ kopi }}</w:t></w:r><w:commentRangeStart w:id="7"/>'
                          '<w:r><w:commentReference w:id="7"/></w:r></w:p>')


def _not_word(tmp_path, monkeypatch):
    """python-docx fails on a file Word would repair (which no file we can build makes it do): said as not Word."""
    from kvkdocs.render.docx import CompiledDocx

    def fails(self, *args, **kwargs):
        raise KeyError("word/styles.xml")

    monkeypatch.setattr(CompiledDocx, "__init__", fails)
    return body(tmp_path, para("{{ kopi }}"))


def _unmerged(_tmp_path):
    """docxtpl joins every split Word makes; should one stay split, the check names it (see test_usertemplates)."""
    word = wordtags.WordTemplate.read(docx(para("Til {{ mottaker.navn }}")), f"{KEY}.docx")
    patched = '<w:p><w:r><w:t>Til {{ mottaker.</w:t></w:r><w:bookmarkStart w:id="0"/><w:r><w:t>navn }}</w:t></w:r></w:p>'
    return word.unmerged("word/document.xml", patched)


def _folder(tmp_path, *names: str) -> list[Text]:
    folder = tmp_path / "maler"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(docx(para("{{ kopi }}")))
    return TemplateFolder(folder, Text("templates.origin-given")).problems()


#: Every kind of problem: how to make it, its key, and a piece of its bokmål and its nynorsk.
KINDS = {
    "not-zip": (lambda t: checked(t, b"Dette er ingen Word-fil."), "template.not-zip",
                "den er ikke en gyldig .docx-fil (ZIP)", "fila er ikkje ei gyldig .docx-fil (ZIP)"),
    "old-doc": (lambda t: checked(t, b"\xd0\xcf\x11\xe0" + bytes(200)), "template.not-zip-ole",
                "ser ut som et gammelt Word-dokument (.doc) eller er passordbeskyttet",
                "ser ut som eit gammalt Word-dokument (.doc) eller er passordverna"),
    "no-document": (lambda t: checked(t, _zip({"[Content_Types].xml": "<Types/>"})), "template.no-document",
                    "den mangler selve dokumentteksten", "han manglar sjølve dokumentteksten"),
    "dotx": (lambda t: checked(t, member_changed(docx(para("x")), "[Content_Types].xml",
                                                 lambda x: x.replace("document.main+xml", "template.main+xml"))),
             "template.saved-as", "er lagret som en Word-mal (.dotx) med navnet .docx",
             "er lagra som ein Word-mal (.dotx) med namnet .docx"),
    "docm": (lambda t: checked(t, member_changed(docx(para("x")), "[Content_Types].xml",
                                                 lambda x: x.replace("document.main+xml", "document.macroEnabled.main+xml"))),
             "template.saved-as", "et dokument med makroer (.docm)", "eit dokument med makroar (.docm)"),
    "part-too-big": (_part_too_big, "template.part-too-big", "for stor til å være en brevmal",
                     "for stor til å vere ein brevmal"),
    "part-damaged": (lambda t: checked(t, member_changed(docx(para("x")), "word/document.xml", lambda x: x[:-30])),
                     "template.part-damaged", "delen word/document.xml er skadet", "delen word/document.xml er skadd"),
    "strict": (_strict, "template.strict", "som kvkdocs ikke leser taggene i", "som kvkdocs ikkje les taggane i"),
    "tracked-changes": (lambda t: body(t, f"<w:p>{run('{{ kopi }}')}{inserted(run(' Med vennlig hilsen.'))}</w:p>"),
                        "template.tracked-changes", "har sporede endringer (den første i avsnittet",
                        "har sporte endringar (den første i avsnittet"),
    "comments": (_comments, "template.comments", "har kommentarer (den første i avsnittet «{{ kopi }}»), som ville "
                 "kommet med i hvert dokument", "har kommentarar (den første i avsnittet «{{ kopi }}»), som ville ha "
                 "kome med i kvart dokument"),
    "split-across": (lambda t: body(t, para("{{ mottaker."), para("navn }}")), "template.split-across",
                     "delt over to avsnitt: den begynner i avsnittet «{{ mottaker.» og slutter i avsnittet «navn }}»",
                     "delt over to avsnitt: han byrjar i avsnittet «{{ mottaker.» og sluttar i avsnittet «navn }}»"),
    "half": (lambda t: body(t, para("Kopi: {{ kopi")), "template.half",
             "har en tagg som ikke begynner og slutter i samme avsnitt, i avsnittet «Kopi: {{ kopi»",
             "har ein tagg som ikkje byrjar og sluttar i same avsnitt, i avsnittet «Kopi: {{ kopi»"),
    "smart-quotes": (lambda t: body(t, para("{{ kopi or “–” }}")), "template.smart-quotes",
                     "typografiske anførselstegn (“) i taggen «{{ kopi or “–” }}» i avsnittet",
                     "typografiske hermeteikn (“) i taggen «{{ kopi or “–” }}» i avsnittet"),
    "tr-outside": (lambda t: body(t, para("{%tr for r in deltakere %}"), para("{%tr endfor %}")),
                   "template.tr-outside", "utenfor en tabell i avsnittet «{%tr for r in deltakere %}». «{%tr» "
                   "gjentar eller skjuler en tabellrad", "utanfor ein tabell i avsnittet «{%tr for r in deltakere %}». "
                   "«{%tr» gjentek eller gøymer ei tabellrad"),
    "tc-outside": (lambda t: body(t, para("{%tc for r in deltakere %}"), para("{%tc endfor %}")),
                   "template.tc-outside", "skjuler en tabellcelle, så den må stå i en tabell",
                   "gøymer ei tabellcelle, så han må stå i ein tabell"),
    "text-beside": (lambda t: body(t, para("Hei {%p if kopi %}"), para("{{ kopi }}"), para("{%p endif %}")),
                    "template.text-beside", "Hele avsnittet med en «{%p»-tagg blir borte i dokumentet, også teksten «Hei»",
                    "Heile avsnittet med ein «{%p»-tagg blir borte i dokumentet, òg teksten «Hei»"),
    "text-beside-row": (lambda t: body(t, table([row(["Rad {%tr for r in deltakere %}", "x"]),
                                                 row(["{%tr endfor %}", "y"])])),
                        "template.text-beside", "i tabell 1, rad 1, kolonne 1: «Rad {%tr for r in deltakere %}». "
                        "Hele tabellraden", "i tabell 1, rad 1, kolonne 1: «Rad {%tr for r in deltakere %}». "
                        "Heile tabellrada"),
    "syntax": (lambda t: body(t, para("{{ mottaker.navn | }}")), "template.syntax",
               "har en feil i taggen «{{ mottaker.navn | }}» i avsnittet «{{ mottaker.navn | }}»: Jinja sier «",
               "har ein feil i taggen «{{ mottaker.navn | }}» i avsnittet «{{ mottaker.navn | }}»: Jinja seier «"),
    "else-without-if": (lambda t: body(t, para("{%p else %}")), "template.else-without-if",
                        "uten en «{%p if … %}» før. Legg til betingelsen", "utan ein «{%p if … %}» før. Legg til vilkåret"),
    "end-without-open": (lambda t: body(t, para("{%p endif %}")), "template.end-without-open",
                         "men ingen «{% if … %}» er åpen der. Fjern taggen, eller legg til den som mangler.",
                         "men ingen «{% if … %}» er open der. Fjern taggen, eller legg til den som manglar."),
    "wrong-close": (lambda t: body(t, para("{%p if kopi %}"), para("{%p endfor %}")), "template.wrong-close",
                    "lukker «{%p if kopi %}» med «{%p endfor %}» i avsnittet «{%p endfor %}»",
                    "lukkar «{%p if kopi %}» med «{%p endfor %}» i avsnittet «{%p endfor %}»"),
    "never-closed-if": (lambda t: body(t, para("Kopi:"), para("{%p if kopi %}"), para("{{ kopi }}")),
                        "template.never-closed-if", "«{%p if kopi %}» i avsnittet «{%p if kopi %}» (etter «Kopi:») som "
                        "aldri lukkes. Legg til «{%p endif %}» der betingelsen skal slutte",
                        "«{%p if kopi %}» i avsnittet «{%p if kopi %}» (etter «Kopi:») som aldri blir lukka. "
                        "Legg til «{%p endif %}» der vilkåret skal slutte"),
    "never-closed-for": (lambda t: body(t, para("{%p for d in deltakere %}")), "template.never-closed-block",
                         "der blokken skal slutte, i et eget avsnitt", "der blokken skal slutte, i eit eige avsnitt"),
    "unknown-value": (lambda t: body(t, para("Til {{ mottaker.navm }}")), "template.unknown-value",
                      "bruker «mottaker.navm» i avsnittet «Til {{ mottaker.navm }}», men dataene har ingen verdi med det "
                      "navnet. Mente du «mottaker.navn»? README.md i malmappen (fra eksporten av malene)",
                      "brukar «mottaker.navm» i avsnittet «Til {{ mottaker.navm }}», men dataa har ingen verdi med det "
                      "namnet. Meinte du «mottaker.navn»? README.md i malmappa (frå eksporten av malane)"),
    "unknown-in-header": (lambda t: body(t, para("{{ kopi }}"), header="{{ qqq }}"), "template.unknown-value",
                          "bruker «qqq» i avsnittet «{{ qqq }}» i toppteksten, men dataene har ingen verdi med det navnet. "
                          "README.md", "brukar «qqq» i avsnittet «{{ qqq }}» i toppteksten, men dataa har ingen verdi "
                          "med det namnet. README.md"),
    "unknown-in-cell": (lambda t: body(t, table([row(["Vår ref.", "{{ vår_ref }}"])])),
                        "template.unknown-value", "«vår_ref» i tabell 1, rad 1, kolonne 2: «{{ vår_ref }}»",
                        "«vår_ref» i tabell 1, rad 1, kolonne 2: «{{ vår_ref }}»"),
    "too-big": (_too_big, "template.too-big", "for stor til å være en mal. Komprimer bildene",
                "for stor til å vere ein mal. Komprimer bileta"),
    "unreadable": (_unreadable, "template.unreadable", "kan ikke leses: er en mappe.", "kan ikkje lesast: er ei mappe."),
    "unknown-filter": (lambda t: body(t, para("{{ kopi | finnesikke }}")), "template.tag-error",
                       "har en feil i en tagg i avsnittet «{{ kopi | finnesikke }}»",
                       "har ein feil i ein tagg i avsnittet «{{ kopi | finnesikke }}»"),
    "expression-fails": (lambda t: body(t, para('{{ pulje + "x" }}')), "template.example.expression-fails",
                         "Med eksempelmøtets data nr. 1 for opptaksbrev: malen opptaksbrev.nb.docx kunne ikke fylles ut: "
                         "et uttrykk i en tagg virker ikke på dataene (TypeError",
                         "Med data nr. 1 frå eksempelmøtet for opptaksbrev: malen opptaksbrev.nb.docx kunne ikkje "
                         "fyllast ut: eit uttrykk i ein tagg verkar ikkje på dataa (TypeError"),
    "cannot-fill": (lambda t: body(t, para("{{ pulje.qqq }}")), "template.example.cannot-fill",
                    "malen opptaksbrev.nb.docx kunne ikke fylles ut: ", "malen opptaksbrev.nb.docx kunne ikkje fyllast ut: "),
    "bad-xml": (lambda t: body(t, para('{{ "]]>" | safe }}')), "template.example.bad-xml",
                "malen opptaksbrev.nb.docx ga ugyldig XML (", "malen opptaksbrev.nb.docx gav ugyldig XML ("),
    "not-word": (_not_word, "template.not-word", "kan ikke åpnes som Word-dokument (KeyError). Åpne den i Word",
                 "kan ikkje opnast som Word-dokument (KeyError). Opne han i Word"),
    "no-title": (lambda t: body(t, para("{{ kopi }}")), "template.no-title",
                 "har ingen tittel. Tittelen er arkivtittelen i manifest.csv/manifest.json; skriv den i Word",
                 "har ingen tittel. Tittelen er arkivtittelen i manifest.csv/manifest.json; skriv han i Word"),
    "unmerged": (_unmerged, "template.unmerged", "men Word har delt den opp (for eksempel med ulik formatering",
                 "men Word har delt han opp (til dømes med ulik formatering"),
    "folder-missing": (lambda t: TemplateFolder(t / "finnes-ikke", Text("templates.origin-given")).problems(),
                       "templates.folder-missing", "finnes-ikke (mappen som ble oppgitt). Oppgi en mappe med maler; "
                       "eksporten av malene til", "finnes-ikke (mappa som vart oppgitt). Oppgi ei mappe med malar; "
                       "eksporten av malane til"),
    "other-format": (lambda t: _folder(t, "opptaksbrev.nn.dotx"), "templates.other-format",
                     "Malmappen har opptaksbrev.nn.dotx, men en mal må være et vanlig Word-dokument",
                     "Malmappa har opptaksbrev.nn.dotx, men ein mal må vere eit vanleg Word-dokument"),
    "unknown-name": (lambda t: _folder(t, "avslag-nb.docx"), "templates.unknown-name",
                     "som ikke er navnet på noen mal, så den ville aldri blitt brukt. Mente du avslag.nb.docx?",
                     "som ikkje er namnet på nokon mal, så fila ville aldri ha vorte brukt. Meinte du avslag.nb.docx?"),
    "unknown-name-far": (lambda t: _folder(t, "brevpapir.docx"), "templates.unknown-name",
                         "så den ville aldri blitt brukt. Malene heter", "så fila ville aldri ha vorte brukt. Malane heiter"),
}


def _zip(members: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return out.getvalue()


def problems_of(kind: str, tmp_path: Path, monkeypatch) -> list[Text]:
    make = KINDS[kind][0]
    return make(tmp_path, monkeypatch) if make in (_part_too_big, _too_big, _not_word) else make(tmp_path)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_template_problem_is_a_key_said_in_bokmaal_and_nynorsk(kind, tmp_path, monkeypatch):
    _, key, bokmaal, nynorsk = KINDS[kind]
    problems = problems_of(kind, tmp_path, monkeypatch)
    assert problems and all(isinstance(p, Text) for p in problems), problems
    first = problems[0]
    assert first.key == key, (first.key, render(first))
    nb, nn = render(first, "nb"), render(first, "nn")
    assert bokmaal in nb, nb
    assert nynorsk in nn, nn
    assert nb != nn and "{" not in re.sub(r"\{[{%]|[}%]\}", "", nn)  # every value filled in, none left as a field
    assert bokmaal_in(nn) == [], nn
    # kept as data (a web page, a worker process) it says the same
    assert render(text_of(to_data(first)), "nn") == nn


def test_every_template_problem_key_is_made_by_some_hostile_template():
    """The kinds above cover the catalogue's template problems: a new key gets a hostile template too."""
    made = {k[1] for k in KINDS.values()}
    said_inside = {"template.resave", "template.as-dotx", "template.as-docm", "template.first-at", "template.unit.p",
                   "template.unit.tr", "template.unit.tc", "template.in-tag", "template.jinja-says",
                   "template.tag-unreadable", "template.did-you-mean", "template.at-place", "template.example-failed",
                   "templates.did-you-mean", "templates.problem", "templates.problems",
                   "templates.problems-one", "templates.origin-meeting", "templates.origin-environment",
                   "templates.origin-setting", "templates.origin-given"}
    render_errors = {"template.part-missing", "template.cannot-fill", "template.expression-fails", "template.bad-xml",
                     "template.lacks-values", "template.in-paragraph"}  # kvkdocs.render.docx, reached through the above
    catalogue = {k for k in MESSAGES if k.startswith(("template.", "templates."))}
    assert catalogue - made - said_inside - render_errors == set()


def test_a_failure_on_the_example_that_has_no_sentence_of_its_own_is_said_after_which_example(tmp_path, monkeypatch):
    from kvkdocs.errors import TemplateError
    from kvkdocs.render.docx import CompiledDocx

    def missing_part(self, context):
        raise TemplateError.said(Text("template.part-missing", {"name": "x.docx", "part": "word/document.xml"}))

    monkeypatch.setattr(CompiledDocx, "render_with_title", missing_part)
    (problem,) = body(tmp_path, para("{{ kopi }}"))
    assert render(problem) == ("Med eksempelmøtets data nr. 1 for opptaksbrev: Malen x.docx mangler delen "
                               "word/document.xml; er det en Word-fil?")
    assert render(problem, "nn").startswith("Med data nr. 1 frå eksempelmøtet for opptaksbrev: Malen x.docx manglar")


# --- the batch's error, the command line and the web say the same problems --------------------------

def test_a_batch_error_lists_the_problems_in_either_maalform_and_the_command_line_names_its_command(tmp_path):
    from kvkdocs.cli.base import OPTION_NAMES
    from kvkdocs.errors import TemplateError
    from kvkdocs.messages import choice

    folder = tmp_path / "maler"
    folder.mkdir()
    (folder / f"{KEY}.docx").write_bytes(docx(para("Til {{ mottaker.navm }}")))
    (folder / "avslag.nn.docx").write_bytes(docx(para("{%p endif %}")))
    with pytest.raises(TemplateError) as caught:
        TemplateSet(TemplateFolder(folder, choice("templates"))).check_users(["opptaksbrev", "avslag"])
    error = caught.value
    assert error.text.key == "templates.problems"
    assert str(error).startswith(f"Malene i {folder} (valget «maler») har 2 feil, så ingenting er skrevet:\n"
                                 "  - Malen opptaksbrev.nb.docx bruker «mottaker.navm»")
    assert str(error).endswith(f"\nRett malen i Word og kjør kontrollen av malene i {folder}.")
    nn = error.in_language("nn")
    assert nn.startswith(f"Malane i {folder} (valet «malar») har 2 feil, så ingenting er skrive:\n"
                         "  - Malen opptaksbrev.nb.docx brukar «mottaker.navm»")
    assert "\n  - Malen avslag.nn.docx har «{%p endif %}»" in nn and bokmaal_in(nn) == []
    assert nn.endswith(f"\nRett malen i Word og køyr kontrollen av malane i {folder}.")
    said = error.phrased(OPTION_NAMES)
    assert said.startswith(f"Malene i {folder} (--templates) har 2 feil")
    assert "README.md i malmappen (fra «kvkdocs templates export») lister" in said
    assert said.endswith(f"\nRett malen i Word og kjør «kvkdocs templates check {folder}».")
    assert error.phrased(OPTION_NAMES, "nn").endswith(f"\nRett malen i Word og køyr «kvkdocs templates check {folder}».")


def test_one_problem_is_one_error(tmp_path):
    from kvkdocs.errors import TemplateError

    folder = tmp_path / "maler"
    folder.mkdir()
    (folder / f"{KEY}.docx").write_bytes(docx(para("{{ kopi }}")))
    with pytest.raises(TemplateError) as caught:
        TemplateSet(TemplateFolder(folder, Text("templates.origin-environment", {"name": "KVKDOCS_TEMPLATES"}))
                    ).check_users(["opptaksbrev"])
    assert str(caught.value).startswith(f"Malene i {folder} (miljøvariabelen KVKDOCS_TEMPLATES) har en feil, så")
    assert caught.value.in_language("nn").startswith(f"Malane i {folder} (miljøvariabelen KVKDOCS_TEMPLATES) har ein feil")


def test_templates_check_speaks_nynorsk_when_asked_and_names_the_export_command(tmp_path):
    folder = tmp_path / "maler"
    folder.mkdir()
    (folder / f"{KEY}.docx").write_bytes(docx(para("Til {{ mottaker.navm }}")))
    nb = CliRunner().invoke(cli, ["templates", "check", str(folder)])
    nn = CliRunner().invoke(cli, ["templates", "check", str(folder), "--lang", "nn"])
    assert nb.exit_code == nn.exit_code == 1
    assert "feil  Malen opptaksbrev.nb.docx bruker «mottaker.navm»" in nb.output
    assert "(fra «kvkdocs templates export») lister navnene" in nb.output
    assert "Rett malene i Word og kjør kontrollen på nytt" in nb.output
    assert "feil  Malen opptaksbrev.nb.docx brukar «mottaker.navm»" in nn.output
    assert "(frå «kvkdocs templates export») listar opp namna" in nn.output
    assert "Rett malane i Word og køyr kontrollen på nytt" in nn.output and "Desse blir laga med malane" in nn.output
    assert bokmaal_in(nn.output) == []
    missing = CliRunner().invoke(cli, ["templates", "check", str(tmp_path / "borte"), "--lang", "nn"])
    assert missing.exit_code == 1
    assert f"Finn ikkje malmappa {tmp_path / 'borte'} (mappa som vart oppgitt)" in missing.output
    assert f"«kvkdocs templates export {tmp_path / 'borte'}» lagar ei å byrje med." in missing.output


def test_a_letters_batch_in_nynorsk_says_its_template_problems_in_nynorsk(tmp_path):
    from .conftest import SAMPLES

    folder = tmp_path / "maler"
    folder.mkdir()
    (folder / f"{KEY}.docx").write_bytes(docx(para("{%p else %}")))
    args = ["letters", str(SAMPLES / "meetings/2008-11-04-pulje-4.yaml"), "-a", str(SAMPLES / "pulje-4"),
            "-o", str(tmp_path / "ut"), "--templates", str(folder)]
    nb = CliRunner().invoke(cli, args)
    nn = CliRunner().invoke(cli, [*args, "--lang", "nn"])
    assert nb.exit_code == nn.exit_code == 2 and not (tmp_path / "ut").exists()
    assert f"Feil: Malene i {folder} (--templates) har en feil, så ingenting er skrevet:" in nb.output
    assert f"Feil: Malane i {folder} (--templates) har ein feil, så ingenting er skrive:" in nn.output
    assert f"Rett malen i Word og køyr «kvkdocs templates check {folder}»." in nn.output


# --- reasons said inside other messages --------------------------------------------------------------

def test_no_nynorsk_message_of_the_catalogue_has_a_bokmaal_only_word():
    found = {key: bokmaal_in(forms["nn"]) for key, forms in MESSAGES.items()}
    assert {key: words for key, words in found.items() if words} == {}


def test_the_guard_finds_bokmaal_in_nynorsk():
    assert bokmaal_in("Malen er ikke lest fra mappen «som ikke finnes».") == ["ikke", "fra", "mappen"]
    assert bokmaal_in("Fila kan ikkje lesast frå mappa.") == []


def _batch(tmp_path: Path) -> Path:
    """A folder that looks like an earlier batch: manifest.json, and what it lists."""
    import hashlib
    import json

    folder = tmp_path / "ut"
    folder.mkdir()
    (folder / "brev.docx").write_bytes(b"brev")
    rows = [{"filnavn": "brev.docx", "sha256": hashlib.sha256(b"brev").hexdigest()}]
    (folder / "manifest.json").write_text(json.dumps({"format": 1, "dokumenter": rows}), encoding="utf-8")
    (folder / "manifest.csv").write_text("", encoding="utf-8")
    return folder


@pytest.mark.parametrize(("change", "nb", "nn"), [
    (lambda f: (f / "manifest.json").unlink(), "den har ingen manifest.json fra kvkdocs, men har brev.docx, manifest.csv",
     "ho har ingen manifest.json frå kvkdocs, men har brev.docx, manifest.csv"),
    (lambda f: [(f / f"x{i}.txt").write_text("x") for i in range(5)] and (f / "manifest.json").unlink(),
     "den har ingen manifest.json fra kvkdocs, men har brev.docx, manifest.csv, x0.txt og 4 til",
     "ho har ingen manifest.json frå kvkdocs, men har brev.docx, manifest.csv, x0.txt og 4 til"),
    (lambda f: (f / "manifest.json").write_text("[]"), "manifest.json der er ikke et kvkdocs-manifest",
     "manifest.json der er ikkje eit kvkdocs-manifest"),
    (lambda f: (f / "notat.txt").write_text("x"), "den har filer kvkdocs ikke skrev: notat.txt",
     "ho har filer kvkdocs ikkje skreiv: notat.txt"),
    (lambda f: (f / "brev.docx").write_bytes(b"endret"), "brev.docx er endret etter at kvkdocs skrev den",
     "brev.docx er endra etter at kvkdocs skreiv henne"),
    (lambda f: ((f / "brev.docx").unlink(), (f / "brev.docx").mkdir()), "brev.docx er ikke en fil kvkdocs skrev",
     "brev.docx er ikkje ei fil kvkdocs skreiv"),
])
def test_why_a_folder_is_no_earlier_batch_is_said_in_either_maalform(tmp_path, change, nb, nn):
    from kvkdocs.errors import OutputError
    from kvkdocs.outfolder import OutputFolder, batch_problem

    folder = _batch(tmp_path)
    assert batch_problem(folder) is None
    change(folder)
    with pytest.raises(OutputError) as caught:
        OutputFolder(folder, force=True).check_existing()
    assert caught.value.text.key == "outfolder.not-a-batch"
    assert f"Den er ikke en tidligere batch fra kvkdocs ({nb})" in str(caught.value)
    said = caught.value.in_language("nn")
    assert f"Ho er ikkje ein tidlegare batch frå kvkdocs ({nn})" in said and bokmaal_in(said) == []


def test_a_batch_folder_that_cannot_be_listed_says_why_in_norwegian(tmp_path, monkeypatch):
    from kvkdocs import outfolder

    def refuse(_path):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(outfolder.os, "listdir", refuse)
    problem = outfolder.batch_problem(tmp_path)
    assert render(problem) == "innholdet kan ikke leses (ingen tilgang)"
    assert render(problem, "nn") == "innhaldet kan ikkje lesast (ingen tilgang)"


@pytest.mark.parametrize(("code", "nb", "nn"), [
    (errno.EACCES, "ingen tilgang", "ingen tilgang"),
    (errno.EPERM, "ikke tillatt", "ikkje tillate"),
    (errno.ENOENT, "finnes ikke", "finst ikkje"),
    (errno.EROFS, "disken er skrivebeskyttet", "disken er skriveverna"),
    (errno.ENXIO, "systemfeil ENXIO", "systemfeil ENXIO"),
    (None, "systemfeil", "systemfeil"),
])
def test_one_table_gives_the_reason_for_every_operating_system_error(code, nb, nn):
    from kvkdocs.errors import os_reason_text

    reason = os_reason_text(OSError(code, "English words from the C library"))
    assert (render(reason), render(reason, "nn")) == (nb, nn)


@pytest.mark.parametrize(("code", "nb", "nn"), [
    (errno.ENOSPC, "disken er full. Frigjør plass", "disken er full. Frigjer plass"),
    (errno.EPERM, "du har ikke skrivetilgang der", "du har ikkje skrivetilgang der"),
    (errno.EIO, "operativsystemet sa nei (lesefeil på disken)", "operativsystemet sa nei (lesefeil på disken)"),
    (errno.ENXIO, "operativsystemet sa nei (systemfeil ENXIO)", "operativsystemet sa nei (systemfeil ENXIO)"),
])
def test_a_write_that_fails_says_why_from_the_same_table_and_never_in_english(code, nb, nn):
    from kvkdocs.files import os_error_text

    text = os_error_text(OSError(code, "No such device or address"), "ut/brev.docx")
    assert render(text).startswith(f"Kunne ikke skrive ut/brev.docx: {nb}")
    assert render(text, "nn").startswith(f"Kunne ikkje skrive ut/brev.docx: {nn}")
    assert "No such" not in render(text)


def test_an_edition_with_bad_citations_says_each_in_either_maalform(tmp_path):
    from kvkdocs.errors import ProgrammeError
    from kvkdocs.programmes import Catalogue

    (tmp_path / "x.yaml").write_text(
        "dokument: programutgave\nid: x-1\nbygger_på: kvalitetskommune-2006\nregler:\n"
        "  goals.defined:\n    hjemmel: {type: avtale, kilde: finnes-ikke, sitat: Noe.}\n"
        "  goals.measurable:\n    hjemmel: {type: praktisk, kilde: avtale-2006, sitat: Lånt, tekst: {nb: Lånt.}}\n",
        encoding="utf-8")
    with pytest.raises(ProgrammeError) as caught:
        Catalogue([tmp_path]).get("x-1")
    nb, nn = str(caught.value), caught.value.in_language("nn")
    assert "regelen goals.defined viser til kilden «finnes-ikke», som ikke står under «kilder» (kjente kilder: " in nb
    assert "; regelen goals.measurable er et praktisk krav og kan ikke ha kilde eller sitat" in nb
    assert "regelen goals.defined viser til kjelda «finnes-ikke», som ikkje står under «kilder» (kjende kjelder: " in nn
    assert "; regelen goals.measurable er eit praktisk krav og kan ikkje ha kjelde eller sitat" in nn
    assert bokmaal_in(nn) == []


def test_an_edition_that_breaks_its_schema_says_each_problem_in_either_maalform(tmp_path):
    from kvkdocs.errors import ProgrammeError
    from kvkdocs.programmes import Catalogue

    (tmp_path / "x.yaml").write_text("dokument: programutgave\nid: 7\n", encoding="utf-8")
    with pytest.raises(ProgrammeError) as caught:
        Catalogue([tmp_path])
    nb, nn = str(caught.value), caught.value.in_language("nn")
    assert nb.startswith(f"Programutgaven {tmp_path / 'x.yaml'} er ugyldig: ") and nn != nb
    assert nn.startswith(f"Programutgåva {tmp_path / 'x.yaml'} er ugyldig: ") and bokmaal_in(nn) == []
