"""The verbs of kvkdocs as plain functions: data in, a result out.

``validate``, ``read``, ``init``, ``draft``, ``agreement_local``,
``agreement_programme``, ``letters``, ``minutes``, ``rules`` and
``programmes`` are what the ``kvkdocs`` command does, without the command:
no printing, no click, no exit status. Each takes paths and typed options,
and an :class:`~kvkdocs.application.Application` (a temporary one when none
is given) whose catalogue, register, templates and reader pool it uses. The
CLI parses options, calls one verb and prints its result; a web page parses
its form, calls one verb, and stores and renders the result; the tests and
the benchmarks call the same functions, so there is one pipeline per verb.

A verb raises a :class:`~kvkdocs.errors.KvkdocsError` when it cannot do what
was asked (a missing file, an output it may not write); a problem *in* the
input is a finding in the result. Messages name no command-line option (see
:data:`kvkdocs.errors.CHOICES`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .application import Application
from .errors import UsageError
from .findings import Finding, Severity
from .messages import Text, Word, choice
from .result import BatchResult, FileResult
from .safetext import shown_path

#: ``progress(done, total)``: called once with ``done == 0`` when the total is known, then after each step.
Progress = Callable[[int, int], None]

LOCAL_AGREEMENT_RULES = ("steering.three-parties", "anchoring.all-unions")


@contextlib.contextmanager
def _using(app: Application | None) -> Iterator[Application]:
    """The caller's application, or a temporary one closed when the verb is done."""
    if app is not None:
        yield app
        return
    with Application() as own:
        yield own


def existing_file(path: Path, what: str | Word = "") -> Path:
    """``path`` if it is a file; otherwise a clear error saying which file is missing."""
    if not Path(path).is_file():
        raise UsageError.said(Text("usage.not-found-what", {"path": shown_path(path), "what": what}) if what
                              else Text("usage.not-found", {"path": shown_path(path)}))
    return Path(path)


def existing_paths(paths: Iterable[Path | str]) -> list[Path]:
    """``paths``, if at least one of them exists (the others become findings); otherwise a clear error."""
    paths = [Path(p) for p in paths]
    if not paths:
        raise UsageError.said(Text("usage.nothing-to-check"))
    if not any(os.path.lexists(p) for p in paths):
        raise UsageError.said(Text("usage.not-found", {"path": ", ".join(shown_path(p) for p in paths)}))
    return paths


# -- validate, read --------------------------------------------------------------------------------


def validate(paths: Iterable[Path | str], programme: str | None = None, *, deadline: dt.date | None = None,
             lang: str = "nb", app: Application | None = None, progress: Progress | None = None) -> BatchResult:
    """Check every file under ``paths`` (files or folders) against its edition's rules.

    ``programme`` checks every application against that edition; ``deadline``
    is the round's deadline (a later application gets a warning). Each
    folder's ``runde.yaml`` sets both for the files under it otherwise.
    """
    paths = existing_paths(paths)
    with _using(app) as app_:
        checker = app_.checker(programme, deadline=deadline, lang=lang, roots=paths)
        inbox = checker.scan(paths)  # a missing or unreadable argument is a finding; the others go on
        batch = BatchResult([], programme, checker.deadline, skipped=inbox.skipped)
        total = len(inbox.files)
        if progress:
            progress(0, total)
        try:
            for result in checker.iter_check(inbox):
                batch.files.append(result)
                if progress:
                    progress(len(batch.files), total)
        finally:
            checker.close()
    return batch


@dataclass
class Received:
    """One received file's verdict, and the data read from it (None when it could not be read)."""

    result: FileResult
    data: Any = None


def check_received(files: list[tuple[Path, str]], programme: str, deadline: dt.date, *, lang: str = "nb",
                   app: Application | None = None) -> list[Received]:
    """Check files received for a round, each ``(path, name as sent)``, as ``validate`` checks a folder
    whose ``runde.yaml`` names ``programme`` and ``deadline``; findings name each file as it was sent.

    Word and PDF files are read ahead on all the application's reader processes.
    """
    from .errors import LoadError
    from .load import load_file

    settings = {"program": programme, "søknadsfrist": deadline.isoformat()}
    with _using(app) as app_:
        checker = app_.checker(lang=lang)
        documents = [p for p, _ in files if p.suffix.lower() in (".docx", ".pdf")]
        if documents:
            checker.documents().prefetch(documents)
        out = []
        for path, name in files:
            reader = checker.documents() if path.suffix.lower() in (".docx", ".pdf") else None
            try:
                document = load_file(path, reader)
            except LoadError as exc:
                out.append(Received(checker.load_failure(name, exc)))  # as the checker gives any file it cannot load
                continue
            result = checker.check_document(document, settings if document.kind == "søknad" else {})
            out.append(Received(_relabel(result, str(path), name), document.data))
    return out


