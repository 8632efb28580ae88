"""Application rules that need more than JSON Schema: cross-field checks.

Each function gets the application data and a :class:`RuleContext` (the
edition's parameters for the rule, the register, the language) and returns
the spots where the rule fails, or ``NOT_APPLICABLE``. Messages quote the
applicant's own words (goal and project titles) so a reader knows which.
"""

from __future__ import annotations

import re

from ..messages import join_words, kroner, word
from ._access import date, mapping, norwegian_date, number, records, short, text, texts
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


@register_rule(
    "applicant.kommune", "application", "error",
    "Søkeren og hver samarbeidskommune har et kommunenummer som fantes på søknadsdatoen, og navnet passer.",
    "Søkjaren og kvar samarbeidskommune har eit kommunenummer som fanst på søknadsdatoen, og namnet passar.",
    in_schema=True,
)
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
            new = join_words(sorted({f"{c.new_number} {c.new_name}" for c in changes}), ctx.lang)
            successor = ctx.msg("applicant.successor", new=new)
        when = norwegian_date(on) if on else "på søknadsdatoen"
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


@register_rule(
    "application.focus-areas", "application", "error",
    "Søknaden nevner minst ett innsatsområde og beskriver arbeidsformen.",
    "Søknaden nemner minst eitt innsatsområde og skildrar arbeidsforma.",
)
def focus_areas(app: dict, ctx: RuleContext):
    hits = []
    if not texts(app.get("innsatsområder")):
        hits.append(Hit("/innsatsområder", ctx.msg("focus.missing-areas")))
    if not text(app.get("arbeidsform")):
        hits.append(Hit("/arbeidsform", ctx.msg("focus.missing-method")))
    return hits


register_rule(
    "goals.defined", "application", "error",
    "Søknaden har minst ett mål for kommunens eget forbedringsarbeid.",
    "Søknaden har minst eitt mål for forbetringsarbeidet til kommunen.",
    in_schema=True,
)(None)


@register_rule(
    "goals.measurable", "application", "warning",
    "Hvert mål har indikator, utgangsverdi, målverdi og måldato.",
    "Kvart mål har indikator, utgangsverdi, målverdi og måldato.",
)
def goals_measurable(app: dict, ctx: RuleContext):
    goals = records(app, "mål")
    if not goals:
        return NOT_APPLICABLE
    hits = []
    for i, goal in goals:
        missing = [word(k, ctx.lang) for k, ok in (
            ("indicator", text(goal.get("indikator"))),
            ("baseline", number(goal.get("utgangsverdi")) is not None),
            ("target", number(goal.get("målverdi")) is not None),
            ("target-date", date(goal.get("måldato"))),
        ) if not ok]
        if missing:
            hits.append(Hit(f"/mål/{i}", ctx.msg("goals.unmeasurable", goal=short(goal.get("beskrivelse")),
                                                  missing=join_words(missing, ctx.lang))))
    return hits


def _percent(unit: str, wanted: str) -> bool:
    return unit.strip().casefold() in {wanted.casefold(), "%", "prosent", "percent"}


@register_rule(
    "goals.sick-leave", "application", "error",
    "Minst ett mål gjelder sykefravær, med utgangsverdi og målverdi i prosent, og målverdien er lavere.",
    "Minst eitt mål gjeld sjukefråvær, med utgangsverdi og målverdi i prosent, og målverdien er lågare.",
)
def goals_sick_leave(app: dict, ctx: RuleContext):
    theme, unit = ctx.params.get("tema", "sykefravær"), ctx.params.get("enhet", "prosent")
    sick = [(i, g) for i, g in records(app, "mål") if text(g.get("tema")) == theme]
    if not sick:
        return [Hit("/mål", ctx.msg("sick.none"))]
    hits = []
    for i, goal in sick:
        base, target = number(goal.get("utgangsverdi")), number(goal.get("målverdi"))
        label = short(goal.get("beskrivelse"))
        if base is None or target is None or not _percent(text(goal.get("enhet")), unit):
            hits.append(Hit(f"/mål/{i}", ctx.msg("sick.incomplete", goal=label)))
        elif target >= base:
            hits.append(Hit(f"/mål/{i}/målverdi", ctx.msg("sick.not-lower", goal=label, target=_num(target), baseline=_num(base))))
        else:
            return []  # one qualifying goal is enough
    return hits


