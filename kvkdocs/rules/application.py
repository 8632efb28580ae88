"""Application rules that need more than JSON Schema: cross-field checks.

Each function gets the application data and a :class:`RuleContext` (the
edition's parameters for the rule, the register, the deadline) and returns
the spots where the rule fails, or ``NOT_APPLICABLE``. A spot's message is a
key and its values (``ctx.msg``), never a sentence: the checker says it in
bokmål or nynorsk. Messages quote the applicant's own words (goal and project
titles) so a reader knows which.

Each rule is registered by a call right after its function, not by a
decorator: mutmut (``make mutation``) does not mutate a decorated function,
so with ``@register_rule`` no rule body would be tested for being tested.
The calls run in the same order as the decorators did, so the rule table's
order (``kvkdocs rules``, the README) is the same.
"""

from __future__ import annotations

import re

from ..amounts import AmountError, parse_amount
from ..findings import Severity
from ..messages import Word, Words, kroner
from ._access import date, mapping, norwegian_date, number, records, short, text, texts
from ._joint import answer, municipalities, owner, place_name, union_key
from ._terms import Terms, norm
from .registry import NOT_APPLICABLE, Hit, RuleContext, register_rule

_FOUR_DIGITS = re.compile(r"[0-9]{4}\Z")
PARTIES = ("folkevalgte", "administrasjon", "tillitsvalgte")


def _same_name(given: str, official: str, short_name: str) -> bool:
    given = re.sub(r"\s+kommune\Z", "", given.strip(), flags=re.I).casefold()
    return given in {official.casefold(), short_name.casefold()} or given in official.casefold().split(" - ")


def _participants(app: dict) -> list[tuple[str, dict]]:
    found = [("/søker", mapping(app.get("søker")))] if isinstance(app.get("søker"), dict) else []
    found += [(f"/samarbeidskommuner/{i}", p) for i, p in records(app, "samarbeidskommuner")]
    return found


def applicant_kommune(app: dict, ctx: RuleContext):
    on = date(app.get("søknadsdato"))
    hits, seen = [], set()
    for pointer, entry in _participants(app):
        number_ = entry.get("kommunenummer")
        if not isinstance(number_, str) or not _FOUR_DIGITS.match(number_):
            continue  # the schema reports the form
        if number_ in seen:
            hits.append(Hit(pointer + "/kommunenummer", ctx.msg("applicant.partner-duplicate", number=number_)))
        seen.add(number_)
        hits += _check_number(ctx, pointer, entry, number_, on)
    hits += _check_orgnr(ctx, mapping(app.get("søker")), on)
    return hits


register_rule(
    "applicant.kommune", "application", "error",
    "Søkeren og hver samarbeidskommune har et kommunenummer som fantes på søknadsdatoen, og navnet passer.",
    "Søkjaren og kvar samarbeidskommune har eit kommunenummer som fanst på søknadsdatoen, og namnet passar.",
    in_schema=True,
)(applicant_kommune)


def _check_number(ctx: RuleContext, pointer: str, entry: dict, number_: str, on) -> list[Hit]:
    history = ctx.register.history(number_)
    changes = ctx.register.successors(number_)
    if not history and not changes:
        return [Hit(pointer + "/kommunenummer", ctx.msg("applicant.unknown", number=number_))]
    row = ctx.register.lookup(number_, on) if on else (history[-1] if history else None)
    if row is None:
        name = max(history, key=lambda m: m.valid_from).name if history else changes[0].old_name
        successor = ""
        if changes:
            new = Words(tuple(sorted({f"{c.new_number} {c.new_name}" for c in changes})))
            successor = ctx.msg("applicant.successor", new=new)
        when = norwegian_date(on) if on else ctx.msg("applicant.on-application-date")
        text_ = ctx.msg("applicant.retired", number=number_, name=name, date=when, successor=successor)
        return [Hit(pointer + "/kommunenummer", text_)]
    given = text(entry.get("kommunenavn"))
    if given and not _same_name(given, row.name, row.short_name):
        return [Hit(pointer + "/kommunenavn",
                    ctx.msg("applicant.name-mismatch", given=given, number=number_, name=row.name))]
    return []


def _check_orgnr(ctx: RuleContext, applicant: dict, on) -> list[Hit]:
    value = applicant.get("organisasjonsnummer")
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{3} ?[0-9]{3} ?[0-9]{3}", value):
        return []
    from stdnum.no import orgnr as stdnum_orgnr  # imported only when an application gives one

    compact = value.replace(" ", "")
    if not stdnum_orgnr.is_valid(compact):
        return [Hit("/søker/organisasjonsnummer", ctx.msg("applicant.orgnr-invalid", value=value))]
    number_ = applicant.get("kommunenummer")
    row = ctx.register.lookup(number_, on) if isinstance(number_, str) and on else None
    if row and row.orgnr and row.orgnr != compact:
        return [Hit("/søker/organisasjonsnummer",
                    ctx.msg("applicant.orgnr-mismatch", value=value, name=row.name, expected=row.orgnr))]
    return []


