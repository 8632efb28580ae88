"""A round's meeting file and its letters: the stored files laid out as the command line expects them.

``kvkdocs letters`` reads a meeting file and a folder of applications; the web
keeps both in the file store. Here the round's applications (the latest version
of each, under the name it was sent with) and the meeting file are linked into a
staging folder, and the same verbs (:func:`kvkdocs.verbs.check_meeting`,
:func:`kvkdocs.verbs.letters`) run on it, so the web's letters are the command
line's letters byte for byte. The staging folder lies inside the file store's
folder (links, not copies) and is removed afterwards; the ZIP of the letters is
stored content-addressed like every other file.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import os
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import verbs
from ..amounts import AmountError, parse_amount
from ..db import rounds
from ..db.filestore import FileStore
from ..db.models import Round
from ..errors import MeetingError, RenderError, TemplateError
from ..findings import Finding, Severity
from ..messages import Text, map_plain
from ..result import FileResult
from .intake import safe_name

logger = logging.getLogger("kvkdocs.web")
APPLICATIONS = "soknader"
OUTPUT = "brev"
#: A fixed time for every ZIP member, so that the same letters give the same ZIP (and the same address).
ZIP_TIME = (2000, 1, 1, 0, 0, 0)


@dataclass
class Checked:
    """The decision rules' verdict on a meeting file, and the budget it leaves."""

    result: FileResult
    ok: bool
    budget: int | None
    granted: int

    @property
    def left(self) -> int | None:
        return None if self.budget is None else self.budget - self.granted


def _link(store: FileStore, address: str, target: Path) -> None:
    try:
        os.link(store.path(address), target)
    except OSError:
        with store.open(address) as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)


@contextmanager
def staging(store: FileStore, db, round_: Round, meeting_name: str, meeting: str | bytes):
    """A folder with the meeting file and ``soknader/`` (the round's latest application files); removed after.

    ``meeting`` is the meeting file's address in the store, or its bytes when it
    is a draft from the decisions form that is checked before it is kept.
    """
    store.root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".mote-", dir=store.root) as folder:
        root = Path(folder)
        apps = root / APPLICATIONS
        apps.mkdir()
        used: set[str] = set()
        for application in rounds.applications(db, round_):
            latest = application.latest
            name = safe_name(latest.filename)
            if name in used:  # two files sent under one name: each keeps its own
                name = f"{application.id}-{name}"
            used.add(name)
            _link(store, latest.file_sha256, apps / name)
        path = root / safe_name(meeting_name)
        if isinstance(meeting, bytes):
            path.write_bytes(meeting)
        else:
            _link(store, meeting, path)
        yield root, path, apps


def _shown(message: str, root: Path) -> str:
    """A library message names files by the staging folder's paths; the user knows them by their names."""
    return message.replace(f"{root}{os.sep}{APPLICATIONS}{os.sep}", "").replace(f"{root}{os.sep}", "")


def _renamed_error(exc: MeetingError, root: Path) -> MeetingError:
    """``exc`` with the files named as the user sent them, in any målform."""
    text = map_plain(exc.text, lambda value: _shown(value, root)) if exc.text is not None else None
    return MeetingError(_shown(str(exc), root), text=text)


def _round_mismatch(meeting, round_: Round) -> Text | None:
    data = meeting.data
    if data.get("program") != round_.edition:
        return Text("meeting.other-edition", {"found": data.get("program"), "expected": round_.edition})
    if data.get("pulje") is not None and data.get("pulje") != round_.number:
        return Text("meeting.other-round", {"found": data.get("pulje"), "expected": round_.number})
    return None