def _num(value: float) -> str:
    return (f"{value:.2f}".rstrip("0").rstrip(".")).replace(".", ",")


@register_rule(
    "scope.sector", "application", "warning",
    "Hvert prosjekts sektorer ligger innenfor programutgavens sektorer.",
    "Sektorane til kvart prosjekt ligg innanfor sektorane i programutgåva.",
)
def scope_sector(app: dict, ctx: RuleContext):
    projects = records(app, "prosjekter")
    if not projects:
        return NOT_APPLICABLE
    allowed = list(ctx.params.get("sektorer") or [])
    hits = []
    for i, project in projects:
        sectors = project.get("sektorer") if isinstance(project.get("sektorer"), list) else []
        label = short(project.get("tittel"))
        if not texts(sectors):
            hits.append(Hit(f"/prosjekter/{i}", ctx.msg("sector.none", project=label)))
        for j, sector in enumerate(sectors):
            if isinstance(sector, str) and sector not in allowed:
                hits.append(Hit(f"/prosjekter/{i}/sektorer/{j}", ctx.msg(
                    "sector.outside", project=label, sector=sector, allowed=join_words(allowed, ctx.lang))))
    return hits


@register_rule(
    "scope.theme", "application", "error",
    "Hvert prosjekt har ett eller flere tema, alle blant programmets tema.",
    "Kvart prosjekt har eitt eller fleire tema, alle blant temaa i programmet.",
)
def scope_theme(app: dict, ctx: RuleContext):
    projects = records(app, "prosjekter")
    if not projects:
        return NOT_APPLICABLE
    allowed = list(ctx.params.get("tema") or [])
    hits = []
    for i, project in projects:
        themes = project.get("tema") if isinstance(project.get("tema"), list) else []
        label = short(project.get("tittel"))
        if not texts(themes):
            hits.append(Hit(f"/prosjekter/{i}", ctx.msg("theme.none", project=label)))
        for j, theme in enumerate(themes):
            if isinstance(theme, str) and theme not in allowed:
                hits.append(Hit(f"/prosjekter/{i}/tema/{j}", ctx.msg(
                    "theme.outside", project=label, theme=theme, allowed=join_words(allowed, ctx.lang))))
    return hits


@register_rule(
    "project.duration", "application", "warning",
    "Prosjektene har en varighet innenfor programmets ramme (2006: to til tre år; 2011: ferdig innen 31.12.2015).",
    "Prosjekta har ei varigheit innanfor ramma til programmet (2006: to til tre år; 2011: ferdig innan 31.12.2015).",
)
def project_duration(app: dict, ctx: RuleContext):
    projects = records(app, "prosjekter")
    if not projects:
        return NOT_APPLICABLE
    hits = []
    for i, project in projects:
        hits += _duration(ctx, f"/prosjekter/{i}", project)
    return hits


def _duration(ctx: RuleContext, pointer: str, project: dict) -> list[Hit]:
    label = short(project.get("tittel"))
    start, end = date(project.get("start")), date(project.get("slutt"))
    last = date(ctx.params.get("siste_slutt"))
    if end is None or (start is None and last is None):
        return [Hit(pointer, ctx.msg("duration.missing", project=label))]
    if start and end < start:
        return [Hit(pointer + "/slutt", ctx.msg("duration.order", project=label, start=norwegian_date(start), end=norwegian_date(end)))]
    if last and end > last:
        return [Hit(pointer + "/slutt", ctx.msg("duration.too-late", project=label, end=norwegian_date(end), last=norwegian_date(last)))]
    low, high = ctx.params.get("min_år"), ctx.params.get("maks_år")
    if start and low is not None and high is not None:
        slack = ctx.params.get("slingring_dager", 0)
        days = (end - start).days
        if not (low * 365.25 - slack <= days <= high * 365.25 + slack):
            return [Hit(pointer, ctx.msg("duration.span", project=label, years=_num(round(days / 365.25, 1)),
                                         start=norwegian_date(start), end=norwegian_date(end), min=_num(low), max=_num(high)))]
    return []


@register_rule(
    "steering.three-parties", "application", "error",
    "Styringsgruppen har minst ett medlem fra hver part: folkevalgte, administrasjon/ledelse og tillitsvalgte.",
    "Styringsgruppa har minst eitt medlem frå kvar part: folkevalde, administrasjon/leiing og tillitsvalde.",
)
def steering_three_parties(app: dict, ctx: RuleContext):
    present = {text(member.get("part")) for _, member in records(app, "styringsgruppe") if text(member.get("navn"))}
    return [Hit("/styringsgruppe", ctx.msg("steering.missing-party", party=word(party, ctx.lang)))
            for party in PARTIES if party not in present]