def _relabel(result: FileResult, temporary: str, filename: str) -> FileResult:
    """Findings name the file as it was sent, not the temporary name it was checked under."""
    import dataclasses

    result.path = filename
    result.findings = [dataclasses.replace(f, location=dataclasses.replace(f.location, file=filename))
                       if f.location.file == temporary else f for f in result.findings]
    return result


def read(path: Path | str, *, app: Application | None = None):
    """What kvkdocs reads from one application (Word, PDF, YAML or JSON), as a :class:`~kvkdocs.load.Document`.

    Word and PDF files are read in the application's worker processes; an
    edition named as people name it is read as its id. :mod:`kvkdocs.reading`
    turns the result into YAML or into values with where each stood.
    """
    from .errors import LoadError
    from .load import load_file

    path = Path(path)
    if not path.exists():
        raise UsageError.said(Text("usage.not-found", {"path": str(path)}))
    if path.is_dir():
        raise UsageError.said(Text("usage.one-file-only", {"path": str(path)}))
    with _using(app) as app_:
        reader = app_.reader if path.suffix.lower() in (".docx", ".pdf") else None
        try:
            document = load_file(path, reader)
        except LoadError as exc:
            raise UsageError.said(Text("usage.file-problem", {"path": str(path), "problem": exc.text_of()})) from exc
        return app_.catalogue.with_edition_id(document)


# -- a municipality's documents --------------------------------------------------------------------


def init(programme: str, kommune: str, *, date: dt.date | None = None, file_name: str = "soknad.yaml",
         app: Application | None = None) -> str:
    """A starter application in YAML for municipality ``kommune``, with its name, county and målform filled in."""
    from .starter import starter

    with _using(app) as app_:
        return starter(app_.catalogue.get(programme), kommune.strip(), date, file_name)


@dataclass
class DraftResult:
    """The check of an application and its Word draft.

    ``checked`` is the check in the language asked for (for the person who
    asked); the draft lists its findings in the municipality's own målform.
    ``docx`` is None when the file is not an application that can be read.
    """

    checked: FileResult
    docx: bytes | None = None
    pdf: bytes | None = None
    compliant: bool = False


def draft(application: Path | str, *, lang: str = "nb", pdf: bool = False, templates: Path | str | None = None,
          app: Application | None = None) -> DraftResult:
    """The application as a Word document in the municipality's målform (and as PDF with ``pdf``).

    A draft with open errors is still made, marked as such, so that work can go on.
    ``templates`` is a folder of the user's own templates (see :meth:`Application.template_folder`).
    """
    from .draft import draft_language, render_draft
    from .load import load_file
    from .render.pdf import missing_text, soffice, to_pdf

    application = existing_file(Path(application), Word("application-file"))
    if pdf and soffice() is None:
        raise UsageError.said(missing_text(Text("pdf.instead-word-file", {"choice": choice("pdf")})))
    with _using(app) as app_:
        checker = app_.checker(lang=lang)
        try:
            result = checker.check_file(application)
            if result.kind != "søknad":
                return DraftResult(result)
            shown = result
            data = load_file(application, checker.documents()).data
            own = draft_language(data)
            if own != lang:  # the document lists its open findings in the municipality's målform
                checker.lang = own
                result = checker.check_file(application)
        finally:
            checker.close()
        programme = app_.catalogue.get(result.programme) if result.programme else None
        folder = app_.template_folder(templates)
    document = render_draft(data, result, programme, templates=folder)
    return DraftResult(shown, document, to_pdf(document) if pdf else None, result.compliant)


@dataclass
class AgreementResult:
    """A local three-party agreement, or why none was written.

    ``blocking`` are the errors that make the agreement premature (a party
    or a union missing); with them, ``docx`` is None unless a draft was
    asked for, and then ``draft`` is true (the document says UTKAST).
    """

    blocking: list[Finding]
    docx: bytes | None = None
    draft: bool = False


def agreement_local(application: Path | str, *, allow_draft: bool = False, templates: Path | str | None = None,
                    app: Application | None = None) -> AgreementResult:
    """The local three-party agreement for an application's project, in the municipality's målform."""
    from .agreement import local_context
    from .draft import draft_language
    from .load import load_file
    from .render.usertemplates import open_template

    application = existing_file(Path(application), Word("application-file"))
    with _using(app) as app_:
        checker = app_.checker()
        try:
            document = load_file(application, checker.documents())
            if document.kind != "søknad":
                raise UsageError.said(Text("usage.not-an-application", {"path": shown_path(application), "kind": document.kind}))
            data = document.data
            lang = draft_language(data)
            checker.lang = lang
            blocking = [f for f in checker.check_document(document).findings
                        if f.rule in LOCAL_AGREEMENT_RULES and f.severity is Severity.ERROR]
        finally:
            checker.close()
        if blocking and not allow_draft:
            return AgreementResult(blocking)
        catalogue = app_.catalogue
        programme = catalogue.get(data["program"]) if data.get("program") in catalogue.ids() else None
        template = open_template("samarbeidsavtale", lang, app_.template_folder(templates))
        docx = template.render(local_context(data, programme, lang, draft=bool(blocking)))
    return AgreementResult(blocking, docx, bool(blocking))


