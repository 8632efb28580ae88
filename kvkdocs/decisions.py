"""The decision rules: is a meeting's set of decisions safe to write letters from?

Applications are read once and kept only as small summaries, so a batch of
thousands of letters needs little memory. Every ``decision.*`` rule of the
rule catalogue lives here; each returns findings located in the meeting file.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .check import Checker
from .errors import LoadError
from .findings import Finding, Severity
from .load import iter_input_files, load_file
from .meeting import Meeting
from .messages import Text, Words, kroner, render
from .register import load_register
from .rules import RULES


@dataclass
class ApplicationSummary:
    """What letters need from one application, and its verdict."""

    path: str
    kommunenummer: str
    kommunenavn: str
    contact: str = ""
    contact_title: str = ""
    email: str = ""
    project: str = ""
    partners: list[str] = field(default_factory=list)
    unions: list[str] = field(default_factory=list)
    late: bool = False
    errors: list[Finding] = field(default_factory=list)
    error_texts: dict[str, list[str]] = field(default_factory=dict)  # by language, for letters

    def problems(self, lang: str) -> list[str]:
        """The error findings in plain words, in ``lang`` (the recipient's målform)."""
        return self.error_texts.get(lang) or [f.message for f in self.errors]


def summarise(path: str, data: dict, findings: list[Finding]) -> ApplicationSummary | None:
    applicant = data.get("søker") if isinstance(data.get("søker"), dict) else {}
    number = applicant.get("kommunenummer")
    if not isinstance(number, str):
        return None
    contact = applicant.get("kontaktperson") if isinstance(applicant.get("kontaktperson"), dict) else {}
    projects = [p for p in data.get("prosjekter") or [] if isinstance(p, dict)]
    return ApplicationSummary(
        path=path, kommunenummer=number, kommunenavn=str(applicant.get("kommunenavn") or ""),
        contact=str(contact.get("navn") or ""), contact_title=str(contact.get("stilling") or ""),
        email=str(contact.get("epost") or ""),
        project=" / ".join(str(p.get("tittel")) for p in projects if p.get("tittel")),
        partners=[p.get("kommunenummer") for p in data.get("samarbeidskommuner") or []
                  if isinstance(p, dict) and isinstance(p.get("kommunenummer"), str)],
        unions=list(dict.fromkeys(u.get("organisasjon") for u in data.get("arbeidstakerorganisasjoner") or []
                                  if isinstance(u, dict) and isinstance(u.get("organisasjon"), str))),  # joint: once each
        late=any(f.rule == "application.deadline" for f in findings),
        errors=[f for f in findings if f.severity is Severity.ERROR],
    )


def collect_applications(folder: Path, meeting: Meeting, lang: str = "nb", *, catalogue=None,
                         reader=None) -> dict[str, list[ApplicationSummary]]:
    """Every readable application under ``folder``, by kommunenummer, checked for the meeting's edition.

    ``catalogue`` and ``reader`` are an application's (the catalogue the meeting
    was loaded from, the pool that reads Word and PDF files); without them the
    edition's folder is searched and each document gets a worker of its own.
    """
    import datetime as dt

    deadline = meeting.data.get("søknadsfrist")
    options = {"deadline": dt.date.fromisoformat(deadline) if deadline else None}
    # The edition may come from a folder given with --programmes-dir: search it too.
    source = meeting.programme.source
    folders = [source.parent] if source is not None else []
    checkers = {code: Checker(meeting.programme.id, lang=code, programme_dirs=folders, catalogue=catalogue, reader=reader,
                              **options) for code in ("nb", "nn")}
    found: dict[str, list[ApplicationSummary]] = {}
    for path in iter_input_files([folder]):
        try:
            document = load_file(path, reader)
        except LoadError:
            continue  # not an application; `kvkdocs validate` reports it
        if document.kind != "søknad":
            continue
        result = checkers[lang].check_document(document)
        summary = summarise(str(path), document.data, result.findings)
        if summary is None:
            continue
        if summary.errors:  # letters list them in the recipient's målform
            for code, checker in checkers.items():
                findings = result.findings if code == lang else checker.check_document(document).findings
                summary.error_texts[code] = [f.message for f in findings if f.severity is Severity.ERROR]
        found.setdefault(summary.kommunenummer, []).append(summary)
    return found


class DecisionCheck:
    """Runs the decision rules of one meeting against its applications."""

    def __init__(self, meeting: Meeting, applications: dict[str, list[ApplicationSummary]] | None, lang: str = "nb"):
        self.meeting = meeting
        self.applications = applications
        self.lang = lang
        self.register = load_register()
        self.findings: list[Finding] = []

    def run(self) -> list[Finding]:
        self._budget()
        self._grant_cap()
        self._once()
        if self.applications is not None:
            self._known_and_compliant()
        self._late()
        return self.findings

    def name(self, number: str) -> str:
        row = self.register.lookup(number, self.meeting.date)
        return f"{number} {row.short_name}" if row else number

    def _add(self, rule: str, pointer: str, key: str, severity: Severity | None = None, **values) -> None:
        """A finding whose message is a key and values (so it can be shown in either målform), made in ``lang``."""
        text = Text(key, values)
        self.findings.append(Finding(rule, severity or RULES[rule].severity, render(text, self.lang),
                                     self.meeting.location(pointer), self.meeting.programme.citation(rule, self.lang),
                                     text))

    def admitted(self) -> list[tuple[int, dict]]:
        return [(i, d) for i, d in enumerate(self.meeting.decisions) if d["utfall"] == "opptatt"]

    def _budget(self) -> None:
        budget = self.meeting.budget()
        if budget is None:
            self._add("decision.budget", "", "decision.no-budget", severity=Severity.INFO, year=self.meeting.date.year)
            return
        now = sum(d.get("tilskudd", 0) for _, d in self.admitted())
        earlier = sum(e.get("tilskudd", 0) for e in self.meeting.data.get("tidligere_opptatt") or [])
        if now + earlier > budget:
            part = Text("decision.earlier-part", {"amount": kroner(earlier)}) if earlier else ""
            self._add("decision.budget", "/vedtak", "decision.over-budget", total=kroner(now + earlier),
                      now="kr " + kroner(now), earlier=part, budget=kroner(budget))

    def participants(self, decision: dict) -> list[str]:
        """The municipalities of a decision's project: the lead and its partners (the meeting file's list,
        else the application's)."""
        if "samarbeidskommuner" in decision:
            partners = list(decision["samarbeidskommuner"])
        else:
            found = (self.applications or {}).get(decision["kommunenummer"], [])
            partners = list(found[0].partners) if len(found) == 1 else []
        return [decision["kommunenummer"], *partners]

    def _grant_cap(self) -> None:
        setting = self.meeting.programme.rules.get("grant.amount")
        per = setting.params.get("tak_per_kommune") if setting else None
        if not per:
            return  # an edition with no cap (2006): nothing to check
        for i, decision in self.admitted():
            count = len(self.participants(decision))
            amount = decision.get("tilskudd", 0)
            if amount > per * count:
                self._add("decision.grant-cap", f"/vedtak/{i}/tilskudd", "decision.over-cap",
                          name=self.name(decision["kommunenummer"]), amount=kroner(amount), cap=kroner(per * count),
                          count=count, per=kroner(per))

    def _once(self) -> None:
        seen: Counter[str] = Counter()
        earlier = {e["kommunenummer"]: e.get("pulje", "?") for e in self.meeting.data.get("tidligere_opptatt") or []}
        for i, decision in self.admitted():
            for number in [decision["kommunenummer"], *decision.get("samarbeidskommuner", [])]:
                seen[number] += 1
                if seen[number] == 2:
                    self._add("decision.once", f"/vedtak/{i}", "decision.twice", name=self.name(number))
                if number in earlier:
                    self._add("decision.once", f"/vedtak/{i}", "decision.earlier", name=self.name(number), round=earlier[number])

    def _known_and_compliant(self) -> None:
        for i, decision in enumerate(self.meeting.decisions):
            number = decision["kommunenummer"]
            found = self.applications.get(number, [])
            if not found:
                given = decision.get("kommunenavn")
                self._add("decision.known-applicant", f"/vedtak/{i}/kommunenummer", "decision.no-application",
                          number=number, name=f" ({given})" if given else "")
                continue
            if len(found) > 1:
                self._add("decision.known-applicant", f"/vedtak/{i}/kommunenummer", "decision.two-applications",
                          number=number, files=", ".join(a.path for a in found))
                continue
            application = found[0]
            for number_ in decision.get("samarbeidskommuner", []):
                if number_ not in application.partners:
                    self._add("decision.known-applicant", f"/vedtak/{i}/samarbeidskommuner", "decision.partner-not-in-application",
                              number=number_, lead=self.name(number))
            if decision["utfall"] == "opptatt" and application.errors and not (decision.get("dispensasjon") or "").strip():
                rules = Words(tuple(sorted({f.rule for f in application.errors})))
                self._add("decision.compliant", f"/vedtak/{i}", "decision.needs-justification",
                          name=self.name(number), count=len(application.errors), rules=rules)

    def is_late(self, decision: dict) -> bool:
        if decision.get("sen_søknad"):
            return True
        found = (self.applications or {}).get(decision["kommunenummer"], [])
        return len(found) == 1 and found[0].late

    def _late(self) -> None:
        for i, decision in self.admitted():
            if self.is_late(decision):
                self._add("decision.late", f"/vedtak/{i}", "decision.late", name=self.name(decision["kommunenummer"]))