@register_rule(
    "anchoring.all-unions", "application", "error",
    "Søknaden nevner de lokale arbeidstakerorganisasjonene, og hver av dem har bekreftet forankringen med navngitt tillitsvalgt og dato.",
    "Søknaden nemner dei lokale arbeidstakarorganisasjonane, og kvar av dei har stadfesta forankringa med namngitt tillitsvald og dato.",
)
def anchoring_all_unions(app: dict, ctx: RuleContext):
    unions = records(app, "arbeidstakerorganisasjoner")
    if not unions:
        return [Hit("/arbeidstakerorganisasjoner", ctx.msg("anchoring.none"))]
    hits = []
    for i, union in unions:
        missing = [word(k, ctx.lang) for k, ok in (
            ("representative", text(union.get("tillitsvalgt"))),
            ("confirmed", date(union.get("bekreftet"))),
        ) if not ok]
        if missing:
            name = text(union.get("organisasjon")) or f"nr. {i + 1}"
            hits.append(Hit(f"/arbeidstakerorganisasjoner/{i}",
                            ctx.msg("anchoring.unconfirmed", union=name, missing=join_words(missing, ctx.lang))))
    return hits


@register_rule(
    "anchoring.political", "application", "warning",
    "Et politisk vedtak står bak søknaden: organ, dato og saksnummer.",
    "Eit politisk vedtak står bak søknaden: organ, dato og saksnummer.",
)
def anchoring_political(app: dict, ctx: RuleContext):
    decision = mapping(app.get("politisk_forankring"))
    missing = [word(k, ctx.lang) for k, ok in (
        ("body", text(decision.get("organ"))),
        ("date", date(decision.get("dato"))),
        ("case-number", text(decision.get("saksnummer"))),
    ) if not ok]
    if missing:
        return [Hit("/politisk_forankring", ctx.msg("political.missing", missing=join_words(missing, ctx.lang)))]
    return []


@register_rule(
    "evaluation.plan", "application", "error",
    "Søknaden har en plan for dokumentasjon og evaluering av prosjektene.",
    "Søknaden har ein plan for dokumentasjon og evaluering av prosjekta.",
)
def evaluation_plan(app: dict, ctx: RuleContext):
    return [] if text(app.get("evaluering")) else [Hit("/evaluering", ctx.msg("evaluation.missing"))]


@register_rule(
    "cooperation.cross-sector", "application", "info",
    "Råd når alle prosjektene ligger i én sektor: avtalen vektlegger samarbeid på tvers.",
    "Råd når alle prosjekta ligg i éin sektor: avtalen legg vekt på samarbeid på tvers.",
)
def cooperation_cross_sector(app: dict, ctx: RuleContext):
    sectors = {s for _, p in records(app, "prosjekter") for s in texts(p.get("sektorer"))}
    if not sectors:
        return NOT_APPLICABLE
    if len(sectors) == 1:
        return [Hit("/prosjekter", ctx.msg("cross-sector.single", sector=next(iter(sectors))))]
    return []


@register_rule(
    "grant.amount", "application", "error",
    "Søkt tilskudd er et positivt helt kronebeløp og ikke over utgavens tak per deltakende kommune.",
    "Søkt tilskot er eit positivt heilt kronebeløp og ikkje over taket i utgåva per deltakande kommune.",
    in_schema=True,
)
def grant_amount(app: dict, ctx: RuleContext):
    amount = mapping(app.get("tilskudd")).get("beløp")
    cap = ctx.params.get("tak_per_kommune")
    if not cap or isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        return []
    count = 1 + len(records(app, "samarbeidskommuner"))
    if amount > cap * count:
        return [Hit("/tilskudd/beløp", ctx.msg("grant.over-cap", amount=kroner(amount), cap=kroner(cap * count),
                                                count=count, per=kroner(cap)))]
    return []


@register_rule(
    "application.deadline", "application", "warning",
    "Søknaden kom inn innen fristen (når en frist er oppgitt).",
    "Søknaden kom inn innan fristen (når ein frist er oppgitt).",
)
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