def check(web, db, round_: Round, meeting_name: str, meeting_sha256: str | bytes, lang: str = "nb") -> Checked:
    """Run the decision rules on a stored meeting file against the round's stored applications.

    Raises :class:`MeetingError` (with the file named as it was sent) when the
    file is no meeting file or belongs to another round.
    """
    with staging(web.store, db, round_, meeting_name, meeting_sha256) as (root, meeting, apps):
        try:
            checked = verbs.check_meeting(meeting, apps, lang=lang, app=web.app)
        except MeetingError as exc:
            raise _renamed_error(exc, root) from exc
    mismatch = _round_mismatch(checked.meeting, round_)
    if mismatch:
        raise MeetingError.said(mismatch, lang)
    findings = [_renamed(f, root) for f in checked.findings]
    granted = sum(d.get("tilskudd", 0) for _, d in checked.check.admitted())
    granted += sum(e.get("tilskudd", 0) for e in checked.meeting.data.get("tidligere_opptatt") or [])
    result = FileResult(meeting_name, kind="møte", programme=round_.edition, findings=findings)
    return Checked(result, checked.ok, checked.meeting.budget(), granted)


def _renamed(finding: Finding, root: Path) -> Finding:
    location = finding.location
    if location.file:
        location = dataclasses.replace(location, file=Path(_shown(str(location.file), root)).name)
    text = map_plain(finding.text, lambda value: _shown(value, root)) if finding.text is not None else None
    return dataclasses.replace(finding, message=_shown(finding.message, root), location=location, text=text)


class PdfUnavailable(Exception):
    """LibreOffice is missing or failed while «Også PDF» was asked for: nothing was made or kept.

    Its own class, not a library error, because the page says what the user
    can do here (make the letters without PDF, or ask operations), where the
    library's message speaks of the command line.
    """


PDF_MISSING = ("LibreOffice er ikke installert på tjeneren, så PDF kan ikke lages. Ingenting ble lagret. "
               "Lag brevene uten «Også PDF», eller be driftsansvarlig installere LibreOffice.")
PDF_FAILED = ("LibreOffice klarte ikke å lage PDF-ene. Ingenting ble lagret. Prøv igjen om litt, eller lag brevene "
              "uten «Også PDF». Si fra til driftsansvarlig hvis det skjer igjen.")


@dataclass
class Letters:
    """The outcome of making a meeting's letters: the ZIP's bytes and count, or the findings that stopped it."""

    findings: list[Finding]
    zip_bytes: bytes | None = None
    documents: int = 0


def make_letters(web, db, round_: Round, meeting_name: str, meeting_sha256: str, *, pdf: bool = False) -> Letters:
    """Write the meeting's letters, minutes and manifest with :func:`verbs.letters` and zip them.

    Every file ``kvkdocs letters`` (``--pdf`` with ``pdf``) writes is in the
    ZIP under its own name and with its own bytes; nothing is kept when a
    decision rule finds an error. With ``pdf``, LibreOffice is started by the
    library, as on the command line; missing or failing, it raises
    :class:`PdfUnavailable` and nothing is written. No lock is held: the
    applications are read on the shared reader pool, which takes work from
    several threads, so while LibreOffice converts (minutes, for a large
    round) uploads still get their verdicts and municipalities their receipts.
    """
    from ..render.pdf import soffice

    if pdf and soffice() is None:
        raise PdfUnavailable(PDF_MISSING)
    with staging(web.store, db, round_, meeting_name, meeting_sha256) as (root, meeting, apps):
        output = root / OUTPUT
        try:
            written = verbs.letters(meeting, apps, output, pdf=pdf, lang="nb", app=web.app)
        except MeetingError as exc:
            raise _renamed_error(exc, root) from exc
        except TemplateError:
            raise
        except RenderError as exc:
            if not pdf:
                raise
            logger.error("PDF-konverteringen feilet: %s", _shown(str(exc), root))
            raise PdfUnavailable(PDF_FAILED) from exc
        findings = [_renamed(f, root) for f in written.findings]
        if written.written is None:
            return Letters(findings)
        return Letters(findings, zip_folder(output), written.written.documents)