def agreement_programme(programme: str, *, lang: str = "nb", templates: Path | str | None = None,
                        app: Application | None = None) -> bytes:
    """The central programme agreement of an edition, as a Word document."""
    from .agreement import agreement_context
    from .render.usertemplates import open_template

    with _using(app) as app_:
        context = agreement_context(app_.catalogue.get(programme), lang)
        template = open_template("programavtale", lang, app_.template_folder(templates))
    missing = template.missing(context)
    if missing:
        raise UsageError.said(Text("usage.template-lacks", {"template": f"programavtale.{lang}.docx",
                                                            "names": ", ".join(sorted(missing))}))
    return template.render(context)


# -- after a decision meeting ----------------------------------------------------------------------


@dataclass
class CheckedMeeting:
    """A meeting file, its applications and the decision rules' findings; ``ok`` when none is an error."""

    meeting: Any
    check: Any
    findings: list[Finding]
    read: list[Path] = field(default_factory=list)  # every file read: the meeting, its sender file

    @property
    def ok(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)


def check_meeting(meeting: Path | str, applications: Path | str | None = None, *, lang: str = "nb",
                  app: Application | None = None) -> CheckedMeeting:
    """Load a meeting file, read its applications (if given) and run the decision rules."""
    from .decisions import DecisionCheck, collect_applications
    from .meeting import load_meeting

    meeting_path = Path(meeting)
    if not meeting_path.is_file():
        raise UsageError.said(Text("usage.meeting-not-found", {"path": str(meeting_path)}))
    if applications is not None and not Path(applications).is_dir():
        raise UsageError.said(Text("usage.applications-not-found", {"path": str(applications)}))
    with _using(app) as app_:
        loaded = load_meeting(meeting_path, app_.catalogue, lang)
        found = (collect_applications(Path(applications), loaded, lang, catalogue=app_.catalogue, reader=app_.reader)
                 if applications is not None else None)
    check = DecisionCheck(loaded, found, lang)
    findings = check.run()
    read = [meeting_path]
    sender = loaded.data.get("avsenderfil")
    if sender:
        read.append(meeting_path.parent / sender)
    return CheckedMeeting(loaded, check, findings, read)


@dataclass
class LetterPlan:
    """A checked meeting and, when its decisions have no errors, the documents to write (minutes first)."""

    checked: CheckedMeeting
    documents: Iterator[Any] | None = None  # kvkdocs.letters.PlannedDocument, planned as they are taken
    total: int = 0
    templates: Any = None  # the user's kvkdocs.render.usertemplates.TemplateFolder, or None


def plan_letters(meeting: Path | str, applications: Path | str, *, lang: str = "nb",
                 templates: Path | str | None = None, app: Application | None = None) -> LetterPlan:
    """Check a meeting against its applications and plan its letters and minutes (nothing is written)."""
    from .letters import Planner

    with _using(app) as app_:
        checked = check_meeting(meeting, applications, lang=lang, app=app_)
        if not checked.ok:
            return LetterPlan(checked)
        planner = Planner(checked.meeting, checked.check, app_.template_folder(templates, checked.meeting))
    total = 1 + sum(1 + len(planner.partners(d)) if d["utfall"] == "opptatt" else 1 for d in checked.meeting.decisions)
    return LetterPlan(checked, planner.plan(), total, planner.templates)


@dataclass
class LettersResult:
    """The decision rules' findings, and the batch written (None when the findings have errors)."""

    findings: list[Finding]
    written: Any = None  # kvkdocs.batch.BatchOutcome
    pdf_skipped: bool = False  # PDF was asked for as optional, and LibreOffice is missing