register_rule(
    "applicant.contact", "application", "error",
    "Søknaden har en kontaktperson med navn og gyldig e-postadresse.",
    "Søknaden har ein kontaktperson med namn og gyldig e-postadresse.",
    in_schema=True,
)(None)


def focus_areas(app: dict, ctx: RuleContext):
    hits = []
    if not texts(app.get("innsatsområder")):
        hits.append(Hit("/innsatsområder", ctx.msg("focus.missing-areas")))
    if not text(app.get("arbeidsform")):
        hits.append(Hit("/arbeidsform", ctx.msg("focus.missing-method")))
    return hits


register_rule(
    "application.focus-areas", "application", "error",
    "Søknaden nevner minst ett innsatsområde og beskriver arbeidsformen.",
    "Søknaden nemner minst eitt innsatsområde og skildrar arbeidsforma.",
)(focus_areas)


register_rule(
    "goals.defined", "application", "error",
    "Søknaden har minst ett mål for kommunens eget forbedringsarbeid.",
    "Søknaden har minst eitt mål for forbetringsarbeidet til kommunen.",
    in_schema=True,
)(None)


def goals_measurable(app: dict, ctx: RuleContext):
    goals = records(app, "mål")
    if not goals:
        return NOT_APPLICABLE
    hits = []
    for i, goal in goals:
        missing = [Word(k) for k, ok in (
            ("indicator", text(goal.get("indikator"))),
            ("baseline", number(goal.get("utgangsverdi")) is not None),
            ("target", number(goal.get("målverdi")) is not None),
            ("target-date", date(goal.get("måldato"))),
        ) if not ok]
        if missing:
            hits.append(Hit(f"/mål/{i}", ctx.msg("goals.unmeasurable", goal=short(goal.get("beskrivelse")),
                                                  missing=Words(tuple(missing)))))
    return hits


register_rule(
    "goals.measurable", "application", "warning",
    "Hvert mål har indikator, utgangsverdi, målverdi og måldato.",
    "Kvart mål har indikator, utgangsverdi, målverdi og måldato.",
)(goals_measurable)


def _sick_leave_goals(app: dict, terms: Terms, directions: dict[str, str]) -> list[tuple[int, dict, str]]:
    """(index, goal, direction) for each goal on sick leave or attendance.

    A goal's theme decides, in any målform or spelling the edition knows; a
    goal with no theme counts when its description names the theme.
    """
    found = []
    for i, goal in records(app, "mål"):
        code = terms.code_of(goal.get("tema"))
        if code is None and not text(goal.get("tema")):
            words = norm(text(goal.get("beskrivelse")))
            code = next((c for c in directions if any(w in words for w in terms.words_for(c) if len(w) > 4)), None)
        if code in directions:
            found.append((i, goal, directions[code]))
    return found


def goals_sick_leave(app: dict, ctx: RuleContext):
    directions = dict(ctx.params.get("retning") or {"sykefravær": "ned"})
    terms = Terms.of(ctx.programme)
    goals = _sick_leave_goals(app, terms, directions)
    if not goals:
        return [Hit("/mål", ctx.msg("sick.none"))]
    hits = []
    for i, goal, direction in goals:
        base, target = number(goal.get("utgangsverdi")), number(goal.get("målverdi"))
        if base is None or target is None:
            return []  # the form of the goal is goals.measurable's warning
        if (target < base) if direction == "ned" else (target > base):
            return []  # one goal in the right direction is enough
        unit = text(goal.get("enhet"))
        hits.append(Hit(f"/mål/{i}/målverdi", ctx.msg(
            "sick.not-lower" if direction == "ned" else "sick.not-higher", goal=short(goal.get("beskrivelse")),
            target=_num(target) + (" " + unit if unit else ""), baseline=_num(base) + (" " + unit if unit else ""))))
    return hits


register_rule(
    "goals.sick-leave", "application", "error",
    "Minst ett mål gjelder sykefravær eller nærvær; med utgangsverdi og målverdi går sykefraværet ned og nærværet opp.",
    "Minst eitt mål gjeld sjukefråvær eller nærvær; med utgangsverdi og målverdi går sjukefråværet ned og nærværet opp.",
)(goals_sick_leave)


