"""Write the Word templates in templates/ (docxtpl tags in plain Word files).

The templates are committed, and a secretariat may edit them in Word; this
script is how the shipped versions were made, one per document kind and
målform. Tags follow docxtpl: ``{{ value }}``, ``{%p if ... %}`` on a
paragraph of its own, ``{%tr for ... %}`` in a table row of its own.

Run from the project root: ``python tools/build_templates.py``.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "templates" / "brev"
FIXED = "2000-01-01T00:00:00Z"


EXAMPLE = {"nb": "EKSEMPEL – oppdiktede opplysninger", "nn": "EKSEMPEL – oppdikta opplysningar"}


def new_document(lang="nb"):
    """An A4 document whose page header says EKSEMPEL when the data is a sample (``eksempel``)."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Liberation Sans"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 18), ("Heading 1", 13), ("Heading 2", 11.5)):
        style = doc.styles[name]
        style.font.name = "Liberation Sans"
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x2A, 0x44)
    header = section.header.paragraphs[0]
    run = header.add_run("{% if eksempel %}" + EXAMPLE[lang] + "{% endif %}")
    run.bold = True
    run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return doc


def rows_whole(tbl):
    """Rows never split across pages (w:cantSplit). Header rows are not repeated on a new page:
    the PDF reader would take a repeated header for a row of data."""
    for row in tbl.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return tbl


def keep_with_next(*paragraphs):
    for para in paragraphs:
        para.paragraph_format.keep_with_next = True


def keep_table_together(tbl):
    """Every paragraph in the table keeps with the next: a signature block is never split."""
    for row in tbl.rows:
        for cell in row.cells:
            for para in cell.paragraphs:
                para.paragraph_format.keep_with_next = True


def p(doc, text="", *, style=None, bold=False, size=None, align=None, after=None, italic=False):
    para = doc.add_paragraph(style=style)
    if text:
        run = para.add_run(text)
        run.bold = bold
        run.italic = italic
        if size:
            run.font.size = Pt(size)
    if align == "right":
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if after is not None:
        para.paragraph_format.space_after = Pt(after)
    return para


def tag(doc, text):
    """A paragraph holding only a docxtpl paragraph tag ({%p ... %})."""
    return doc.add_paragraph(text)


def table(doc, header, row_cells, *, loop=None, widths=None, total=None):
    """A table: header row, an optional {%tr for %} loop row, and an optional total row."""
    rows = 1 + (3 if loop else 1) + (1 if total else 0)
    tbl = doc.add_table(rows=rows, cols=len(header))
    tbl.style = "Table Grid"
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    for i, text in enumerate(header):
        cell = tbl.rows[0].cells[i]
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    r = 1
    if loop:
        tbl.rows[r].cells[0].text = f"{{%tr for {loop} %}}"
        r += 1
    for i, text in enumerate(row_cells):
        tbl.rows[r].cells[i].text = text
    r += 1
    if loop:
        tbl.rows[r].cells[0].text = "{%tr endfor %}"
        r += 1
    if total:
        for i, text in enumerate(total):
            cell = tbl.rows[r].cells[i]
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
    if widths:
        tbl.autofit = False
        for i, w in enumerate(widths):
            tbl.columns[i].width = Cm(w)
        for row in tbl.rows:
            for i, w in enumerate(widths):
                row.cells[i].width = Cm(w)
    rows_whole(tbl)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return tbl


# --- letters -----------------------------------------------------------------------------------

LETTER = {
    "nb": {
        "their": "Deres ref.", "ours": "Vår ref.", "date": "Dato", "officer": "Saksbehandler",
        "att": "Att.:", "closing": "Med hilsen", "copy": "Kopi:",
        "draft_note": "",
    },
    "nn": {
        "their": "Dykkar ref.", "ours": "Vår ref.", "date": "Dato", "officer": "Sakshandsamar",
        "att": "Att.:", "closing": "Med helsing", "copy": "Kopi:",
        "draft_note": "",
    },
}