def zip_folder(folder: Path) -> bytes:
    """The files of ``folder`` (sorted by name, fixed times) as a ZIP: the same files give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return out.getvalue()


def errors_in(findings: list[Finding]) -> int:
    return sum(1 for f in findings if f.severity is Severity.ERROR)


# -- the decisions form --------------------------------------------------------------

OUTCOMES = ("opptatt", "avslått")


@dataclass
class DecisionEntry:
    """One municipality's decision as the form shows it; ``outcome`` is empty when none is recorded.

    ``application`` is the round's application of that municipality (None when
    the meeting decided on one the round never received), for the table's
    verdict, errors and grant asked.
    """

    number: str
    name: str
    outcome: str = ""
    project: str = ""
    grant: str = ""
    reason: str = ""
    dispensation: str = ""
    application: object = field(default=None, compare=False, repr=False)

    def with_decision(self, other: DecisionEntry) -> DecisionEntry:
        """This row with ``other``'s decision (outcome, project, grant, reasons); the municipality kept."""
        return dataclasses.replace(self, outcome=other.outcome, project=other.project, grant=other.grant,
                                   reason=other.reason, dispensation=other.dispensation)

    @property
    def grant_kroner(self) -> int | None:
        return int(self.grant) if self.outcome == "opptatt" and self.grant.isdigit() else None


def meeting_data(store: FileStore, address: str, filename: str) -> dict:
    """The stored meeting file's data, read as the command line reads it (kommunenummer stay text)."""
    from ..load.structured import load_structured

    with store.open(address) as stored:  # read in place: its name only says YAML or JSON
        data, _ = load_structured(Path(safe_name(filename)), fd=stored.fileno())
    return data


def _text(value) -> str:
    """A decision's field as the form shows it: an empty value (None) is an empty field, never the text «None».

    The meeting loader reads ``~`` under a text key (``begrunnelse``) as the
    text «~», so None reaches here from other readers of the data; either way
    the letter must not say «None».
    """
    return "" if value is None else str(value)


def _grant_text(value) -> str:
    """A stored grant as the form shows it: ``225000.0`` as 225000, anything parse_amount cannot read as it is."""
    try:
        return str(parse_amount(value))
    except AmountError:
        return _text(value)


def entries(data: dict, applications) -> list[DecisionEntry]:
    """A row per decision in the meeting file, then one per application of the round that has none."""
    rows, seen = [], set()
    for decision in data.get("vedtak") or []:
        number = _text(decision.get("kommunenummer"))
        seen.add(number)
        rows.append(DecisionEntry(number, _text(decision.get("kommunenavn")), _text(decision.get("utfall")),
                                  _text(decision.get("prosjekt")), _grant_text(decision.get("tilskudd")),
                                  _text(decision.get("begrunnelse")), _text(decision.get("dispensasjon"))))
    for application in applications:
        latest = application.latest
        if latest.kind == "søknad" and latest.kommunenummer and latest.kommunenummer not in seen:
            seen.add(latest.kommunenummer)
            rows.append(DecisionEntry(latest.kommunenummer, latest.kommunenavn or ""))
    return rows


def summary(data: dict, applications) -> list[DecisionEntry]:
    """The rows of :func:`entries`, each with its municipality's application (when the round has one)."""
    by_number = {a.latest.kommunenummer: a for a in applications
                 if a.latest.kind == "søknad" and a.latest.kommunenummer}
    rows = entries(data, applications)
    for row in rows:
        row.application = by_number.get(row.number)
    return rows