def _num(value: float) -> str:
    return (f"{value:.2f}".rstrip("0").rstrip(".")).replace(".", ",")


def _outside(app: dict, ctx: RuleContext, key: str, field: str, allowed: list[str]) -> list[Hit]:
    """Hits for the words of each project's ``key`` list that are not among ``allowed`` codes."""
    terms = Terms.of(ctx.programme)
    hits = []
    for i, project in records(app, "prosjekter"):
        values = project.get(key) if isinstance(project.get(key), list) else []
        label = short(project.get("tittel"))
        if not texts(values):
            hits.append(Hit(f"/prosjekter/{i}", ctx.msg(field + ".none", project=label)))
        for j, value in enumerate(values):
            if isinstance(value, str) and value.strip() and terms.code_of(value) not in allowed:
                hits.append(Hit(f"/prosjekter/{i}/{key}/{j}", ctx.msg(
                    field + ".outside", project=label, value=terms.shown(value),
                    allowed=terms.names(allowed))))
    return hits


def scope_sector(app: dict, ctx: RuleContext):
    if not records(app, "prosjekter"):
        return NOT_APPLICABLE
    return _outside(app, ctx, "sektorer", "sector", list(ctx.params.get("sektorer") or []))


register_rule(
    "scope.sector", "application", "warning",
    "Hvert prosjekts sektorer ligger innenfor programutgavens sektorer.",
    "Sektorane til kvart prosjekt ligg innanfor sektorane i programutgåva.",
)(scope_sector)


def scope_theme(app: dict, ctx: RuleContext):
    if not records(app, "prosjekter"):
        return [Hit("/prosjekter", ctx.msg("theme.no-projects"))]
    return _outside(app, ctx, "tema", "theme", list(ctx.params.get("tema") or []))


register_rule(
    "scope.theme", "application", "error",
    "Søknaden har minst ett prosjekt, og hvert prosjekt har ett eller flere tema, alle blant programmets tema.",
    "Søknaden har minst eitt prosjekt, og kvart prosjekt har eitt eller fleire tema, alle blant temaa i programmet.",
)(scope_theme)


def project_duration(app: dict, ctx: RuleContext):
    projects = records(app, "prosjekter")
    if not projects:
        return NOT_APPLICABLE
    hits = []
    for i, project in projects:
        hits += _duration(ctx, f"/prosjekter/{i}", project)
    return hits


register_rule(
    "project.duration", "application", "warning",
    "Prosjektene har en varighet innenfor programmets ramme (2006: to til tre år; 2011: ferdig innen 31.12.2015).",
    "Prosjekta har ei varigheit innanfor ramma til programmet (2006: to til tre år; 2011: ferdig innan 31.12.2015).",
)(project_duration)


def _duration(ctx: RuleContext, pointer: str, project: dict) -> list[Hit]:
    label = short(project.get("tittel"))
    start, end = date(project.get("start")), date(project.get("slutt"))
    last = date(ctx.params.get("siste_slutt"))
    if start and end and end < start:  # impossible in any edition, so an error even where the rule warns
        return [Hit(pointer + "/slutt", ctx.msg("duration.order", project=label, start=norwegian_date(start),
                                                end=norwegian_date(end)), Severity.ERROR)]
    if last is not None:  # the programme has a last day: only the end date matters
        if end is None:
            return [Hit(pointer, ctx.msg("duration.no-end", project=label, last=norwegian_date(last)), Severity.WARNING)]
        if end > last:
            return [Hit(pointer + "/slutt", ctx.msg("duration.too-late", project=label, end=norwegian_date(end),
                                                    last=norwegian_date(last)))]
        return []
    if start is None or end is None:
        return [Hit(pointer, ctx.msg("duration.missing", project=label))]
    low, high = ctx.params.get("min_år"), ctx.params.get("maks_år")
    if low is not None and high is not None:
        slack = ctx.params.get("slingring_dager", 0)
        days = (end - start).days
        if not (low * 365.25 - slack <= days <= high * 365.25 + slack):
            return [Hit(pointer, ctx.msg("duration.span", project=label, years=_num(round(days / 365.25, 1)),
                                         start=norwegian_date(start), end=norwegian_date(end), min=_num(low), max=_num(high)))]
    return []


def _where(ctx: RuleContext, places: list, index: int):
    """« for Naustdal» in a joint project, nothing for a single municipality."""
    return ctx.msg("joint.where", name=place_name(places[index])) if len(places) > 1 else ""


def _unknown_place(ctx: RuleContext, pointer: str, row: dict) -> Hit:
    return Hit(pointer + "/kommune", ctx.msg("joint.unknown-municipality", value=text(str(row.get("kommune")))))


