"""The checker: from a file (or data) to a :class:`FileResult`.

One :class:`Checker` is built per run; it compiles the schemas once, loads
the register and the editions once, and then checks any number of files.
Loading problems become ``input.*`` findings, never exceptions, so one bad
file never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .errors import LoadError
from .findings import ChecklistItem, Citation, Finding, Location, Severity, Status
from .load import Document, load_file
from .load.dispatch import ROUND_FILES, document_kind
from .load.inbox import Inbox
from .load.inbox import scan as scan_inbox
from .messages import Forms, Text, note_text, render
from .programmes import Catalogue, Programme
from .register import load_register
from .resources import load_schema
from .result import FileResult
from .rules import NOT_APPLICABLE, RULES, RuleContext
from .rules.consistency import application_dates
from .validation import SCHEMA_RULE, SchemaValidator

SCHEMAS = {"søknad": "soknad", "møte": "mote", "runde": "runde", "programutgave": "programutgave"}


class Checker:
    """Checks applications and meeting files against a programme edition."""

    def __init__(self, programme: str | None = None, *, deadline: dt.date | None = None,
                 lang: str = "nb", programme_dirs: Iterable[Path] = (), roots: Iterable[Path] = (),
                 catalogue: Catalogue | None = None, reader=None) -> None:
        """``catalogue`` and ``reader`` are an application's (see :class:`kvkdocs.application.Application`):
        shared, and left open by :meth:`close`; without them the checker builds and closes its own."""
        self.catalogue = catalogue if catalogue is not None else Catalogue(programme_dirs)
        self.forced = self.catalogue.get(programme) if programme else None
        self.deadline = deadline
        self.lang = lang
        self.rounds = RoundSettings(roots)
        self._validators: dict[str, SchemaValidator] = {}
        self._ids = frozenset(self.catalogue.ids())
        # Per edition (and deadline): the application rules to run, each with its context and citation,
        # and every rule's citation; built once, not once per file and finding.
        self._plans: dict[tuple, tuple[Programme, list[_PlannedRule]]] = {}
        self._citations: dict[tuple, tuple[Programme, dict[str, Citation]]] = {}
        self._documents = reader  # worker processes for Word and PDF, started on first use
        self._owns_documents = reader is None

    def documents(self):
        if self._documents is None:
            from .load.isolated import IsolatedReader

            self._documents = IsolatedReader()
        return self._documents

    def close(self) -> None:
        """Stop the worker processes (they also stop when the checker is collected)."""
        if self._documents is not None and self._owns_documents:
            self._documents.close()
            self._documents = None

    # -- entry points ------------------------------------------------------------

    def check_file(self, path: Path) -> FileResult:
        """Check one file, with the settings of the round folder it lies in."""
        path = Path(path)
        try:
            document = load_file(path, self.documents() if path.suffix.lower() in (".docx", ".pdf") else None)
        except LoadError as exc:
            return self._load_failure(str(path), exc)
        round_ = self.rounds.for_file(path) if document.kind == "søknad" else {}
        return self.check_document(document, round_)

    def check_data(self, data: Any, path: str = "<data>") -> FileResult:
        """Check data already in memory (a dict as read from YAML/JSON)."""
        try:
            kind = document_kind(data)
        except LoadError as exc:
            return self._load_failure(path, exc)
        return self.check_document(Document(path, kind, data))

    def check_document(self, document: Document, round_: dict | None = None) -> FileResult:
        """Check loaded data; ``round_`` holds the round's settings (program, søknadsfrist)."""
        round_ = round_ or {}
        result = FileResult(document.path, document.kind)
        document = self._edition_by_name(document)
        data = document.data
        applicant = data.get("søker") if isinstance(data.get("søker"), dict) else {}
        result.kommunenummer = _str(applicant.get("kommunenummer"))
        result.kommunenavn = _str(applicant.get("kommunenavn"))
        programme = self._programme_for(document, result, round_.get("program"))
        validator = self._validator(document.kind)
        valid = validator.is_valid(data)  # most files: then nothing is misspelled and the schema has nothing to say
        # A misspelled key is named once, and its value is checked under the right name.
        data, respellings = (data, []) if valid else validator.respell(data, self.lang)
        renamed = {}
        for slip in respellings:
            if slip.fixed:
                renamed[slip.pointer.rsplit("/", 1)[0] + "/" + _escape(slip.right)] = slip.pointer
                self._add(result, document, programme, SCHEMA_RULE, slip.pointer,
                          Text("schema.misspelled-field", {"name": slip.wrong, "right": slip.right, "field": slip.field}))
        if renamed:
            document = _Respelled(document, renamed)
        noted = {n["pointer"] for n in document.notes if n.get("rule") == SCHEMA_RULE}
        for issue in () if valid else validator.iter_issues(data, self.lang):
            if issue.rule != SCHEMA_RULE and (programme is None or issue.rule not in programme.rules):
                continue  # the edition switched that rule off
            if issue.pointer in noted:
                continue  # the reader's own message says it better (it quotes the text as written)
            self._add(result, document, programme, issue.rule, issue.pointer, issue.text)
        for note in document.notes:
            self._add(result, document, programme, note.get("rule", "input.structure"), note["pointer"],
                      note_text(note), note.get("severity"))
        if programme is not None and document.sections is not None:
            self._missing_sections(result, document, programme)
        if document.kind == "søknad" and isinstance(data, dict):
            for hit in application_dates(data, programme):
                self._add(result, document, programme, SCHEMA_RULE, hit.pointer, hit.text)
        if programme is not None and document.kind == "søknad":
            deadline = self.deadline or _as_date(round_.get("søknadsfrist"))
            self._run_rules(result, document, data, programme, deadline)
        result.findings.sort(key=_order)
        if document.where is not None:  # a Word or PDF file: keep what was read, for the report to show
            from .reading import values

            result.read = values(document, self.lang)
        return result

    def scan(self, paths: Iterable[Path]) -> Inbox:
        """What is under ``paths``: files to check, and what cannot be read and why (in this checker's language)."""
        return scan_inbox(paths, self.lang)

    def iter_check(self, paths: Iterable[Path] | Inbox,
                   progress: Callable[[Path], None] | None = None) -> Iterator[FileResult]:
        """Check every file under ``paths`` (or of a scanned :class:`Inbox`); Word and PDF files are read ahead on all workers."""
        inbox = paths if isinstance(paths, Inbox) else self.scan(paths)
        documents = [f for f in inbox.readable() if f.suffix.lower() in (".docx", ".pdf")]
        window = 2 * (self.documents().processes if documents else 1)
        position = 0
        try:
            for entry in inbox.files:
                path = entry.path
                if entry.problem is not None:
                    yield self._load_failure(str(path), entry.problem)
                else:
                    if path.suffix.lower() in (".docx", ".pdf"):
                        position = documents.index(path, position)
                        self.documents().prefetch(documents[position:position + window])
                    yield self.check_file(path)
                if progress:
                    progress(path)
        finally:  # stopped early (closed, or an error): what was read ahead is not left for no one to take
            if documents and self._documents is not None:
                self._documents.forget(documents[position:position + window])

    # -- internals ---------------------------------------------------------------

    def _validator(self, kind: str) -> SchemaValidator:
        if kind not in self._validators:
            self._validators[kind] = SchemaValidator(load_schema(SCHEMAS[kind]))
        return self._validators[kind]

    def _edition_by_name(self, document: Document) -> Document:
        """A Word or PDF draft names its edition as people do («Sammen om en bedre kommune»): read it as the id."""
        return self.catalogue.with_edition_id(document)

    def _programme_for(self, document: Document, result: FileResult, round_programme: str | None) -> Programme | None:
        if document.kind == "programutgave":
            return None  # an edition file is checked against its own schema only
        named = document.data.get("program")
        forced = self.forced
        if forced is None and round_programme in self._ids and document.kind == "søknad":
            forced = self.catalogue.get(round_programme)
        if forced is not None:
            result.programme, result.programme_name = forced.id, forced.name(self.lang)
            if isinstance(named, str) and named != forced.id:
                self._add(result, document, None, "input.structure", "/program",
                          Text("input.other-programme", {"found": self._edition_label(named), "expected": _names(forced)}))
            return forced
        if not isinstance(named, str):
            return None  # the schema reports the missing or mistyped field
        if named not in self._ids:
            self._add(result, document, None, SCHEMA_RULE, "/program",
                      Text("input.unknown-programme", {"value": named, "known": ", ".join(self.catalogue.ids())}))
            return None
        programme = self.catalogue.get(named)
        result.programme, result.programme_name = named, programme.name(self.lang)
        return programme

    def _edition_label(self, programme_id: str) -> Forms | str:
        """A known edition by its name; an unknown one as written, since that is all there is."""
        return _names(self.catalogue.get(programme_id)) if programme_id in self._ids else programme_id

    def _missing_sections(self, result: FileResult, document: Document, programme: Programme) -> None:
        from .docmodel import expected_sections

        for section in expected_sections(programme):
            if section.key not in document.sections:
                self._add(result, document, programme, "input.structure", "/" + "/".join(section.path),
                          Text("input.missing-section", {"title": Forms(section.title("nb"), section.title("nn"))}))

    def _run_rules(self, result: FileResult, document: Document, data: Any, programme: Programme,
                   deadline: dt.date | None) -> None:
        checklist = result.checklist
        for planned in self._plan(programme, deadline):
            rule_id = planned.rule_id
            outcome: Any = planned.check(data, planned.context) if planned.check is not None else []
            if outcome is not NOT_APPLICABLE:
                for hit in outcome:
                    self._add(result, document, programme, rule_id, hit.pointer, hit.text, hit.severity)
            # The schema may have failed the rule already, even where its function finds nothing to check.
            failed = [f.severity for f in result.findings if f.rule == rule_id]
            if failed:
                # A failed item weighs what its worst finding weighs: a rule whose only
                # failure is a warning does not show as a failed error in the checklist.
                checklist.append(planned.failed[min(failed, key=_RANK.__getitem__)])
            else:
                checklist.append(planned.not_applicable if outcome is NOT_APPLICABLE else planned.passed)

    def _plan(self, programme: Programme, deadline: dt.date | None) -> list[_PlannedRule]:
        """The edition's application rules in catalogue order, each with what running it needs and its
        checklist items: made once per edition and deadline, not once per file.

        A rule's context holds only the edition's settings, the register and
        the deadline, none of which a file changes (and no målform: a rule says
        what it found as a message key and values), so one context
        serves every file; checklist items are immutable, so every file that
        passes a rule shares one.
        """
        key = (id(programme), deadline, self.lang)  # callers may set ``lang`` between files
        kept = self._plans.get(key)
        if kept is None or kept[0] is not programme:  # the programme is kept alive, so its id is not reused
            register = load_register()
            plan = []
            for rule_id, setting in sorted(programme.rules.items(), key=lambda item: _RULE_ORDER[item[0]]):
                rule = RULES[rule_id]
                if rule.group != "application":
                    continue
                summary, citation = rule.describe(self.lang), self._citation(programme, rule_id)
                forms = Forms(rule.describe("nb"), rule.describe("nn"))
                plan.append(_PlannedRule(
                    rule_id, rule.check, RuleContext(setting.params, programme, register, deadline),
                    ChecklistItem(rule_id, setting.severity, Status.PASSED, summary, citation, forms),
                    ChecklistItem(rule_id, setting.severity, Status.NOT_APPLICABLE, summary, citation, forms),
                    {severity: ChecklistItem(rule_id, severity, Status.FAILED, summary, citation, forms)
                     for severity in Severity}))
            kept = self._plans[key] = (programme, plan)
        return kept[1]

    def _citation(self, programme: Programme, rule_id: str) -> Citation:
        key = (id(programme), self.lang)
        kept = self._citations.get(key)
        if kept is None or kept[0] is not programme:
            kept = self._citations[key] = (programme, {})
        citation = kept[1].get(rule_id)
        if citation is None:
            citation = kept[1][rule_id] = programme.citation(rule_id, self.lang)
        return citation

    def _add(self, result: FileResult, document: Document, programme: Programme | None,
             rule_id: str, pointer: str, text: Text, severity: Severity | str | None = None) -> None:
        """Add a finding: ``text`` is what was found as a key and values; the finding says it in
        this checker's målform and keeps ``text`` for any other."""
        if programme is not None and rule_id in programme.rules:
            default, citation = programme.rules[rule_id].severity, self._citation(programme, rule_id)
        else:
            default, citation = RULES[rule_id].severity, Citation()
        severity = Severity(severity) if severity else default
        result.findings.append(Finding(rule_id, severity, render(text, self.lang), document.location(pointer),
                                       citation, text))

    def load_failure(self, path: str, exc: LoadError) -> FileResult:
        """The result for a file that cannot be loaded: one ``input.*`` finding that says why."""
        return self._load_failure(path, exc)

    def _load_failure(self, path: str, exc: LoadError) -> FileResult:
        text = exc.text_of()
        finding = Finding(exc.rule, Severity.ERROR, render(text, self.lang), Location(file=path, line=exc.line),
                          text=text)
        return FileResult(path, findings=[finding])