def parse_entries(form, numbers: list[str], names: dict[str, str]) -> tuple[list[DecisionEntry], dict[str, str]]:
    """The form's decisions, and an error per field (``tilskudd-0219``) a person must fix."""
    rows, errors = [], {}
    for number in numbers:
        value = {field: str(form.get(f"{field}-{number}", "")).strip()
                 for field in ("utfall", "prosjekt", "tilskudd", "begrunnelse", "dispensasjon")}
        row = DecisionEntry(number, names.get(number, ""), value["utfall"], value["prosjekt"], value["tilskudd"],
                            value["begrunnelse"], value["dispensasjon"])
        if row.outcome not in ("", *OUTCOMES):
            errors[f"utfall-{number}"] = "Velg «tatt opp», «avslått» eller «ikke behandlet»."
        if row.outcome == "opptatt":
            problem = _grant_problem(row.grant)
            if problem:
                errors[f"tilskudd-{number}"] = problem
            else:
                row.grant = str(parse_amount(row.grant))
        if row.outcome == "avslått" and not row.reason:
            errors[f"begrunnelse-{number}"] = "Skriv begrunnelsen for avslaget; den står i brevet til kommunen."
        rows.append(row)
    return rows, errors


GRANT_FORM = "Skriv tilskuddet i hele kroner, for eksempel 250 000."
GRANT_WHOLE = "Skriv tilskuddet i hele kroner, uten øre."


def _grant_problem(text: str) -> str | None:
    """Why a typed grant cannot be kept, read by :func:`parse_amount` as the guided form reads amounts.

    A dot is a thousands separator there («200.000»), so «250000.00» and
    «1.5» are refused with a message rather than read as 25 000 000 and 15.
    """
    try:
        amount = parse_amount(text)
    except AmountError as exc:
        return GRANT_WHOLE if exc.reason == "whole" else GRANT_FORM
    return GRANT_FORM if amount < 0 else None


def _number_of(decision) -> str:
    return _text(decision.get("kommunenummer")) if isinstance(decision, dict) else ""


def decision_of(data: dict, number: str) -> dict | None:
    """The meeting file's decision record for kommunenummer ``number``, as read (None when it has none)."""
    return next((d for d in data.get("vedtak") or [] if _number_of(d) == number), None)


def with_decision(data: dict, entry: DecisionEntry) -> dict:
    """The meeting file's data with one municipality's decision replaced by the form's; the others untouched.

    Only the edited decision is rebuilt (its other keys, like ``sen_søknad``,
    kept); every other decision is passed through as the very record read
    from the file, so a ``begrunnelse: ~`` or a grant of ``225000.0`` in
    another row is written back as it was, not as the form would show it.
    An empty outcome removes the decision (the municipality is untreated).
    """
    decisions = list(data.get("vedtak") or [])
    index = next((i for i, d in enumerate(decisions) if _number_of(d) == entry.number), None)
    if not entry.outcome:
        if index is not None:
            del decisions[index]
    else:
        old = decisions[index] if index is not None else {}
        decision = {k: v for k, v in old.items()
                    if k not in ("utfall", "prosjekt", "tilskudd", "begrunnelse", "dispensasjon")}
        decision.setdefault("kommunenummer", entry.number)
        if entry.name:
            decision.setdefault("kommunenavn", entry.name)
        decision["utfall"] = entry.outcome
        if entry.project:
            decision["prosjekt"] = entry.project
        if entry.outcome == "opptatt":
            decision["tilskudd"] = parse_amount(entry.grant)
            if entry.dispensation:
                decision["dispensasjon"] = entry.dispensation
        else:
            decision["begrunnelse"] = entry.reason
        if index is None:
            decisions.append(decision)
        else:
            decisions[index] = decision
    out = dict(data)
    out["vedtak"] = decisions
    return out


def dump(data: dict) -> bytes:
    """The meeting file as YAML, in the order of the file it came from."""
    import yaml

    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper, value: str):
        # A kommunenummer (0219) quoted, so that no YAML reader takes it for a number and drops the zero.
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if value.isdigit() else None)

    Dumper.add_representer(str, text)
    head = "# Møtefil skrevet av kvkdocs fra skjemaet «Registrer vedtak».\n"
    body = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=100)
    return (head + body).encode("utf-8")
