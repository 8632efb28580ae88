"""The secretariat's own templates: which file each document is rendered from, and checking them first.

A user keeps a folder of Word templates (``--templates``, ``KVKDOCS_TEMPLATES``
or ``maler:`` in the meeting file), named like the shipped ones
(``opptaksbrev.nb.docx``). Each document is rendered from the user's
template where the folder has one for its kind and målform, and from the
shipped one otherwise. A user's template is checked before anything is
written: it opens as Word, its tags are whole, balanced and parse, every
value it uses exists in the data, and it renders on the example meeting.

Every problem is a message key and its values (:class:`~kvkdocs.messages.Text`),
so ``kvkdocs templates check``, a batch's error and the web say it in the
reader's målform.

The contexts a template is checked against come from the modules that
build them for real documents (:mod:`kvkdocs.letters`,
:mod:`kvkdocs.agreement`, :mod:`kvkdocs.draft`): each registers a sample
builder here with :func:`register_samples`, so this layer never imports
them, and the names a template may use can never drift from what the
renderer gives.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import TemplateError, os_reason_text
from ..messages import Lines, Text, Word, choice
from ..resources import resource_dir
from .docx import CompiledDocx, environment
from .templatedata import Shape
from .wordtags import TemplateProblem, WordTemplate, check_template

ENV_VARIABLE = "KVKDOCS_TEMPLATES"
LANGS = ("nb", "nn")
MAX_TEMPLATE = 50 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    """A kind of document with a template per målform."""

    name: str
    folder: str  # where the shipped template lives, under templates/
    title: str  # what it is, for people
    command: str  # the command that writes it


KINDS = {k.name: k for k in (
    Kind("opptaksbrev", "brev", "Opptaksbrev, ett til hver kommune som tas opp", "kvkdocs letters"),
    Kind("avslag", "brev", "Avslagsbrev, ett til hver kommune som får avslag", "kvkdocs letters"),
    Kind("protokoll", "brev", "Protokollen fra vedtaksmøtet", "kvkdocs letters, kvkdocs minutes"),
    Kind("programavtale", "avtale", "Den sentrale programavtalen for en programutgave", "kvkdocs agreement programme"),
    Kind("samarbeidsavtale", "avtale", "Den lokale samarbeidsavtalen for en kommune", "kvkdocs agreement local"),
    Kind("soknad", "soknad", "Søknaden som Word-dokument", "kvkdocs draft"),
)}
LETTER_KINDS = ("opptaksbrev", "avslag", "protokoll")
OTHER_FORMATS = (".dotx", ".dot", ".doc", ".docm", ".odt", ".rtf")

Samples = Callable[[str], list[dict]]  # målform -> the example contexts of one kind
_SAMPLES: dict[str, Samples] = {}


def register_samples(kind: str, builder: Samples) -> None:
    """Called by the module that builds ``kind``'s context: how to make example contexts for it."""
    _SAMPLES[kind] = builder


def sample_contexts(kind: str, lang: str) -> list[dict]:
    """The example contexts of ``kind`` in ``lang``, from its own context builder."""
    if kind not in _SAMPLES:  # a programming error: the module that builds the context was not imported
        raise RuntimeError(f"no sample builder registered for {kind}; import the module that renders it")
    return _SAMPLES[kind](lang)


def kind_shape(kind: str) -> Shape:
    """Every value a ``kind`` template may use, in both målformer (the keys are the same).

    The fullest example comes first, so the README's examples come from one
    document where they can, not a mix of several.
    """
    contexts = [c for lang in LANGS for c in sample_contexts(kind, lang)]
    return Shape.of(*sorted(contexts, key=_filled, reverse=True))


def _filled(value) -> int:
    if isinstance(value, dict):
        return sum(_filled(v) for v in value.values())
    if isinstance(value, list):
        return sum(_filled(v) for v in value) if value else 0
    return 0 if value in (None, "", False) else 1


def key(kind: str, lang: str) -> str:
    return f"{kind}.{lang}"


def shipped_path(template_key: str) -> Path:
    kind = template_key.split(".", 1)[0]
    return resource_dir("templates") / KINDS[kind].folder / f"{template_key}.docx"


def all_keys() -> list[str]:
    return [key(kind, lang) for kind in KINDS for lang in LANGS]


# --- the user's folder --------------------------------------------------------------------------------

@dataclass(frozen=True)
class TemplateFolder:
    """A folder of the user's templates, and where it was named (for messages: a :class:`Text`, a
    :class:`Word` such as the choice «--templates», or a plain name)."""

    path: Path
    origin: Text | Word | str

    def problems(self) -> list[Text]:
        """What is wrong with the folder itself: missing, or holding a file kvkdocs would not use."""
        if not self.path.is_dir():
            export = Text("choice.templates-export-to", {"folder": str(self.path)})
            return [Text("templates.folder-missing", {"path": str(self.path), "origin": self.origin, "export": export})]
        found: list[Text] = []
        known = set(all_keys())
        for entry in sorted(self.path.iterdir()):
            name = entry.name
            if name.startswith((".", "~$")) or not entry.is_file():
                continue  # hidden files, and the lock file Word keeps beside an open document
            stem, suffix = _split_name(name)
            if suffix in OTHER_FORMATS and stem in known:
                found.append(Text("templates.other-format", {"name": name, "stem": stem}))
            elif suffix == ".docx" and stem not in known:
                close = _closest(stem, known)
                hint = Text("templates.did-you-mean", {"name": close}) if close else ""
                found.append(Text("templates.unknown-name", {"name": name, "close": hint}))
        return found

    def user_keys(self) -> list[str]:
        return [k for k in all_keys() if (self.path / f"{k}.docx").is_file()]

    def path_for(self, template_key: str) -> Path:
        own = self.path / f"{template_key}.docx"
        return own if own.is_file() else shipped_path(template_key)


