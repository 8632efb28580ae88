"""The letter batch after a decision meeting: plan every document, then write them all.

Planning needs the meeting, the decision check and the application
summaries; it yields one :class:`PlannedDocument` per file with everything
its template needs. Writing (:mod:`kvkdocs.batch`) never looks back at the
applications, so it can stream.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .agreement import localised
from .decisions import ApplicationSummary, DecisionCheck
from .meeting import Meeting
from .messages import join_words, kroner
from .register import language, load_register
from .render.usertemplates import choose_folder, register_samples
from .resources import EXAMPLE_DIR

BODIES = {
    "styringsgruppe": {"nb": ("Styringsgruppen", "styringsgruppen"), "nn": ("Styringsgruppa", "styringsgruppa")},
    "politisk-kontaktmøte": {"nb": ("Det politiske kontaktmøtet", "det politiske kontaktmøtet"),
                             "nn": ("Det politiske kontaktmøtet", "det politiske kontaktmøtet")},
}
TITLES = {
    "opptaksbrev": {"nb": "Opptak i {programme} – pulje {round}", "nn": "Opptak i {programme} – pulje {round}"},
    "avslag": {"nb": "Søknad om deltakelse i {programme} – avslag", "nn": "Søknad om deltaking i {programme} – avslag"},
    "protokoll": {"nb": "Protokoll – {programme}, pulje {round}", "nn": "Protokoll – {programme}, pulje {round}"},
}


@dataclass
class PlannedDocument:
    """One file of the batch: what it is, who gets it, and its template's values."""

    doc_id: str
    kind: str
    lang: str
    file_stem: str
    title: str
    recipient_number: str
    recipient_name: str
    reference: str
    context: dict

    @property
    def template(self) -> str:
        return f"{self.kind}.{self.lang}"


def date_no(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def slug(text: str, limit: int = 60) -> str:
    """A safe, readable ASCII file-name part: «Bærum» → «baerum», «../x» → «x»."""
    text = unicodedata.normalize("NFC", text).casefold()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:limit].strip("-") or "uten-navn"