_RULE_ORDER = {rule_id: i for i, rule_id in enumerate(RULES)}


def in_language(result: FileResult, lang: str, catalogue: Catalogue) -> FileResult:
    """``result`` as a checker in ``lang`` would have given it: one check serves both målformer.

    Messages come from each finding's key and values, citations and the
    edition's name from the edition, checklist summaries from the rule table,
    the labels of values read from the document model. A finding without a key
    (a result stored before findings had them) keeps its message as it was made,
    and a citation that its edition no longer gives (or of an edition no longer
    known) stays as it was.
    """
    import dataclasses

    from .reading import label

    def citation(rule_id: str, given: Citation) -> Citation:
        # Only a citation the edition still gives (in either målform) is put into ``lang``: a verdict never shows
        # a citation it was not given, should an edition's text have changed since it was stored.
        if given.edition and given.edition in catalogue.ids():
            edition = catalogue.get(given.edition)
            if given in (edition.citation(rule_id, "nb"), edition.citation(rule_id, "nn")):
                return edition.citation(rule_id, lang)
        return given

    findings = [dataclasses.replace(f, message=f.in_language(lang), citation=citation(f.rule, f.citation))
                for f in result.findings]
    def summary(item) -> str:
        if item.text is not None:
            return item.in_language(lang)
        return RULES[item.rule].describe(lang) if item.rule in RULES else item.summary  # stored before it had forms

    checklist = [dataclasses.replace(c, summary=summary(c), citation=citation(c.rule, c.citation))
                 for c in result.checklist]
    name = result.programme_name
    if result.programme and result.programme in catalogue.ids() and name:
        name = catalogue.get(result.programme).name(lang)
    read = [{**entry, "label": label(entry["pointer"], lang)} if "pointer" in entry else entry for entry in result.read]
    return dataclasses.replace(result, findings=findings, checklist=checklist, programme_name=name, read=read)