ADMISSION = {
    "nb": {
        "subject": "Opptak i {{ program_navn }} – pulje {{ pulje }}",
        "decision": "{{ organ }} vedtok i møte {{ møtedato }} å ta {{ mottaker.navn }} opp i {{ program_navn }} i pulje {{ pulje }}.",
        "late": "Søknaden kom inn etter søknadsfristen og er behandlet som en sen søknad.",
        "project": "Prosjekt: {{ prosjekt }}",
        "joint": "Prosjektet er et samarbeid mellom {{ deltakere }}.",
        "grant": "Det er innvilget et tilskudd på {{ tilskudd }} til prosjektet.",
        "conditions_h": "Vilkår for tilskuddet",
        "conditions_meeting": "{{ organ }} satte disse vilkårene i møtet:",
        "conditions_edition": "Programutgaven setter disse vilkårene:",
        "exempt_h": "Opptak tross mangler",
        "exempt": "Søknaden oppfylte ikke alle kravene da den ble behandlet. Kommunen ble likevel tatt opp, med denne begrunnelsen: «{{ dispensasjon }}»",
        "exempt_list": "Kontrollen av søknaden fant disse manglene:",
        "outro": "Spørsmål om opptaket kan rettes til saksbehandleren.",
    },
    "nn": {
        "subject": "Opptak i {{ program_navn }} – pulje {{ pulje }}",
        "decision": "{{ organ }} vedtok i møte {{ møtedato }} å ta {{ mottaker.navn }} opp i {{ program_navn }} i pulje {{ pulje }}.",
        "late": "Søknaden kom inn etter søknadsfristen og er handsama som ein sein søknad.",
        "project": "Prosjekt: {{ prosjekt }}",
        "joint": "Prosjektet er eit samarbeid mellom {{ deltakere }}.",
        "grant": "Det er løyvt eit tilskot på {{ tilskudd }} til prosjektet.",
        "conditions_h": "Vilkår for tilskotet",
        "conditions_meeting": "{{ organ }} sette desse vilkåra i møtet:",
        "conditions_edition": "Programutgåva set desse vilkåra:",
        "exempt_h": "Opptak trass i manglar",
        "exempt": "Søknaden oppfylte ikkje alle krava då han vart handsama. Kommunen vart likevel teken opp, med denne grunngjevinga: «{{ dispensasjon }}»",
        "exempt_list": "Kontrollen av søknaden fann desse manglane:",
        "outro": "Spørsmål om opptaket kan rettast til sakshandsamaren.",
    },
}

REJECTION = {
    "nb": {
        "subject": "Søknad om deltakelse i {{ program_navn }} – avslag",
        "decision": "{{ organ }} behandlet søknaden fra {{ mottaker.navn }} i møte {{ møtedato }} og vedtok ikke å ta kommunen opp i pulje {{ pulje }}.",
        "reason_h": "Begrunnelse",
        "findings": "Ved kontrollen av søknaden fant sekretariatet disse manglene:",
        "outro": "Spørsmål om vedtaket kan rettes til saksbehandleren.",
    },
    "nn": {
        "subject": "Søknad om deltaking i {{ program_navn }} – avslag",
        "decision": "{{ organ }} handsama søknaden frå {{ mottaker.navn }} i møte {{ møtedato }} og vedtok ikkje å ta kommunen opp i pulje {{ pulje }}.",
        "reason_h": "Grunngjeving",
        "findings": "Ved kontrollen av søknaden fann sekretariatet desse manglane:",
        "outro": "Spørsmål om vedtaket kan rettast til sakshandsamaren.",
    },
}


def letter_head(doc, lang):
    words = LETTER[lang]
    p(doc, "{{ avsender.navn }}", bold=True, size=13, after=0)
    # Only the parts the meeting file gives, with a separator only between two of them: a sender
    # with no address gets an empty line (its spacing kept), not a stray space or comma.
    p(doc, "{{ avsender.adresse }}{% if avsender.adresse and (avsender.postnummer or avsender.poststed) %}, {% endif %}"
           "{{ avsender.postnummer }}{% if avsender.postnummer and avsender.poststed %} {% endif %}{{ avsender.poststed }}",
      size=9, after=14)
    p(doc, "{{ mottaker.navn }}", after=0)
    tag(doc, "{%p if mottaker.kontakt %}")
    p(doc, words["att"] + " {{ mottaker.kontakt }}", after=0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if mottaker.epost %}")
    p(doc, "{{ mottaker.epost }}", after=0)
    tag(doc, "{%p endif %}")
    p(doc, after=8)
    tbl = doc.add_table(rows=2, cols=4)
    for i, text in enumerate((words["their"], words["ours"], words["date"], words["officer"])):
        tbl.rows[0].cells[i].paragraphs[0].add_run(text).font.size = Pt(8)
    for i, text in enumerate(("{{ deres_ref }}", "{{ var_ref }}", "{{ dato }}", "{{ avsender.saksbehandler }}")):
        tbl.rows[1].cells[i].text = text
    rows_whole(tbl)
    p(doc, after=0)


def letter_foot(doc, lang, outro):
    """The last paragraph, closing and signature: kept together on one page."""
    words = LETTER[lang]
    keep_with_next(p(doc, outro, after=12), p(doc, words["closing"], after=20),
                   p(doc, "{{ avsender.underskriver }}", after=0))
    p(doc, "{{ avsender.underskriver_tittel }}", after=10)
    p(doc, words["officer"] + ": {{ avsender.saksbehandler }}{% if avsender.epost %}, {{ avsender.epost }}{% endif %}"
      "{% if avsender.telefon %}, tlf. {{ avsender.telefon }}{% endif %}", size=9, after=0)
    tag(doc, "{%p if kopi %}")
    p(doc, words["copy"] + " {{ kopi }}", size=9)
    tag(doc, "{%p endif %}")


def bullets(doc, items, var):
    tag(doc, "{%p for " + var + " in " + items + " %}")
    p(doc, "{{ " + var + " }}", style="List Bullet", after=2)
    tag(doc, "{%p endfor %}")


