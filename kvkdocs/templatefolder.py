"""A folder of the secretariat's own templates: written to start from, described, and checked.

``kvkdocs templates export DIR`` copies every shipped template (each kind,
both målformer) into a folder, with a README that lists every value and
loop each template may use, its type and an example. The list is made from
the example contexts of the very builders the documents are rendered from
(:func:`kvkdocs.render.usertemplates.kind_shape`), so it cannot drift from
what the renderer gives. ``kvkdocs templates check DIR`` runs the check
every batch runs before it writes anything.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import agreement, draft, letters  # noqa: F401  (each registers its example contexts)
from ._version import __version__
from .files import OutputError, OutputFile, shown
from .messages import Text
from .render.templatedata import Shape
from .render.usertemplates import KINDS, LANGS, TemplateFolder, check_file, key, kind_shape, shipped_path

README = "README.md"
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")
TEMPLATE_DATE = b"2000-01-01T00:00:00Z"


def exported_copy(path: Path) -> bytes:
    """A shipped template as a user gets it: the same, but with real dates in its properties.

    The shipped templates carry ``{{ dokumentdato_iso }}`` as their created and
    modified dates; Word may refuse such a date when it opens the file. The
    renderer stamps the document's own date on every document anyway.
    """
    source = zipfile.ZipFile(path)
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(lambda m: m.group(1) + TEMPLATE_DATE + m.group(3), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16  # a regular file: Word for Mac warns about members without it
            out.writestr(fixed, data)
    return buffer.getvalue()


def export(folder: Path, force: bool = False) -> list[Path]:
    """Write every shipped template and the README into ``folder``; all files or none."""
    if folder.exists() and not folder.is_dir():
        raise OutputError.said(Text("output.templates-folder-is-file", {"path": shown(folder)}))
    files = {folder / f"{key(kind, lang)}.docx": shipped_path(key(kind, lang)) for kind in KINDS for lang in LANGS}
    targets = [OutputFile(path, force=force) for path in [*files, folder / README]]  # every check before any write
    contents = [exported_copy(source) for source in files.values()] + [describe().encode("utf-8")]
    for target, content in zip(targets, contents, strict=True):
        target.write(content)
    return [t.path for t in targets]


# --- the README ------------------------------------------------------------------------------------

INTRO = """# Maler for kvkdocs

Denne mappen har Word-malene som følger med kvkdocs {version}: én fil per
dokumenttype og målform (`nb` = bokmål, `nn` = nynorsk). Gjør dem til
sekretariatets egne i Word: brevhode med logo, topptekst og bunntekst,
sidetall, stiler, underskrift og formuleringer.

```
kvkdocs templates export maler/            # denne mappen, å begynne med
# rediger maler/opptaksbrev.nb.docx og de andre i Word, og lagre som Word-dokument (.docx)
kvkdocs templates check maler/             # kontroller malene før bruk
kvkdocs letters møte.yaml -a søknader/ -o ut/ --templates maler/
```

- Behold filnavnene (`opptaksbrev.nb.docx` …) og lagre som Word-dokument
  (.docx). Godta eller avvis sporede endringer og slett kommentarer før du
  lagrer: ellers ville de kommet med i hvert dokument.
- En mal som ikke ligger i mappen, tas fra kvkdocs. Slett de malene du ikke
  vil endre, så får du kvkdocs' nye versjoner ved neste oppgradering.
- Mappen kan også oppgis med `maler: maler/` i møtefilen (stien regnes fra
  møtefilen) eller med miljøvariabelen `KVKDOCS_TEMPLATES`. `--templates`
  går foran `maler:`, som går foran miljøvariabelen.
- Før en batch skriver noe, kontrolleres malene: at de åpnes som Word, at
  taggene er hele og lukket, at hvert navn finnes i dataene under, og at
  malen kan fylles ut med et eksempelmøte.
- Taggene er docxtpl: `{{{{ navn }}}}` setter inn en verdi, `{{%p if navn %}}` …
  `{{%p endif %}}` (hver i et eget avsnitt) tar med avsnittene mellom bare når
  verdien finnes, `{{%p for x in liste %}}` … `{{%p endfor %}}` gjentar dem, og
  `{{%tr for r in liste %}}` … `{{%tr endfor %}}` gjentar en tabellrad.