def letters(meeting: Path | str, applications: Path | str, output: Path | str, *, force: bool = False,
            pdf: bool = False, pdf_optional: bool = False, lang: str = "nb", workers: int | None = None,
            templates: Path | str | None = None, progress: Progress | None = None,
            app: Application | None = None) -> LettersResult:
    """Admission and rejection letters, minutes and manifest for a meeting, into the folder ``output``.

    All or nothing: when a decision rule finds an error, nothing is written.
    ``force`` replaces a previous batch of kvkdocs in ``output`` (never
    anything else). With ``pdf_optional``, a missing LibreOffice means Word
    files only (``pdf_skipped``), else an error before anything is read.
    ``templates`` is a folder of the user's own templates, checked before
    anything is written (see :meth:`Application.template_folder`).
    """
    from contextlib import ExitStack

    from .batch import SMALL_BATCH, write_batch
    from .outfolder import OutputFolder
    from .render.pdf import Office, missing_text, processes_for, soffice

    skipped = False
    if pdf and soffice() is None:
        if not pdf_optional:
            raise UsageError.said(missing_text(Text("pdf.instead-word-files", {"choice": choice("pdf-optional")})))
        pdf, skipped = False, True
    inputs = [(Word("applications-folder"), Path(applications)), (Word("meeting-folder"), Path(meeting))]
    with ExitStack() as stack:
        app_ = stack.enter_context(_using(app))
        target = stack.enter_context(OutputFolder(output, force=force, inputs=inputs))  # before reading
        office = None
        if pdf:  # LibreOffice starts now, and starts up while the applications are read and the letters rendered
            office = stack.enter_context(Office())
            office.start()
        plan = plan_letters(meeting, applications, lang=lang, templates=templates, app=app_)
        if plan.documents is None:
            return LettersResult(plan.checked.findings)
        if office is not None:
            office.start(processes_for(plan.total))
        if workers is None and plan.total < SMALL_BATCH:
            workers = 1
        step = _counter(progress, plan.total)
        if office is not None:  # between two documents is a safe place to obey a SIGTERM
            step = _checking(office, step)
        outcome = write_batch(plan.documents, target, pdf=office or False, progress=step,
                              workers=workers, templates=plan.templates)
    return LettersResult(plan.checked.findings, outcome, skipped)


def _checking(office, step: Callable[[int], None] | None) -> Callable[[int], None]:
    """``step``, after giving LibreOffice's stop trap its chance to stop the batch (see ``render.pdf.Office.check``)."""
    def checked(n: int) -> None:
        office.check()
        if step is not None:
            step(n)

    return checked


def _counter(progress: Progress | None, total: int) -> Callable[[int], None] | None:
    if progress is None:
        return None
    done = 0
    progress(0, total)

    def step(n: int) -> None:
        nonlocal done
        done += n
        progress(done, total)

    return step


@dataclass
class MinutesResult:
    """The decision rules' findings and the minutes (None when the findings have errors)."""

    findings: list[Finding]
    docx: bytes | None = None
    read: list[Path] = field(default_factory=list)  # every file read (an output may not replace one)


def minutes(meeting: Path | str, *, applications: Path | str | None = None, nynorsk: bool = False,
            lang: str = "nb", templates: Path | str | None = None, app: Application | None = None) -> MinutesResult:
    """The minutes of a decision meeting alone; with ``applications``, every decision rule is checked."""
    from .batch import Templates, render_document
    from .letters import Planner

    with _using(app) as app_:
        checked = check_meeting(meeting, applications, lang=lang, app=app_)
        if not checked.ok:
            return MinutesResult(checked.findings, None, checked.read)
        planner = Planner(checked.meeting, checked.check, app_.template_folder(templates, checked.meeting))
        doc = planner.minutes("nn" if nynorsk else "nb")
        docx = render_document(doc, Templates(planner.templates) if planner.templates else app_.templates)
    return MinutesResult(checked.findings, docx, checked.read)


# -- the catalogue -------------------------------------------------------------------------------


def rules(programme: str | None = None, *, lang: str = "nb", app: Application | None = None) -> list[dict]:
    """One row per rule (see :func:`kvkdocs.rule_listing.rule_rows`); with ``programme``, as that edition uses them."""
    from .rule_listing import rule_rows

    with _using(app) as app_:
        catalogue = app_.catalogue
        editions = [catalogue.get(programme)] if programme else list(catalogue)
    return rule_rows(editions, lang, one_edition=bool(programme))


@dataclass(frozen=True)
class EditionInfo:
    """One programme edition as ``programmes`` lists it."""

    id: str
    name: str
    date: str | None  # the agreement's date (only the year where only the year is known); None: undated
    signed: bool | None  # False: the agreement was never signed; None: the edition does not say
    application_rules: int
    decision_rules: int
    source: Path | None


def programmes(*, lang: str = "nb", app: Application | None = None) -> list[EditionInfo]:
    """The programme editions kvkdocs knows, and where each was read from."""
    from .rules import RULES

    out = []
    with _using(app) as app_:
        for edition in app_.catalogue:
            agreement = edition.data.get("avtale") or {}
            day = agreement.get("dato")
            if day and agreement.get("dato_presisjon") == "år":
                day = day[:4]
            groups = [RULES[r].group for r in edition.rules]
            out.append(EditionInfo(edition.id, edition.name(lang), day, agreement.get("underskrevet"),
                                   groups.count("application"), groups.count("decision"), edition.source))
    return out