def admission(lang):
    t = ADMISSION[lang]
    doc = new_document(lang)
    letter_head(doc, lang)
    p(doc, t["subject"], style="Heading 1")
    p(doc, t["decision"])
    tag(doc, "{%p if sen_søknad %}")
    p(doc, t["late"])
    tag(doc, "{%p endif %}")
    p(doc, t["project"], bold=True)
    tag(doc, "{%p if deltakere %}")
    p(doc, t["joint"])
    tag(doc, "{%p endif %}")
    p(doc, t["grant"])
    tag(doc, "{%p if vilkår %}")
    p(doc, t["conditions_h"], style="Heading 2")
    p(doc, "{% if vilkår_fra_møtet %}" + t["conditions_meeting"] + "{% else %}" + t["conditions_edition"] + "{% endif %}")
    bullets(doc, "vilkår", "v")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if dispensasjon %}")
    p(doc, t["exempt_h"], style="Heading 2")
    p(doc, t["exempt"])
    tag(doc, "{%p if mangler %}")
    p(doc, t["exempt_list"])
    bullets(doc, "mangler", "m")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    letter_foot(doc, lang, t["outro"])
    return doc


def rejection(lang):
    t = REJECTION[lang]
    doc = new_document(lang)
    letter_head(doc, lang)
    p(doc, t["subject"], style="Heading 1")
    p(doc, t["decision"])
    p(doc, t["reason_h"], style="Heading 2")
    p(doc, "{{ begrunnelse }}")
    tag(doc, "{%p if mangler %}")
    p(doc, t["findings"])
    bullets(doc, "mangler", "m")
    tag(doc, "{%p endif %}")
    letter_foot(doc, lang, t["outro"])
    return doc


# --- minutes -----------------------------------------------------------------------------------

MINUTES = {
    "nb": {
        "title": "Protokoll", "meeting": "Møte i {{ organ_ubestemt }} for {{ program_navn }}",
        "date": "Dato: {{ møtedato }}", "place": "Sted: {{ sted }}", "case": "Sak: Opptak av kommuner i pulje {{ pulje }}",
        "present": "Til stede", "decisions": "Vedtak",
        "admitted": "Disse kommunene tas opp i programmet:",
        "h_kommune": "Kommune", "h_project": "Prosjekt", "h_grant": "Tilskudd", "h_reason": "Begrunnelse",
        "total": "Sum", "late_h": "Sene søknader",
        "late": "Disse søknadene kom etter fristen, ble behandlet i samme møte og føres opp for seg:",
        "rejected_h": "Avslag", "rejected": "Disse søknadene ble ikke innvilget:",
        "exempt_h": "Opptak tross mangler",
        "exempt": "Disse kommunene tas opp selv om søknaden hadde mangler. Begrunnelsen er gjengitt ordrett:",
        "money_h": "Økonomi",
        "awarded": "Tildelt i dette møtet: {{ sum_møte }}.",
        "earlier": "Tildelt tidligere fra samme budsjett: {{ sum_tidligere }}.",
        "budget": "Budsjettramme: {{ budsjett }}. Gjenstår etter møtet: {{ gjenstår }}.",
        "no_budget": "Ingen budsjettramme er oppgitt for {{ møteår }}, så ingen rest er regnet ut.",
        "approved": "Underskrifter",
    },
    "nn": {
        "title": "Protokoll", "meeting": "Møte i {{ organ_ubestemt }} for {{ program_navn }}",
        "date": "Dato: {{ møtedato }}", "place": "Stad: {{ sted }}", "case": "Sak: Opptak av kommunar i pulje {{ pulje }}",
        "present": "Til stades", "decisions": "Vedtak",
        "admitted": "Desse kommunane vert tekne opp i programmet:",
        "h_kommune": "Kommune", "h_project": "Prosjekt", "h_grant": "Tilskot", "h_reason": "Grunngjeving",
        "total": "Sum", "late_h": "Seine søknader",
        "late": "Desse søknadene kom etter fristen, vart handsama i same møte og vert førte opp for seg:",
        "rejected_h": "Avslag", "rejected": "Desse søknadene vart ikkje innvilga:",
        "exempt_h": "Opptak trass i manglar",
        "exempt": "Desse kommunane vert tekne opp sjølv om søknaden hadde manglar. Grunngjevinga er attgjeven ordrett:",
        "money_h": "Økonomi",
        "awarded": "Tildelt i dette møtet: {{ sum_møte }}.",
        "earlier": "Tildelt tidlegare frå same budsjett: {{ sum_tidligere }}.",
        "budget": "Budsjettramme: {{ budsjett }}. Att etter møtet: {{ gjenstår }}.",
        "no_budget": "Inga budsjettramme er oppgitt for {{ møteår }}, så ingen rest er rekna ut.",
        "approved": "Underskrifter",
    },
}