- Tittelen under Fil → Info → Egenskaper → Tittel blir arkivtittelen i
  `manifest.csv`; den kan ha tagger, for eksempel
  `Opptak i {{{{ program_navn }}}} – pulje {{{{ pulje }}}}`.

Navnene under er alle verdiene hver mal kan bruke. Et navn med `[]` er et
felt i hvert element av en liste: `opptatt[].kommune` skrives
`{{{{ r.kommune }}}}` inne i `{{%tr for r in opptatt %}}` … `{{%tr endfor %}}`.
Eksemplene er fra et oppdiktet eksempelmøte.
"""


def _example(shape: Shape) -> str:
    if shape.kind == "dict":
        return ""
    if shape.kind == "list":
        if shape.item is not None and shape.item.kind == "value" and shape.item.example not in (None, ""):
            return _cell(f"«{shape.item.example}», …")
        if not shape.example:
            return "tom i eksempelet"
        return f"{shape.example} {'element' if shape.example == 1 else 'elementer'} i eksempelet"
    value = shape.example
    if isinstance(value, bool):
        return "ja" if value else "nei"
    return _cell(f"«{value}»") if value not in (None, "") else "tom i eksempelet"


def _usage(path: str, shape: Shape) -> str:
    """How a tag uses the name: a value, a condition, or a loop (a field of a list's items through its loop variable)."""
    name = path.rsplit("[].", 1)[-1] if "[]." in path else path
    name = f"x.{name}" if "[]." in path else name
    if shape.kind == "dict":
        return ""
    if shape.kind == "list":
        row = shape.item is not None and shape.item.kind in ("dict", "list")
        return f"`{{%{'tr' if row else 'p'} for x in {name} %}}` … `{{%{'tr' if row else 'p'} endfor %}}`"
    if shape.type_name == "ja/nei":
        return f"`{{%p if {name} %}}` … `{{%p endif %}}`"
    return f"`{{{{ {name} }}}}`"


def _cell(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= limit else text[:limit - 1] + "…»"


def describe() -> str:
    """The README of a template folder: every template, and every name it may use with type and example."""
    parts = [INTRO.format(version=__version__)]
    for kind in KINDS.values():
        parts.append(f"\n## {kind.name}.nb.docx og {kind.name}.nn.docx\n\n{kind.title} (`{kind.command}`).\n\n"
                     "| navn | type | eksempel | skrives i malen |\n|---|---|---|---|\n")
        for path, shape in kind_shape(kind.name).walk():
            parts.append(f"| `{path}` | {shape.describe_type()} | {_example(shape)} | {_usage(path, shape)} |\n")
    return "".join(parts)


def documented_names(readme: str) -> dict[str, set[str]]:
    """The names a README lists, by template kind (what a test compares with the contexts)."""
    found: dict[str, set[str]] = {}
    current = None
    for line in readme.splitlines():
        heading = re.match(r"## (\w+)\.nb\.docx", line)
        if heading:
            current = found.setdefault(heading.group(1), set())
        elif current is not None and line.startswith("| `"):
            current.add(line.split("`")[1])
    return found


# --- checking a folder -------------------------------------------------------------------------------

@dataclass
class FolderCheck:
    """What ``kvkdocs templates check`` says: the folder's problems, each template's, and what is shipped.

    Each problem is a message key and its values, said in a målform by whoever shows it."""

    folder: Path
    problems: list[Text] = field(default_factory=list)
    checked: dict[str, list[Text]] = field(default_factory=dict)  # file name -> problems ([] = ok)
    shipped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(self.checked.values())


def check_folder(folder: Path) -> FolderCheck:
    """Check every template in ``folder`` as a batch would, and name the kinds left to the shipped ones."""
    user = TemplateFolder(folder, Text("templates.origin-given"))
    result = FolderCheck(folder, user.problems())
    if not folder.is_dir():
        return result
    for template_key in user.user_keys():
        result.checked[f"{template_key}.docx"] = check_file(folder / f"{template_key}.docx", template_key)
    result.shipped = [f"{k}.docx" for k in (key(kind, lang) for kind in KINDS for lang in LANGS)
                      if k not in user.user_keys()]
    return result