def steering_three_parties(app: dict, ctx: RuleContext):
    places = municipalities(app)
    present: list[set[str]] = [set() for _ in places]
    hits = []
    for i, member in records(app, "styringsgruppe"):
        if not text(member.get("navn")):
            continue
        index = owner(member, places)
        if index is None:
            hits.append(_unknown_place(ctx, f"/styringsgruppe/{i}", member))
            continue
        present[index].add(text(member.get("part")))
    for index, parties in enumerate(present):
        missing = Words(tuple(Word(p) for p in PARTIES if p not in parties))
        if missing.items and len(places) > 1:
            hits.append(Hit("/styringsgruppe", ctx.msg("steering.missing-party-joint", party=missing,
                                                       name=place_name(places[index]))))
        elif missing.items:
            hits.append(Hit("/styringsgruppe", ctx.msg("steering.missing-party", party=missing)))
    return hits


register_rule(
    "steering.three-parties", "application", "error",
    "Styringsgruppen har minst ett medlem fra hver part: folkevalgte, administrasjon/ledelse og tillitsvalgte; "
    "i et felles prosjekt for hver kommune.",
    "Styringsgruppa har minst eitt medlem frå kvar part: folkevalde, administrasjon/leiing og tillitsvalde; "
    "i eit felles prosjekt for kvar kommune.",
)(steering_three_parties)


def anchoring_all_unions(app: dict, ctx: RuleContext):
    places = municipalities(app)
    listed: list[set[str]] = [set() for _ in places]
    hits = []
    for i, union in records(app, "arbeidstakerorganisasjoner"):
        index = owner(union, places)
        if index is None:
            hits.append(_unknown_place(ctx, f"/arbeidstakerorganisasjoner/{i}", union))
            continue
        name = text(union.get("organisasjon"))
        if name:
            listed[index].add(union_key(name))
        missing = [Word(k) for k, ok in (
            ("representative", text(union.get("tillitsvalgt"))),
            ("confirmed", date(union.get("bekreftet"))),
        ) if not ok]
        if missing:
            hits.append(Hit(f"/arbeidstakerorganisasjoner/{i}", ctx.msg(
                "anchoring.unconfirmed", union=name or f"nr. {i + 1}", missing=Words(tuple(missing)),
                where=_where(ctx, places, index))))
    for index, place in enumerate(places):
        where = _where(ctx, places, index)
        if not listed[index]:
            hits.append(Hit("/arbeidstakerorganisasjoner", ctx.msg("anchoring.none", where=where)))
        said = answer(place.statement)
        pointer = ("" if index == 0 else place.pointer) + "/alle_organisasjoner_med"
        if said is None:
            hits.append(Hit(pointer, ctx.msg("anchoring.no-statement", where=where)))
        elif not said:
            hits.append(Hit(pointer, ctx.msg("anchoring.incomplete", where=where)))
    for i, member in records(app, "styringsgruppe"):
        union, index = text(member.get("organisasjon")), owner(member, places)
        if union and index is not None and union_key(union) not in listed[index]:
            hits.append(Hit(f"/styringsgruppe/{i}/organisasjon", ctx.msg(
                "anchoring.member-union", member=text(member.get("navn")) or f"nr. {i + 1}", union=union,
                where=_where(ctx, places, index))))
    return hits


register_rule(
    "anchoring.all-unions", "application", "error",
    "Hver kommune lister sine lokale arbeidstakerorganisasjoner, hver bekreftet med tillitsvalgt og dato, og sier at "
    "listen er fullstendig; en organisasjon et medlem av styringsgruppen representerer, står på listen.",
    "Kvar kommune listar dei lokale arbeidstakarorganisasjonane sine, kvar stadfesta med tillitsvald og dato, og seier at "
    "lista er fullstendig; ein organisasjon som eit medlem av styringsgruppa representerer, står på lista.",
)(anchoring_all_unions)


def anchoring_political(app: dict, ctx: RuleContext):
    decision = mapping(app.get("politisk_forankring"))
    missing = [Word(k) for k, ok in (
        ("body", text(decision.get("organ"))),
        ("date", date(decision.get("dato"))),
        ("case-number", text(decision.get("saksnummer"))),
    ) if not ok]
    if missing:
        return [Hit("/politisk_forankring", ctx.msg("political.missing", missing=Words(tuple(missing))))]
    return []


register_rule(
    "anchoring.political", "application", "warning",
    "Et politisk vedtak står bak søknaden: organ, dato og saksnummer.",
    "Eit politisk vedtak står bak søknaden: organ, dato og saksnummer.",
)(anchoring_political)