def minutes(lang):
    t = MINUTES[lang]
    doc = new_document(lang)
    p(doc, "{{ avsender.navn }}", bold=True, size=13, after=12)
    p(doc, t["title"], style="Title")
    p(doc, t["meeting"], bold=True, after=2)
    p(doc, t["date"], after=0)
    p(doc, t["place"], after=0)
    p(doc, t["case"], after=12)
    tag(doc, "{%p if til_stede %}")
    p(doc, t["present"], style="Heading 2")
    tag(doc, "{%p for d in til_stede %}")
    p(doc, "{{ d }}", style="List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    p(doc, t["decisions"], style="Heading 1")
    tag(doc, "{%p if opptatt %}")
    p(doc, t["admitted"])
    table(doc, [t["h_kommune"], t["h_project"], t["h_grant"]], ["{{ r.kommune }}", "{{ r.prosjekt }}", "{{ r.tilskudd }}"],
          loop="r in opptatt", widths=[4.5, 8.5, 3], total=[t["total"], "", "{{ sum_ordinære }}"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if sene %}")
    p(doc, t["late_h"], style="Heading 2")
    p(doc, t["late"])
    table(doc, [t["h_kommune"], t["h_project"], t["h_grant"]], ["{{ r.kommune }}", "{{ r.prosjekt }}", "{{ r.tilskudd }}"],
          loop="r in sene", widths=[4.5, 8.5, 3], total=[t["total"], "", "{{ sum_sene }}"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if avslått %}")
    p(doc, t["rejected_h"], style="Heading 2")
    p(doc, t["rejected"])
    table(doc, [t["h_kommune"], t["h_reason"]], ["{{ r.kommune }}", "{{ r.begrunnelse }}"], loop="r in avslått", widths=[4.5, 11.5])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if dispensasjoner %}")
    p(doc, t["exempt_h"], style="Heading 2")
    p(doc, t["exempt"])
    tag(doc, "{%p for r in dispensasjoner %}")
    p(doc, "{{ r.kommune }}: «{{ r.begrunnelse }}»", style="List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    p(doc, t["money_h"], style="Heading 2")
    p(doc, t["awarded"], after=0)
    tag(doc, "{%p if sum_tidligere %}")
    p(doc, t["earlier"], after=0)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if budsjett %}")
    keep_with_next(p(doc, t["budget"]))
    tag(doc, "{%p else %}")
    keep_with_next(p(doc, t["no_budget"]))
    tag(doc, "{%p endif %}")
    keep_with_next(p(doc, t["approved"], style="Heading 2"))
    signatures(doc, ["{{ underskrift_1 }}", "{{ underskrift_2 }}"])
    return doc


def signature_rows(doc, lines):
    """Signature lines two to a row, looping over ``underskrivere`` (pairs); ``lines`` are the
    attribute suffixes printed under each line, the last one small."""
    tbl = doc.add_table(rows=3, cols=2)
    tbl.autofit = False
    tbl.rows[0].cells[0].text = "{%tr for pair in underskrivere %}"
    for col in range(2):
        cell = tbl.rows[1].cells[col]
        cell.width = Cm(8)
        first = cell.paragraphs[0]
        first.add_run("{% if pair|length > " + str(col) + " %}" + "_" * 32)
        first.paragraph_format.space_before = Pt(28)
        first.paragraph_format.space_after = Pt(0)
        for i, suffix in enumerate(lines):
            last = i == len(lines) - 1
            para = cell.add_paragraph("{{ pair[" + str(col) + "]" + suffix + " }}" + ("{% endif %}" if last else ""))
            para.paragraph_format.space_after = Pt(0)
            if last:
                para.runs[0].font.size = Pt(9)
    tbl.rows[2].cells[0].text = "{%tr endfor %}"
    rows_whole(tbl)
    keep_table_together(tbl)
    return tbl


def signatures(doc, names, width=7.5):
    """A borderless table of signature lines, two to a row."""
    rows = (len(names) + 1) // 2
    tbl = doc.add_table(rows=rows, cols=2)
    tbl.autofit = False
    for i, name in enumerate(names):
        cell = tbl.rows[i // 2].cells[i % 2]
        cell.width = Cm(width)
        first = cell.paragraphs[0]
        first.add_run("_" * 32)
        first.paragraph_format.space_before = Pt(24)
        first.paragraph_format.space_after = Pt(0)
        para = cell.add_paragraph(name)
        para.runs[0].font.size = Pt(9)
    rows_whole(tbl)
    keep_table_together(tbl)
    return tbl


# --- the programme agreement -------------------------------------------------------------------

AGREEMENT = {
    "nb": {"source": "Kilde:",
           "h_post": "Post", "h_amount": "Beløp", "total": "Sum"},
    "nn": {"source": "Kjelde:",
           "h_post": "Post", "h_amount": "Beløp", "total": "Sum"},
}


def agreement(lang):
    """Title, the note that the text is a rendering, then the edition's clauses (the parties among them)
    each with its source; a budget table, place and date, and signatures only where the edition has them."""
    t = AGREEMENT[lang]
    doc = new_document(lang)
    tag(doc, "{%p if forslag %}")
    p(doc, "{{ forslag }}", bold=True, italic=True)
    tag(doc, "{%p endif %}")
    p(doc, "{{ tittel }}", style="Title")
    p(doc, "{{ programnavn }}", bold=True, size=13)
    tag(doc, "{%p if merknad %}")
    p(doc, "{{ merknad }}", italic=True, size=9, after=12)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for d in deler %}")
    p(doc, "{{ d.overskrift }}", style="Heading 1")
    tag(doc, "{%p for l in d.ledd %}")
    para = p(doc, "{{ l.tekst }} ")
    source = para.add_run(t["source"] + " {{ l.kilde }}")
    source.italic = True
    source.font.size = Pt(9)
    source.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if poster %}")
    keep_with_next(p(doc, "{{ budsjett_overskrift }}", style="Heading 2"))
    table(doc, [t["h_post"], t["h_amount"]], ["{{ r.post }}", "{{ r.beløp }}"], loop="r in poster", widths=[11, 5],
          total=[t["total"], "{{ ramme }}"])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if sted_dato %}")
    keep_with_next(p(doc, "{{ sted_dato }}", after=12))
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if underskrivere %}")
    signature_rows(doc, [".navn", ".part"])
    tag(doc, "{%p endif %}")
    return doc