class Planner:
    """Turns a checked meeting into the list of documents to write."""

    def __init__(self, meeting: Meeting, check: DecisionCheck, templates=None) -> None:
        """``templates``: a folder of the user's templates (``--templates``); else the meeting
        file's ``maler:`` or $KVKDOCS_TEMPLATES (see :func:`choose_folder`)."""
        self.meeting = meeting
        self.check = check
        self.apps = check.applications or {}
        self.register = load_register()
        self._seq = 1
        self.templates = choose_folder(templates, meeting.path, meeting.data.get("maler"))

    # -- shared values ---------------------------------------------------------------

    def municipality(self, number: str) -> tuple[str, str]:
        """(name, language to write in) from the register on the meeting date."""
        row = self.register.lookup(number, self.meeting.date)
        name = row.short_name if row else number
        return name, language(self.register.maalform(number, self.meeting.date))

    def common(self, lang: str) -> dict:
        """Values every document of the meeting shares, each in ``lang`` (sender titles may have nb/nn forms)."""
        m = self.meeting
        body = BODIES[m.data["organ"]][lang]
        sender = {k: "" for k in ("navn", "adresse", "postnummer", "poststed", "saksbehandler", "epost", "telefon",
                                  "underskriver", "underskriver_tittel")}
        sender.update({k: localised(v, lang) for k, v in m.sender.items()})
        return {
            "avsender": sender, "program_navn": m.programme.name(lang), "pulje": m.round,
            "organ": body[0], "organ_ubestemt": body[1], "møtedato": date_no(m.date), "dato": date_no(m.letter_date),
            "dokumentdato_iso": f"{m.letter_date.isoformat()}T00:00:00Z", "sted": m.data["sted"],
            "eksempel": m.is_example,
        }

    def next_reference(self) -> str:
        reference = f"{self.meeting.case}-{self._seq}"
        self._seq += 1
        return reference

    # -- documents -------------------------------------------------------------------

    def plan(self) -> Iterator[PlannedDocument]:
        yield self.minutes()
        for decision in self.meeting.decisions:
            if decision["utfall"] == "opptatt":
                numbers = [decision["kommunenummer"], *self.partners(decision)]
                for number in numbers:
                    yield self.letter("opptaksbrev", decision, number, numbers)
            else:
                yield self.letter("avslag", decision, decision["kommunenummer"], [decision["kommunenummer"]])

    def partners(self, decision: dict) -> list[str]:
        return self.check.participants(decision)[1:]

    def application(self, number: str) -> ApplicationSummary | None:
        found = self.apps.get(number, [])
        return found[0] if len(found) == 1 else None

    def letter(self, kind: str, decision: dict, number: str, participants: list[str]) -> PlannedDocument:
        name, lang = self.municipality(number)
        lead = decision["kommunenummer"]
        app = self.application(lead)
        own = self.application(number) or app
        context = self.common(lang)
        origin, conditions = self.meeting.conditions(lang)
        context.update({
            "mottaker": {"navn": f"{name} kommune", "kontakt": own.contact if own else "", "epost": own.email if own else ""},
            "deres_ref": decision.get("deres_referanse", ""),
            "var_ref": self.next_reference(),
            "prosjekt": decision.get("prosjekt") or (app.project if app else ""),
            "tilskudd": "kr " + kroner(decision.get("tilskudd", 0)),
            "deltakere": join_words([f"{self.municipality(n)[0]} kommune" for n in participants], lang) if len(participants) > 1 else "",
            "sen_søknad": self.check.is_late(decision),
            "vilkår": conditions if kind == "opptaksbrev" else [],
            "vilkår_fra_møtet": origin == "møte",
            # «admitted despite errors» is a claim about the application: only where it has errors
            "dispensasjon": decision.get("dispensasjon", "") if app and app.problems(lang) else "",
            "begrunnelse": decision.get("begrunnelse", ""),
            "mangler": app.problems(lang) if app else [],
            "kopi": join_words(app.unions, lang) if app else "",
        })
        title = TITLES[kind][lang].format(programme=self.meeting.programme.name(lang), round=self.meeting.round)
        return PlannedDocument(f"{self.meeting.date.isoformat()}-{number}-{kind}", kind, lang,
                               f"{number}-{slug(name)}-{kind}", title, number, f"{name} kommune",
                               context["var_ref"], context)

    def minutes(self, lang: str = "nb") -> PlannedDocument:
        context = self.common(lang)
        rows, late, rejected, exempt = [], [], [], []
        sums = {"ordinary": 0, "late": 0}
        for decision in self.meeting.decisions:
            numbers = [decision["kommunenummer"], *self.partners(decision)]
            names = join_words([self.municipality(n)[0] for n in numbers], lang)
            app = self.application(decision["kommunenummer"])
            if decision["utfall"] == "avslått":
                rejected.append({"kommune": names, "begrunnelse": decision.get("begrunnelse", "")})
                continue
            row = {"kommune": names, "prosjekt": decision.get("prosjekt") or (app.project if app else ""),
                   "tilskudd": "kr " + kroner(decision.get("tilskudd", 0))}
            is_late = self.check.is_late(decision)
            (late if is_late else rows).append(row)
            sums["late" if is_late else "ordinary"] += decision.get("tilskudd", 0)
            if (decision.get("dispensasjon") or "").strip() and app and app.problems(lang):
                exempt.append({"kommune": names, "begrunnelse": decision["dispensasjon"]})
        total = sums["ordinary"] + sums["late"]
        earlier = sum(e.get("tilskudd", 0) for e in self.meeting.data.get("tidligere_opptatt") or [])
        budget = self.meeting.budget()
        present = [", ".join(x for x in (localised(p.get(k), lang) for k in ("navn", "rolle", "organisasjon")) if x)
                   for p in self.meeting.data.get("til_stede") or []]
        context.update({
            "til_stede": present, "opptatt": rows, "sene": late, "avslått": rejected, "dispensasjoner": exempt,
            "sum_ordinære": "kr " + kroner(sums["ordinary"]), "sum_sene": "kr " + kroner(sums["late"]),
            "sum_møte": "kr " + kroner(total), "sum_tidligere": "kr " + kroner(earlier) if earlier else "",
            "budsjett": "kr " + kroner(budget) if budget is not None else "",
            "gjenstår": "kr " + kroner(budget - total - earlier) if budget is not None else "",
            "møteår": self.meeting.date.year,
            "underskrift_1": context["avsender"]["underskriver"],
            "underskrift_2": context["avsender"]["saksbehandler"],
        })
        stem = f"protokoll-{self.meeting.date.isoformat()}-pulje-{self.meeting.round}"
        title = TITLES["protokoll"][lang].format(programme=self.meeting.programme.name(lang), round=self.meeting.round)
        return PlannedDocument(stem, "protokoll", lang, stem, title, "", "", self.next_reference(), context)


# -- the example meeting a user's template is checked and described with ---------------------------

@cache
def _example_contexts() -> dict[tuple[str, str], list[dict]]:
    """Every document of the example meeting (kvkdocs/data/eksempel), planned as a real batch is."""
    from .decisions import collect_applications
    from .meeting import load_meeting
    from .programmes import Catalogue

    meeting = load_meeting(EXAMPLE_DIR / "møte.yaml", Catalogue())
    check = DecisionCheck(meeting, collect_applications(EXAMPLE_DIR / "søknader", meeting))
    check.run()  # the example lacks some applications on purpose: its findings do not matter here
    planner = Planner(meeting, check)
    found: dict[tuple[str, str], list[dict]] = {}
    for doc in planner.plan():
        found.setdefault((doc.kind, doc.lang), []).append(doc.context)
    found[("protokoll", "nn")] = [planner.minutes("nn").context]
    return found


for _kind in ("opptaksbrev", "avslag", "protokoll"):
    register_samples(_kind, lambda lang, kind=_kind: _example_contexts()[(kind, lang)])