def evaluation_plan(app: dict, ctx: RuleContext):
    return [] if text(app.get("evaluering")) else [Hit("/evaluering", ctx.msg("evaluation.missing"))]


register_rule(
    "evaluation.plan", "application", "warning",
    "Søknaden har en plan for dokumentasjon og evaluering av prosjektene.",
    "Søknaden har ein plan for dokumentasjon og evaluering av prosjekta.",
)(evaluation_plan)


def cooperation_cross_sector(app: dict, ctx: RuleContext):
    terms = Terms.of(ctx.programme)
    sectors = {terms.code_of(s) or norm(s): s for _, p in records(app, "prosjekter") for s in texts(p.get("sektorer"))}
    if not sectors:
        return NOT_APPLICABLE
    if len(sectors) == 1:
        return [Hit("/prosjekter", ctx.msg("cross-sector.single", sector=terms.shown(next(iter(sectors.values())))))]
    return []


register_rule(
    "cooperation.cross-sector", "application", "info",
    "Råd når alle prosjektene ligger i én sektor: avtalen vektlegger samarbeid på tvers.",
    "Råd når alle prosjekta ligg i éin sektor: avtalen legg vekt på samarbeid på tvers.",
)(cooperation_cross_sector)


def grant_amount(app: dict, ctx: RuleContext):
    grant = app.get("tilskudd")
    if not isinstance(grant, dict):
        return []  # a grant request is optional; a wrong type is the schema's
    hits: list[Hit] = []
    amount = _amount(ctx, grant.get("beløp"), "/tilskudd/beløp", ctx.msg("grant.requested"), hits) \
        if grant.get("beløp") is not None else None
    cap = ctx.params.get("tak_per_kommune")
    count = 1 + len(records(app, "samarbeidskommuner"))
    if cap and amount is not None and amount > cap * count:
        hits.append(Hit("/tilskudd/beløp", ctx.msg("grant.over-cap", amount=kroner(amount), cap=kroner(cap * count),
                                                    count=count, per=kroner(cap))))
    lines = records(grant, "budsjett")
    parts = [_amount(ctx, line.get("beløp"), f"/tilskudd/budsjett/{i}/beløp",
                     ctx.msg("grant.line", post=text(line.get("post")) or f"nr. {i + 1}"), hits)
             for i, line in lines if line.get("beløp") is not None]
    if lines and amount is not None and amount >= 0 and parts and None not in parts and sum(parts) != amount:
        hits.append(Hit("/tilskudd/budsjett", ctx.msg("grant.budget-sum", total=kroner(sum(parts)),
                                                       amount=kroner(amount)), Severity.WARNING))
    return hits


register_rule(
    "grant.amount", "application", "error",
    "Et søkt tilskudd (valgfritt) er et helt kronebeløp, ikke negativt og ikke over utgavens tak per deltakende kommune; "
    "budsjettpostene summerer seg til det.",
    "Eit søkt tilskot (valfritt) er eit heilt kronebeløp, ikkje negativt og ikkje over taket i utgåva per deltakande "
    "kommune; budsjettpostane summerer seg til det.",
    in_schema=True,
)(grant_amount)


def _amount(ctx: RuleContext, raw, pointer: str, what, hits: list[Hit]) -> int | None:
    """The amount in whole kroner, or ``None`` with a hit that quotes what was written."""
    try:
        amount = parse_amount(raw)
    except AmountError as exc:
        shown = raw if isinstance(raw, str) else str(raw)
        hits.append(Hit(pointer, ctx.msg("grant.not-whole" if exc.reason == "whole" else "grant.unreadable",
                                         what=what, value=" ".join(shown.split())[:80])))
        return None
    if amount < 0:
        hits.append(Hit(pointer, ctx.msg("grant.negative", what=what, amount=kroner(-amount))))
        return None
    return amount


def application_deadline(app: dict, ctx: RuleContext):
    if ctx.deadline is None:
        return NOT_APPLICABLE
    received = date(app.get("mottatt")) or date(app.get("søknadsdato"))
    if received is None:
        return NOT_APPLICABLE
    if received > ctx.deadline:
        pointer = "/mottatt" if date(app.get("mottatt")) else "/søknadsdato"
        return [Hit(pointer, ctx.msg("deadline.late", received=norwegian_date(received), deadline=norwegian_date(ctx.deadline)))]
    return []


register_rule(
    "application.deadline", "application", "warning",
    "Søknaden kom inn innen fristen (når en frist er oppgitt).",
    "Søknaden kom inn innan fristen (når ein frist er oppgitt).",
)(application_deadline)