# --- the application draft -----------------------------------------------------------------------

DRAFT = {
    "nb": {"title": "Søknad om deltakelse i {{ program_navn }}", "draft": "UTKAST – søknaden har {{ antall_feil }} {% if antall_feil == 1 %}åpen feil{% else %}åpne feil{% endif %}",
           "open_h": "Åpne funn", "open": "Disse funnene må rettes før søknaden sendes:", "signatures_h": "Underskrifter",
           "sign": ["Ordfører (folkevalgte)", "Rådmann (administrasjonen)", "Hovedtillitsvalgt (arbeidstakerorganisasjonene)"],
           "record": {"prosjekter": "Prosjekt {{ loop.index }}", "mål": "Mål {{ loop.index }}"},
           "place": "Sted og dato: ______________________"},
    "nn": {"title": "Søknad om deltaking i {{ program_navn }}", "draft": "UTKAST – søknaden har {{ antall_feil }} {% if antall_feil == 1 %}open feil{% else %}opne feil{% endif %}",
           "open_h": "Opne funn", "open": "Desse funna må rettast før søknaden vert send:", "signatures_h": "Underskrifter",
           "sign": ["Ordførar (folkevalde)", "Rådmann (administrasjonen)", "Hovudtillitsvald (arbeidstakarorganisasjonane)"],
           "record": {"prosjekter": "Prosjekt {{ loop.index }}", "mål": "Mål {{ loop.index }}"},
           "place": "Stad og dato: ______________________"},
}


def _var(key: str) -> str:
    return key.replace(".", "_")


def _fields_table(doc, columns, lang, source):
    """Label | value rows; a row whose value is unknown is left out (no empty rows), and where every
    value is unknown the table gives way to «ikke oppgitt» (a table needs a row)."""
    tag(doc, "{%p if " + " or ".join(f"{source}.{_var(c.key)}" for c in columns) + " %}")
    tbl = doc.add_table(rows=3 * len(columns), cols=2)
    tbl.style = "Table Grid"
    tbl.autofit = False
    tbl.columns[0].width, tbl.columns[1].width = Cm(5), Cm(11)
    for i, column in enumerate(columns):
        value = source + "." + _var(column.key)
        opening, row, closing = tbl.rows[3 * i: 3 * i + 3]
        opening.cells[0].text = "{%tr if " + value + " %}"
        closing.cells[0].text = "{%tr endif %}"
        row.cells[0].width, row.cells[1].width = Cm(5), Cm(11)
        row.cells[0].paragraphs[0].add_run(column.label(lang)).bold = True
        row.cells[1].text = "{{ " + value + " }}"
    rows_whole(tbl)
    tag(doc, "{%p else %}")
    p(doc, UNKNOWN[lang], italic=True)
    tag(doc, "{%p endif %}")
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


UNKNOWN = {"nb": "Ikke oppgitt.", "nn": "Ikkje oppgitt."}


# Column widths (cm, 16 in all) where equal widths would break a long word such as
# «Utdanningsforbundet» or «Administrasjon» inside the word, which a PDF reader cannot undo.
DRAFT_WIDTHS = {"styringsgruppe": [3.0, 3.0, 3.3, 4.2, 2.5], "arbeidstakerorganisasjoner": [5.0, 4.5, 3.5, 3.0]}