_RANK = {severity: severity.rank for severity in Severity}


class _PlannedRule(NamedTuple):
    """One application rule as an edition applies it, ready to run on any file."""

    rule_id: str
    check: Callable | None
    context: RuleContext
    passed: ChecklistItem
    not_applicable: ChecklistItem
    failed: dict[Severity, ChecklistItem]


def _names(programme: Programme) -> Forms:
    """An edition's name in both målformer, for a message to print in either."""
    return Forms(programme.name("nb"), programme.name("nn"))


def _order(finding: Finding) -> tuple:
    return (_RULE_ORDER.get(finding.rule, 999), finding.location.line or 0, finding.location.pointer)


class RoundSettings:
    """Finds the ``runde.yaml`` that governs a file: its own folder or the nearest
    parent folder up to the folder the user named. Each folder is read once."""

    def __init__(self, roots: Iterable[Path]) -> None:
        self.roots = [Path(r).resolve() for r in roots if Path(r).is_dir()]
        self._cache: dict[Path, dict] = {}
        self._folders: dict[Any, Path] = {}

    def for_file(self, path: Path) -> dict:
        folder = self._folder(path)
        root = next((r for r in self.roots if folder == r or r in folder.parents), folder)
        return self._settings(folder, root)

    def _folder(self, path: Path) -> Path:
        """The real folder of ``path``, as ``path.resolve().parent``; resolving each folder once, not each file.

        Only a file that is itself a link needs its own resolving (its folder is the target's).
        """
        if path.is_symlink():
            return path.resolve().parent
        parent = path.parent
        key = parent if parent.is_absolute() else (os.getcwd(), parent)
        folder = self._folders.get(key)
        if folder is None:
            folder = self._folders[key] = parent.resolve()
        return folder

    def _settings(self, folder: Path, root: Path) -> dict:
        if folder not in self._cache:
            own = self._read(folder)
            parent = {} if folder == root or folder.parent == folder else self._settings(folder.parent, root)
            self._cache[folder] = {**parent, **own}
        return self._cache[folder]

    @staticmethod
    def _read(folder: Path) -> dict:
        for name in ROUND_FILES:
            candidate = folder / name
            if candidate.is_file():
                try:
                    document = load_file(candidate)
                except LoadError:
                    return {}  # reported when the file itself is checked
                data = document.data if document.kind == "runde" else {}
                return {k: v for k, v in data.items() if k in ("program", "søknadsfrist")}
        return {}


class _Respelled:
    """A document whose findings point at keys under their right names; locates them
    where the file has them (``/styringsgruppe/0`` is ``/styringsgrupe/0`` in the file)."""

    def __init__(self, document: Document, renamed: dict[str, str]) -> None:
        self._document, self._renamed = document, renamed
        self.path, self.kind, self.sections = document.path, document.kind, document.sections

    def __getattr__(self, name: str):
        return getattr(self._document, name)  # notes, where, data: as the file has them

    def location(self, pointer: str):
        for right, wrong in self._renamed.items():
            if pointer == right or pointer.startswith(right + "/"):
                return self._document.location(wrong + pointer[len(right):])
        return self._document.location(pointer)


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _as_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None