def _split_name(name: str) -> tuple[str, str]:
    stem, dot, suffix = name.rpartition(".")
    return (stem, "." + suffix.lower()) if dot else (name, "")


def _closest(stem: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(stem.lower(), sorted(known), n=1, cutoff=0.6)
    return close[0] if close else ""


def choose_folder(option: TemplateFolder | os.PathLike | str | None, meeting_path: Path | None = None,
                  meeting_entry: str | None = None, fallback: Path | None = None) -> TemplateFolder | None:
    """The folder a command uses: ``--templates``, else the meeting file's ``maler:``, else $KVKDOCS_TEMPLATES.

    The most particular wins: a meeting file may name its own, and the
    environment gives the secretariat's default. ``fallback`` is the
    application's setting (:attr:`kvkdocs.application.Settings.templates_dir`),
    for a caller that set it in code rather than in the environment.
    """
    if isinstance(option, TemplateFolder):
        return option  # already chosen by the caller
    if option:
        return TemplateFolder(Path(option), choice("templates"))
    if meeting_entry and meeting_path is not None:
        return TemplateFolder(Path(meeting_path).parent / meeting_entry,
                              Text("templates.origin-meeting", {"path": str(meeting_path)}))
    if os.environ.get(ENV_VARIABLE):
        return TemplateFolder(Path(os.environ[ENV_VARIABLE]), Text("templates.origin-environment", {"name": ENV_VARIABLE}))
    if fallback is not None:
        return TemplateFolder(Path(fallback), Text("templates.origin-setting"))
    return None


# --- checking one template -------------------------------------------------------------------------

def check_file(path: Path, template_key: str) -> list[Text]:
    """Every problem of the user's template at ``path`` for ``template_key``: [] when it can be used."""
    kind, lang = template_key.split(".", 1)
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_TEMPLATE:
            return [Text("template.too-big", {"name": name, "size": size // 1_000_000})]
        data = path.read_bytes()
    except OSError as exc:
        return [Text("template.unreadable", {"path": str(path), "reason": os_reason_text(exc)})]
    try:
        word = WordTemplate.read(data, name)
    except TemplateProblem as exc:
        return [exc.text]
    env = environment()
    problems = check_template(word, kind_shape(kind), env)
    if problems:
        return problems
    try:
        compiled = CompiledDocx(path, env)
    except TemplateError as exc:
        return [_text_of(exc)]
    except Exception as exc:  # noqa: BLE001 - python-docx on a file Word would repair
        return [Text("template.not-word", {"name": name, "error": type(exc).__name__})]
    for part, xml in compiled.patched.items():
        problems.extend(word.unmerged(part, xml))
    if problems:
        return problems
    titles = set()
    for number, context in enumerate(sample_contexts(kind, lang), start=1):
        try:
            _, title = compiled.render_with_title(context)
        except TemplateError as exc:
            return [_on_example(exc, number, kind)]
        titles.add(title)
    if not any(titles):
        problems.append(Text("template.no-title", {"name": name}))
    return problems


def _text_of(exc: TemplateError) -> Text:
    return exc.text if exc.text is not None else Text("sentence.as-said", {"sentence": str(exc)})


def _on_example(exc: TemplateError, number: int, kind: str) -> Text:
    """A template that fails on example ``number`` of ``kind``: what rendering said, after which example it was."""
    from ..messages import MESSAGES

    text = _text_of(exc)
    own = "template.example." + text.key.removeprefix("template.")
    if own in MESSAGES:  # the sentence as one, «… for avslag: malen avslag.nb.docx kunne ikke fylles ut …»
        return Text(own, {**text.values, "number": number, "kind": kind})
    return Text("template.example-failed", {"number": number, "kind": kind, "problem": text})


class TemplateSet:
    """The templates one command renders from, compiled once: the user's where the folder has one."""

    def __init__(self, folder: TemplateFolder | None = None) -> None:
        self.folder = folder
        self._compiled: dict[str, CompiledDocx] = {}

    def path(self, template_key: str) -> Path:
        return self.folder.path_for(template_key) if self.folder else shipped_path(template_key)

    def is_users(self, template_key: str) -> bool:
        return self.folder is not None and self.path(template_key) != shipped_path(template_key)

    def get(self, template_key: str) -> CompiledDocx:
        if template_key not in self._compiled:
            self._compiled[template_key] = CompiledDocx(self.path(template_key))
        return self._compiled[template_key]

    def check_users(self, kinds: Iterable[str]) -> None:
        """Check the folder and each user template of ``kinds``; raise one error listing every problem."""
        if self.folder is None:
            return
        problems = self.folder.problems()
        if not problems:
            for kind in kinds:
                for lang in LANGS:
                    template_key = key(kind, lang)
                    if self.is_users(template_key):
                        problems.extend(check_file(self.path(template_key), template_key))
        if problems:
            raise TemplateError.said(_summary(problems, self.folder), template=str(self.folder.path))


def _summary(problems: list[Text], folder: TemplateFolder) -> Text:
    """Every problem of the folder, one on each line, and how to check it again."""
    path = str(folder.path)
    return Text("templates.problems-one" if len(problems) == 1 else "templates.problems", {
        "path": path, "origin": folder.origin, "count": len(problems),
        "lines": Lines(tuple(Text("templates.problem", {"problem": p}) for p in problems)),
        "check": Text("choice.templates-check", {"folder": path})})


def open_template(kind: str, lang: str, option: os.PathLike | str | None = None) -> CompiledDocx:
    """The compiled template for one document: the user's (checked first) or the shipped one."""
    templates = TemplateSet(choose_folder(option))
    templates.check_users([kind])
    return templates.get(key(kind, lang))