def draft(lang):
    from kvkdocs.docmodel import SECTIONS

    t = DRAFT[lang]
    doc = new_document(lang)
    tag(doc, "{%p if antall_feil %}")
    p(doc, t["draft"], bold=True, size=13)
    tag(doc, "{%p endif %}")
    p(doc, t["title"], style="Title")
    p(doc, "{{ kommune }}", bold=True, size=13, after=12)
    tag(doc, "{%p if funn %}")
    p(doc, t["open_h"], style="Heading 1")
    p(doc, t["open"])
    tag(doc, "{%p for f in funn %}")
    p(doc, "{{ f }}", style="List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    for section in SECTIONS:
        tag(doc, "{%p if vis." + section.key + " %}")
        p(doc, section.title(lang), style="Heading 1")
        if section.kind == "fields":
            _fields_table(doc, section.columns, lang, section.key)
        elif section.kind == "table":
            widths = DRAFT_WIDTHS.get(section.key) or [16 / len(section.columns)] * len(section.columns)
            table(doc, [c.label(lang) for c in section.columns], ["{{ r." + _var(c.key) + " }}" for c in section.columns],
                  loop="r in " + section.key, widths=widths)
        elif section.kind == "records":
            tag(doc, "{%p for r in " + section.key + " %}")
            p(doc, t["record"][section.key], style="Heading 2")
            _fields_table(doc, section.columns, lang, "r")
            tag(doc, "{%p endfor %}")
        elif section.kind == "list":
            tag(doc, "{%p for item in " + section.key + " %}")
            p(doc, "{{ item }}", style="List Bullet")
            tag(doc, "{%p endfor %}")
        else:
            tag(doc, "{%p for para in " + section.key + " %}")
            p(doc, "{{ para }}")
            tag(doc, "{%p endfor %}")
        tag(doc, "{%p endif %}")
    keep_with_next(p(doc, t["signatures_h"], style="Heading 1"), p(doc, t["place"], after=6))
    signatures(doc, t["sign"])
    return doc


# --- the local cooperation agreement -------------------------------------------------------------

LOCAL = {
    "nb": {
        "title": "Lokal samarbeidsavtale", "sub": "{{ kommune }} – {{ program_navn }}",
        "draft": "UTKAST – søknaden mangler ennå noe av det avtalen forutsetter (se kontrollen)",
        "note": ("Avtaleteksten er et forslag fra kvkdocs som partene kan endre før de skriver under. Prinsippene for "
                 "samarbeidet gjengir med prosjektets egne ord forutsetningene for trepartssamarbeid slik "
                 "Kvalitetskommuneprogrammet beskriver dem: likeverdige parter, dialog, felles forståelse og felles ansvar."),
        "parties_h": "Parter",
        "parties": "Avtalen er inngått mellom de folkevalgte, administrasjonen og arbeidstakerorganisasjonene i {{ kommune }}:",
        "p_elected": "De folkevalgte, ved ordføreren", "p_admin": "Administrasjonen, ved rådmannen",
        "purpose_h": "Formål",
        "purpose": ("Partene samarbeider om kommunens deltakelse i {{ program_navn }}{% if prosjekter %} med "
                    "{{ prosjekter }}{% endif %}. Målet er bedre tjenester for innbyggerne og gode arbeidsplasser for de ansatte."),
        "steering_h": "Styringsgruppe",
        "steering": "Arbeidet ledes av en styringsgruppe der alle tre parter er med:",
        "h_name": "Navn", "h_party": "Part", "h_role": "Rolle",
        "how_h": "Slik samarbeider partene",
        "how": ["Partene er likeverdige, og hver part tar med seg sin kunnskap og sitt ståsted inn i arbeidet.",
                "Samarbeidet skjer gjennom dialog, ikke forhandling. Uenighet tas opp åpent i styringsgruppen.",
                "Partene arbeider for en felles forståelse av utfordringene og av hva prosjektet skal oppnå.",
                "Partene har et felles ansvar for gjennomføringen, for å informere de ansatte og for å evaluere resultatene.",
                "Utenfor prosjektet beholder hver part sine vanlige roller."],
        "unions_h": "Forankring i arbeidstakerorganisasjonene",
        "unions": "Arbeidet er forankret i alle arbeidstakerorganisasjonene som er representert i kommunen: {{ organisasjoner }}.",
        "signatures_h": "Underskrifter", "place": "Sted og dato: ______________________",
    },
    "nn": {
        "title": "Lokal samarbeidsavtale", "sub": "{{ kommune }} – {{ program_navn }}",
        "draft": "UTKAST – søknaden manglar enno noko av det avtalen føreset (sjå kontrollen)",
        "note": ("Avtaleteksten er eit framlegg frå kvkdocs som partane kan endre før dei skriv under. Prinsippa for "
                 "samarbeidet gjev att med eigne ord frå prosjektet føresetnadene for trepartssamarbeid slik "
                 "Kvalitetskommuneprogrammet skildrar dei: likeverdige partar, dialog, felles forståing og felles ansvar."),
        "parties_h": "Partar",
        "parties": "Avtalen er inngått mellom dei folkevalde, administrasjonen og arbeidstakarorganisasjonane i {{ kommune }}:",
        "p_elected": "Dei folkevalde, ved ordføraren", "p_admin": "Administrasjonen, ved rådmannen",
        "purpose_h": "Føremål",
        "purpose": ("Partane samarbeider om deltakinga til kommunen i {{ program_navn }}{% if prosjekter %} med "
                    "{{ prosjekter }}{% endif %}. Målet er betre tenester for innbyggjarane og gode arbeidsplassar for dei tilsette."),
        "steering_h": "Styringsgruppe",
        "steering": "Arbeidet vert leidd av ei styringsgruppe der alle tre partane er med:",
        "h_name": "Namn", "h_party": "Part", "h_role": "Rolle",
        "how_h": "Slik samarbeider partane",
        "how": ["Partane er likeverdige, og kvar part tek med seg kunnskapen og ståstaden sin inn i arbeidet.",
                "Samarbeidet skjer gjennom dialog, ikkje forhandling. Usemje vert teken opp ope i styringsgruppa.",
                "Partane arbeider for ei felles forståing av utfordringane og av kva prosjektet skal oppnå.",
                "Partane har eit felles ansvar for gjennomføringa, for å informere dei tilsette og for å evaluere resultata.",
                "Utanfor prosjektet held kvar part på dei vanlege rollene sine."],
        "unions_h": "Forankring i arbeidstakarorganisasjonane",
        "unions": "Arbeidet er forankra i alle arbeidstakarorganisasjonane som er representerte i kommunen: {{ organisasjoner }}.",
        "signatures_h": "Underskrifter", "place": "Stad og dato: ______________________",
    },
}


def local_agreement(lang):
    t = LOCAL[lang]
    doc = new_document(lang)
    tag(doc, "{%p if utkast %}")
    p(doc, t["draft"], bold=True, size=13)
    tag(doc, "{%p endif %}")
    p(doc, t["title"], style="Title")
    p(doc, t["sub"], bold=True, size=13)
    p(doc, t["note"], italic=True, size=9, after=12)
    p(doc, t["parties_h"], style="Heading 1")
    p(doc, t["parties"])
    p(doc, t["p_elected"], style="List Bullet")
    p(doc, t["p_admin"], style="List Bullet")
    tag(doc, "{%p for o in organisasjonsliste %}")
    p(doc, "{{ o }}", style="List Bullet")
    tag(doc, "{%p endfor %}")
    p(doc, t["purpose_h"], style="Heading 1")
    p(doc, t["purpose"])
    p(doc, t["steering_h"], style="Heading 1")
    p(doc, t["steering"])
    table(doc, [t["h_name"], t["h_party"], t["h_role"]], ["{{ r.navn }}", "{{ r.part }}", "{{ r.rolle }}"],
          loop="r in styringsgruppe", widths=[5.5, 4.5, 6])
    p(doc, t["how_h"], style="Heading 1")
    for line in t["how"]:
        p(doc, line, style="List Bullet")
    p(doc, t["unions_h"], style="Heading 1")
    p(doc, t["unions"])
    keep_with_next(p(doc, t["signatures_h"], style="Heading 1"), p(doc, t["place"], after=6))
    signature_rows(doc, [""])
    return doc


# --- the receipt a municipality gets when it sends its application in the browser -----------------------

RECEIPT = {
    "nb": {
        "title": "Kvittering for innsendt søknad",
        "intro": "Søknaden er sendt inn. Ta vare på kvitteringen.",
        "kommune": "Kommune", "runde": "Runde", "sendt": "Sendt inn", "versjon": "Versjon",
        "sha": "SHA-256 av det som ble sendt inn", "vurdering": "Vurdering da den ble sendt inn",
        "verdict": "{% if uten_feil %}Uten feil{% else %}{{ feil }} feil{% endif %}"
                   "{% if advarsler == 1 %}, 1 advarsel{% elif advarsler %}, {{ advarsler }} advarsler{% endif %}",
        "frist": "Frist",
        "late": "Søknaden kom etter fristen {{ frist }}. Den er tatt imot og merket som for sen.",
        "signed": "Signerte dokumenter lagt ved",
        "sekretariatet": "Sekretariatet",
        "no_sender": "Sekretariatet har ikke oppgitt noen adresse for runden ennå.",
    },
    "nn": {
        "title": "Kvittering for innsend søknad",
        "intro": "Søknaden er sendt inn. Ta vare på kvitteringa.",
        "kommune": "Kommune", "runde": "Runde", "sendt": "Sendt inn", "versjon": "Versjon",
        "sha": "SHA-256 av det som vart sendt inn", "vurdering": "Vurdering då han vart sendt inn",
        "verdict": "{% if uten_feil %}Utan feil{% else %}{{ feil }} feil{% endif %}"
                   "{% if advarsler == 1 %}, 1 åtvaring{% elif advarsler %}, {{ advarsler }} åtvaringar{% endif %}",
        "frist": "Frist",
        "late": "Søknaden kom etter fristen {{ frist }}. Han er teken imot og merkt som for sein.",
        "signed": "Signerte dokument lagde ved",
        "sekretariatet": "Sekretariatet",
        "no_sender": "Sekretariatet har ikkje oppgitt nokon adresse for runden enno.",
    },
}


def receipt(lang):
    """Title, a two-column table of what was received, and the secretariat's address.

    Optional rows are ``{%tr if %}`` / ``{%tr for %}`` rows of their own, so a
    receipt without a late mark or signed documents has no empty row.
    """
    t = RECEIPT[lang]
    doc = new_document(lang)
    p(doc, t["title"], style="Title")
    p(doc, t["intro"], after=10)
    rows = [(t["kommune"], "{{ kommune }} ({{ kommunenummer }})"), (t["runde"], "{{ runde }}"),
            (t["sendt"], "{{ sendt }}"), (t["versjon"], "{{ versjon }}"), (t["sha"], "{{ sha256 }}"),
            (t["vurdering"], t["verdict"]),
            ("{%tr if for_sen %}", None), (t["frist"], t["late"]), ("{%tr endif %}", None),
            ("{%tr for d in signerte %}", None), (t["signed"], "{{ d.filnavn }}\nSHA-256 {{ d.sha256 }}"),
            ("{%tr endfor %}", None)]
    tbl = doc.add_table(rows=len(rows) + 1, cols=2)
    tbl.style = "Table Grid"
    tbl.alignment = WD_TABLE_ALIGNMENT.LEFT
    for row, (label, value) in zip(tbl.rows, rows, strict=False):
        row.cells[0].text = label
        if value is not None:
            row.cells[1].text = value
            row.cells[0].paragraphs[0].runs[0].bold = True
    # The address: one paragraph per line the round gives, or a sentence saying there is none.
    last = tbl.rows[-1].cells
    last[0].text = t["sekretariatet"]
    last[0].paragraphs[0].runs[0].bold = True
    cell = last[1]
    cell.text = "{%p if avsender.linjer or avsender.epost %}"
    for text in ("{%p for linje in avsender.linjer %}", "{{ linje }}", "{%p endfor %}",
                 "{%p if avsender.epost %}", "{{ avsender.epost }}", "{%p endif %}",
                 "{%p if avsender.telefon %}", "{{ avsender.telefon }}", "{%p endif %}",
                 "{%p else %}", t["no_sender"], "{%p endif %}"):
        cell.add_paragraph(text)
    for para in cell.paragraphs:
        para.paragraph_format.space_after = Pt(0)
    tbl.autofit = False
    for i, width in enumerate((5.5, 10.5)):
        tbl.columns[i].width = Cm(width)  # the grid LibreOffice lays out by
        for row in tbl.rows:
            row.cells[i].width = Cm(width)
    rows_whole(tbl)
    return doc


def save(doc, path: Path, title: str) -> None:
    """Save with fixed core properties: the template itself is reproducible, and the
    rendered documents get their title and date from the data."""
    core = doc.core_properties
    core.author = "{{ avsender.navn }}"
    core.title = title
    core.comments = ""
    buffer = io.BytesIO()
    doc.save(buffer)
    src = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"<dcterms:(created|modified) ([^>]*)>[^<]*<", r"<dcterms:\1 \2>{{ dokumentdato_iso }}<", text)
                text = text.replace("<dc:description>generated by python-docx</dc:description>", "<dc:description/>")
                text = text.replace("<cp:lastModifiedBy/>", "<cp:lastModifiedBy>{{ avsender.navn }}</cp:lastModifiedBy>")
                data = text.encode("utf-8")
            if info.filename == "docProps/thumbnail.jpeg":
                continue
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                text = data.decode("utf-8")
                text = re.sub(r'<Relationship [^>]*thumbnail[^>]*/>', "", text)
                text = re.sub(r'<Default Extension="jpeg"[^>]*/>', "", text)
                data = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, data)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (ROOT / "templates" / "avtale").mkdir(parents=True, exist_ok=True)
    for lang in ("nb", "nn"):
        save(admission(lang), OUT / f"opptaksbrev.{lang}.docx", ADMISSION[lang]["subject"])
        save(rejection(lang), OUT / f"avslag.{lang}.docx", REJECTION[lang]["subject"])
        save(minutes(lang), OUT / f"protokoll.{lang}.docx", "Protokoll – {{ program_navn }}, pulje {{ pulje }}")
        save(agreement(lang), ROOT / "templates" / "avtale" / f"programavtale.{lang}.docx", "{{ tittel }}")
        save(draft(lang), ROOT / "templates" / "soknad" / f"soknad.{lang}.docx", DRAFT[lang]["title"])
        save(local_agreement(lang), ROOT / "templates" / "avtale" / f"samarbeidsavtale.{lang}.docx",
             LOCAL[lang]["title"] + " – {{ kommune }}")
        (ROOT / "templates" / "kvittering").mkdir(parents=True, exist_ok=True)
        save(receipt(lang), ROOT / "templates" / "kvittering" / f"kvittering.{lang}.docx",
             RECEIPT[lang]["title"] + " – {{ kommune }}")


if __name__ == "__main__":
    main()
