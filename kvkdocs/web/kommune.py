"""The municipalities' pages: invitations (for the secretariat), setting up an account, and the guided form.

A municipality's user sees only its own municipality's drafts: every query
takes the user's kommunenummer (:func:`kvkdocs.db.kommune.draft_of`), so
another municipality's id answers 404, never its data. The form is the
application schema and the document model laid out as steps
(:mod:`kvkdocs.web.skjema`); each submit saves the draft and checks it with
the library's checker, the one ``kvkdocs validate`` uses, so the findings
beside a field are the same words and citations as on the command line.
"""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import threading
from urllib.parse import parse_qsl

from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from ..db import accounts, kommune
from ..db.accounts import AccountError
from ..db.models import Round
from ..load import Document
from ..messages import Text
from ..register import language
from . import skjema
from .security import SESSION_COOKIE, check_csrf, require_role
from .texts import COOKIE as LANG_COOKIE
from .texts import LANGS, lang_of, translate
from .views import NOT_FOUND, _get_or_404, _session, _web
from .views import _int_id as _int

#: A step's form holds at most this much; a larger body is refused before it is read whole.
FORM_LIMIT = 512 * 1024
#: ... and at most this many fields (a step with every list full has a few hundred).
MAX_FIELDS = 5000
INVITE_CSRF_COOKIE = "kvk_csrf_inv"
SECRETARIAT = ("sekretariat",)


# -- rendering in the municipality's målform -----------------------------------------------


def _page_lang(request: Request) -> str:
    return getattr(request.state, "kommune_lang", None) or lang_of(request)


def page_context(request: Request) -> dict:
    """The municipality pages' målform and ``t`` (for :attr:`kvkdocs.web.app.WebApp.kommune_templates`)."""
    lang = _page_lang(request)
    return {"lang": lang, "t": lambda text, **values: translate(lang, text, **values)}


def _render(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    return _web(request).kommune_templates.TemplateResponse(request, name, context, status_code=status_code)


def _t(request: Request, text: str, **values) -> str:
    return translate(_page_lang(request), text, **values)


def _lang_for(request: Request, number: str, day: dt.date) -> str:
    """The browser's chosen målform, else the municipality's own (nynorsk for a nynorsk municipality)."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    return language(_web(request).app.register.maalform(number, day))


# -- who is asking ---------------------------------------------------------------------------


def _municipality_user(request: Request, db):
    """The logged-in municipality user's session and kommunenummer; login page if none, 403 for others."""
    row = _session(request, db)
    number = kommune.municipality_of(db, row.user)
    if number is None:
        raise HTTPException(403, "Du har ikke tilgang til dette. Spør sekretariatet om du trenger tilgang.")
    return row, number


def _secretariat(request: Request, db):
    row = _session(request, db)
    require_role(row.user, *SECRETARIAT)
    return row, _get_or_404(db, Round, _int(request, "round_id"))


async def _small_form(request: Request) -> FormData:
    """An url-encoded form of at most :data:`FORM_LIMIT` bytes, counted as it arrives."""
    try:
        declared = int(request.headers.get("content-length", "0"))
    except ValueError:
        declared = 0
    too_big = _t(request, "Skjemaet du sendte er for stort (over {kb} kB). Ingen felt tar så mye tekst; "
                 "kort ned teksten og send igjen.", kb=FORM_LIMIT // 1024)
    if declared > FORM_LIMIT:
        raise HTTPException(413, too_big)
    body = bytearray()
    async for chunk in request.stream():
        body.extend(chunk)
        if len(body) > FORM_LIMIT:
            raise HTTPException(413, too_big)
    try:
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:  # more fields than any step has (parse_qsl says so with a ValueError)
        raise HTTPException(413, _t(request, "Skjemaet du sendte har for mange felt (over {antall}). Last siden "
                                             "på nytt og send skjemaet derfra.", antall=MAX_FIELDS)) from None
    return FormData(pairs)


# -- the secretariat invites ------------------------------------------------------------------


def _invitation_page(request, db, row, round_, created=(), problem=None, status_code=200, revoked=None):
    web = _web(request)
    register = web.app.register
    existing = kommune.invitations(db, round_)
    latest = {}
    for invitation in existing:
        latest[invitation.kommunenummer] = invitation
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    municipalities = sorted(register.valid_on(round_.deadline), key=lambda m: m.number)
    names = {m.number: m.short_name for m in municipalities}
    still_open = [i for i in latest.values() if kommune.is_open(i, now)]
    return _render(request, "kommune/invitasjoner.html", {
        "user": row.user, "csrf": row.csrf_token, "round": round_, "municipalities": municipalities,
        "latest": latest, "now": now, "created": created, "problem": problem, "revoked": revoked,
        "open": still_open, "names": names, "log": kommune.invitation_log(db, round_),
        "revoked_at": kommune.revoked_at(db, round_),
        "base": str(request.base_url).rstrip("/")}, status_code=status_code)


def invitations_page(request: Request) -> Response:
    with _web(request).db() as db:
        row, round_ = _secretariat(request, db)
        return _invitation_page(request, db, row, round_)


async def invite(request: Request) -> Response:
    """Invite the chosen municipalities (or all in the register on the round's date); the links are shown once."""
    web = _web(request)
    form = await _small_form(request)

    def work():
        with web.db() as db:
            row, round_ = _secretariat(request, db)
            check_csrf(row.csrf_token, form.get("csrf"))
            valid = {m.number: m for m in web.app.register.valid_on(round_.deadline)}
            chosen = list(valid) if form.get("alle") == "ja" else [str(n) for n in form.getlist("kommune")]
            unknown = [n for n in chosen if n not in valid]
            if not chosen or unknown:
                problem = (_t(request, "Velg minst én kommune å invitere.") if not chosen else
                           _t(request, "Kommunenummer {nummer} fantes ikke på rundens dato.", nummer=unknown[0][:10]))
                return _invitation_page(request, db, row, round_, problem=problem, status_code=400)
            programme = web.app.catalogue.get(round_.edition)
            day = min(dt.date.today(), round_.deadline)

            def initial(number):
                return skjema.initial(valid[number], programme, day)

            created = kommune.invite(db, row.user, round_, [(n, valid[n].short_name) for n in sorted(set(chosen))],
                                     initial=initial)
            db.commit()
            return _invitation_page(request, db, row, round_, created=created)

    return await run_in_threadpool(work)


async def revoke(request: Request) -> Response:
    """End one open invitation of the round at once (a link sent to the wrong person); logged.

    An invitation of another round, or one already used or ended, answers 404:
    the address names this round's open links only.
    """
    web = _web(request)
    form = await _small_form(request)

    def work():
        with web.db() as db:
            row, round_ = _secretariat(request, db)
            check_csrf(row.csrf_token, form.get("csrf"))
            register = web.app.register

            def name_of(number):
                found = register.lookup(number, round_.deadline)
                return found.short_name if found else ""

            ended = kommune.revoke(db, row.user, round_, _int(request, "invitation_id"), name_of=name_of)
            if ended is None:
                raise HTTPException(404, NOT_FOUND)
            db.commit()
            number = ended.kommunenummer
            return _invitation_page(request, db, row, round_, revoked=(number, name_of(number)))

    return await run_in_threadpool(work)


# -- the invited contact sets a password -----------------------------------------------------------


STATE_TEXT = {
    "used": "Lenken er allerede brukt. Hver invitasjon kan brukes én gang. Logg inn med brukernavnet og "
            "passordet du valgte, eller be sekretariatet om en ny invitasjon.",
    "expired": "Lenken er utløpt. Be sekretariatet om en ny invitasjon.",
    "unknown": "Vi finner ingen invitasjon med denne lenken. Sjekk at du har kopiert hele lenken fra e-posten.",
}


def _invitation_state(request: Request, db):
    invitation, state = kommune.find_invitation(db, request.path_params["token"])
    if invitation is not None:
        request.state.kommune_lang = _lang_for(request, invitation.kommunenummer, invitation.round.deadline)
    if state != "open":
        status = 404 if state == "unknown" else 410
        title = _t(request, "Invitasjonen kan ikke brukes")
        return invitation, _render(request, "feil.html", {"title": title, "message": STATE_TEXT[state],
                                                          "user": None, "csrf": ""}, status_code=status)
    return invitation, None


def _accept_page(request, invitation, csrf, error=None, status_code=200):
    web = _web(request)
    municipality = web.app.register.lookup(invitation.kommunenummer, invitation.round.deadline)
    request.state.kommune_lang = _lang_for(request, invitation.kommunenummer, invitation.round.deadline)
    return _render(request, "kommune/invitasjon.html", {
        "user": None, "csrf": None, "form_csrf": csrf, "invitation": invitation, "error": error,
        "name": municipality.short_name if municipality else invitation.kommunenummer,
        "username": kommune.username_for(invitation.kommunenummer),
        "min_length": accounts.MIN_PASSWORD_LENGTH}, status_code=status_code)


def invitation_form(request: Request) -> Response:
    with _web(request).db() as db:
        invitation, refused = _invitation_state(request, db)
        if refused:
            return refused
        token = secrets.token_urlsafe(32)
        response = _accept_page(request, invitation, token)
    response.set_cookie(INVITE_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/invitasjon",
                        secure=_web(request).settings.secure_cookies)
    return response


async def accept_invitation(request: Request) -> Response:
    web = _web(request)
    form = await _small_form(request)
    check_csrf(request.cookies.get(INVITE_CSRF_COOKIE), form.get("csrf"))
    password, again = str(form.get("passord", "")), str(form.get("gjenta", ""))

    def work():
        with web.db() as db:
            invitation, refused = _invitation_state(request, db)
            if refused:
                return refused, None
            csrf = request.cookies.get(INVITE_CSRF_COOKIE)
            if password != again:
                return _accept_page(request, invitation, csrf, "De to passordene er ikke like. Skriv det samme "
                                    "passordet i begge feltene.", 400), None
            try:
                municipality = web.app.register.lookup(invitation.kommunenummer, invitation.round.deadline)
                name = f"{municipality.short_name} kommune" if municipality else ""
                user = kommune.accept(db, invitation, password, name)
            except AccountError as exc:
                db.rollback()
                return _accept_page(request, invitation, csrf, exc.in_language(_page_lang(request)), 400), None
            token, _ = accounts.start_session(db, user)
            db.commit()
            return None, token

    refused, token = await run_in_threadpool(work)
    if refused is not None:
        return refused
    response = RedirectResponse("/kommune", status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=web.settings.secure_cookies, max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(INVITE_CSRF_COOKIE, path="/invitasjon")
    return response


# -- the municipality's own pages ---------------------------------------------------------------


def home(request: Request) -> Response:
    with _web(request).db() as db:
        row, number = _municipality_user(request, db)
        drafts = kommune.drafts_of(db, number)
        day = drafts[0].round.deadline if drafts else dt.date.today()
        request.state.kommune_lang = _lang_for(request, number, day)
        municipality = _web(request).app.register.lookup(number, day)
        web = _web(request)
        errors = {d.id: findings(web, d.round, d.latest.data, request.state.kommune_lang).errors for d in drafts}
        states = {d.id: state_of(web, db, d) for d in drafts}
        sent = {d.id: kommune.submissions(db, d) for d in drafts}
        return _render(request, "kommune/hjem.html", {
            "user": row.user, "csrf": row.csrf_token, "drafts": drafts, "number": number, "errors": errors,
            "states": states, "sent": sent,
            "name": municipality.short_name if municipality else number})


def _draft(request: Request, db, number: str):
    draft = kommune.draft_of(db, _int(request, "draft_id"), number)
    if draft is None:
        raise HTTPException(404, NOT_FOUND)
    return draft


def start(request: Request) -> Response:
    with _web(request).db() as db:
        _, number = _municipality_user(request, db)
        draft = _draft(request, db, number)
        return RedirectResponse(f"/kommune/soknader/{draft.id}/{skjema.steps()[0].key}", status_code=303)


class LiveFindings:
    """One checker per målform for the form's live findings, made by the web application, used in turn.

    A :class:`~kvkdocs.check.Checker` fills its caches (schemas, rule plans)
    as it goes, so each is used by one thread at a time; a check of a draft
    takes milliseconds and reads no Word or PDF file, so this lock is never
    held long, and nothing else (an intake batch, a letters job) takes it.
    """

    def __init__(self, app) -> None:
        self.app = app
        self.lock = threading.Lock()
        self.by_lang: dict = {}

    def check(self, round_: Round, data: dict, lang: str):
        with self.lock:
            checker = self.by_lang.get(lang)
            if checker is None:
                checker = self.by_lang[lang] = self.app.checker(lang=lang)
            document = Document("søknad", "søknad", data)
            return checker.check_document(document, {"program": round_.edition,
                                                     "søknadsfrist": round_.deadline.isoformat()})


def findings(web, round_: Round, data: dict, lang: str):
    """The checker's result for a draft: the same rules, words and citations as ``kvkdocs validate``."""
    return web.live_findings.check(round_, data, lang)


SEVERITY = {"error": "Feil", "warning": "Advarsel", "info": "Råd"}


def _note(request, finding, lang, number):
    return {"id": f"funn-{number}", "severity": finding.severity.value, "message": finding.message,
            "citation": finding.citation.describe(lang), "rule": finding.rule, "pointer": finding.location.pointer,
            "label": _t(request, SEVERITY[finding.severity.value])}


def _field_view(request, fld: skjema.Field, name: str, value, raw: dict, choices, lang):
    typed = raw.get(name)
    return {"field": fld, "name": name, "id": skjema.field_id(name), "label": fld.label(lang), "kind": fld.kind,
            "value": typed if typed is not None else skjema.shown(fld, value), "choices": choices, "notes": [],
            "required": fld.required, "maxlength": fld.max_length, "fixed": fld.fixed}


def _choices(fld: skjema.Field, group: skjema.Group, options: dict, lang: str):
    if fld.kind == "party":
        return skjema.party_choices(lang)
    if fld.kind == "codes":
        return options.get(fld.path[0], [])
    if fld.kind == "codes1":
        return options.get("mål-tema", [])
    return None


def _step_view(request, stp: skjema.Step, data: dict, raw: dict, options: dict, lang: str):
    groups = []
    anchors: dict[str, list] = {}
    for group in stp.groups:
        view = {"group": group, "title": group.title(lang), "pointer": group.pointer,
                "id": skjema.field_id(group.pointer or "/" + stp.key), "kind": group.kind, "rows": [], "fields": [],
                "notes": [], "item_title": group.item_title(lang), "max": group.max_items}
        anchors[group.pointer or "/" + stp.key] = view["notes"]
        if group.kind == "fields":
            for fld in group.fields:
                path = (*group.path, *fld.path)
                name = skjema.pointer(*path)
                fv = _field_view(request, fld, name, skjema.get(data, path), raw,
                                 _choices(fld, group, options, lang), lang)
                view["fields"].append(fv)
                anchors[name] = fv["notes"]
        else:
            rows = skjema.get(data, group.path)
            rows = rows if isinstance(rows, list) else []
            for i, record in enumerate(rows):
                row_pointer = skjema.pointer(*group.path, i)
                # A line's one input has the row's pointer as its name: the row gets another id, or the
                # label's «for» (and the summary's link) would find the fieldset, not the input.
                row_id = skjema.field_id(row_pointer) + ("-rad" if group.kind == "lines" else "")
                row = {"index": i, "pointer": row_pointer, "id": row_id, "fields": [], "notes": []}
                anchors[row_pointer] = row["notes"]
                for fld in group.fields:
                    name = skjema.pointer(*group.path, i, *fld.path)
                    value = record if group.kind == "lines" else skjema.get(record, fld.path)
                    fv = _field_view(request, fld, name, value, raw, _choices(fld, group, options, lang), lang)
                    if group.kind == "lines":
                        fv["label"] = f"{view['item_title']} {i + 1}"
                    row["fields"].append(fv)
                    anchors[name] = fv["notes"]
                view["rows"].append(row)
        groups.append(view)
    return groups, anchors


def _anchor(pointer: str, anchors: dict) -> str:
    """Where a finding is shown: its own field, else the first field inside what it names, else the nearest
    list or row around it."""
    if pointer in anchors:
        return pointer
    inside = [p for p in anchors if p.startswith(pointer + "/")]
    if inside:
        return inside[0]
    parts = pointer.split("/")
    while len(parts) > 1:
        parts.pop()
        candidate = "/".join(parts)
        if candidate in anchors:
            return candidate
    return next(iter(anchors))


def _step_page(request, db, row, draft, stp: skjema.Step, status_code=200):
    web = _web(request)
    round_ = draft.round
    lang = _lang_for(request, draft.kommunenummer, round_.deadline)
    request.state.kommune_lang = lang
    version = draft.latest
    data, raw = version.data, version.raw or {}
    programme = web.app.catalogue.get(round_.edition)
    options = skjema.edition_choices(programme, lang)
    result = findings(web, round_, data, lang)
    all_steps = skjema.steps()
    summary = []  # (anchor id, text) at the top
    groups, anchors = _step_view(request, stp, data, raw, options, lang)
    counter = 0
    if stp.groups:
        for name, message in skjema.problems(raw, lambda text, **v: _t(request, text, **v)).items():
            if stp.owns(name) and name in anchors:
                counter += 1
                note = {"id": f"funn-{counter}", "severity": "error", "message": message, "citation": "",
                        "rule": "", "pointer": name, "label": _t(request, "Feil")}
                anchors[name].append(note)
                summary.append((skjema.field_id(name), note))
        if stp.key in (version.seen or []):
            for finding in result.findings:
                if not stp.owns(finding.location.pointer):
                    continue
                counter += 1
                where = _anchor(finding.location.pointer, anchors)
                note = _note(request, finding, lang, counter)
                anchors[where].append(note)
                summary.append((skjema.field_id(where), note))
    per_step = []
    for other in all_steps[:-1]:
        own = [f for f in result.findings if other.owns(f.location.pointer)]
        per_step.append((other, own))
    loose = [f for f in result.findings if not any(s.owns(f.location.pointer) for s in all_steps)]
    index = all_steps.index(stp)
    overview = [] if stp.groups else [(s, _step_view(request, s, data, raw, options, lang)[0]) for s in all_steps[:-1]]
    return _render(request, "kommune/steg.html", {
        "overview": overview,
        "user": row.user, "csrf": row.csrf_token, "draft": draft, "round": round_, "step": stp,
        "steps": all_steps, "index": index, "groups": groups, "summary": summary, "result": result,
        "per_step": per_step, "loose": loose, "version": version, "seen": version.seen or [],
        "programme_name": programme.name(lang),
        "step_title": lambda s: _t(request, s.title(lang)) if not s.groups else s.title(lang)},
        status_code=status_code)


def step_page(request: Request) -> Response:
    with _web(request).db() as db:
        row, number = _municipality_user(request, db)
        draft = _draft(request, db, number)
        stp = skjema.step(request.path_params["step"])
        if stp is None:
            raise HTTPException(404, NOT_FOUND)
        return _step_page(request, db, row, draft, stp)


async def save_step(request: Request) -> Response:
    """Save the step (every submit keeps a version), then show it with its findings or go where asked."""
    web = _web(request)
    form = await _small_form(request)

    def work():
        with web.db() as db:
            row, number = _municipality_user(request, db)
            draft = _draft(request, db, number)
            stp = skjema.step(request.path_params["step"])
            if stp is None:
                raise HTTPException(404, NOT_FOUND)
            check_csrf(row.csrf_token, form.get("csrf"))
            for attempt in range(3):  # two saves at once (a second tab, a script's check): the later one goes on top
                latest = draft.latest
                submitted = skjema.read_step(form, latest.data, latest.raw or {}, stp)
                seen = list(latest.seen or [])
                if stp.groups and stp.key not in seen:
                    seen.append(stp.key)
                try:
                    kommune.save(db, row.user, draft, submitted.data, submitted.raw, seen)
                    db.commit()
                    break
                except IntegrityError:
                    db.rollback()
                    if attempt == 2:
                        raise
                    draft = _draft(request, db, number)
            all_steps = skjema.steps()
            index = all_steps.index(stp)
            action = submitted.action
            target, anchor = stp, ""
            if action == "neste" and index + 1 < len(all_steps):
                target = all_steps[index + 1]
            elif action == "forrige" and index > 0:
                target = all_steps[index - 1]
            elif action.startswith("til:") and skjema.step(action[4:]):
                target = skjema.step(action[4:])
            elif action.startswith("legg-til:"):  # to the new row, whose first field is then one Tab away
                group = next((g for g in stp.groups if g.pointer == action[9:]), None)
                rows = skjema.get(submitted.data, group.path) if group else None
                where = f"{action[9:]}/{len(rows) - 1}" if isinstance(rows, list) and rows else action[9:]
                anchor = "#" + skjema.field_id(where) + ("-rad" if where != action[9:] and group.kind == "lines" else "")
            elif action.startswith("fjern:"):
                anchor = "#" + skjema.field_id(action[6:].rsplit("/", 1)[0])
            elif action == "lagre":
                anchor = "#feilsammendrag"
            return RedirectResponse(f"/kommune/soknader/{draft.id}/{target.key}{anchor}", status_code=303)

    return await run_in_threadpool(work)


def word(request: Request) -> Response:
    """The draft as a Word document: the same document ``kvkdocs draft`` makes of the same data."""
    import tempfile
    from pathlib import Path

    import yaml

    from .. import verbs

    web = _web(request)
    with web.db() as db:
        _, number = _municipality_user(request, db)
        draft = _draft(request, db, number)
        data = draft.latest.data
        lang = _lang_for(request, number, draft.round.deadline)
    with tempfile.TemporaryDirectory(prefix="kvk-utkast-") as folder:
        path = Path(folder) / f"{number}-soknad.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        made = verbs.draft(path, lang=lang, app=web.app)
    if made.docx is None:
        raise HTTPException(422, _t(request, "Søknaden kan ikke lages som Word-fil ennå."))
    filename = f"soknad-{number}.docx"
    return Response(made.docx, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"content-disposition": f'attachment; filename="{filename}"'})



# -- submitting, the receipt, and the municipality's letter (issue 11, second part) --------------------


def _today() -> dt.date:
    """The day a submission counts as received (Norway's calendar day; tests move it past the deadline)."""
    return dt.datetime.now(dt.UTC).astimezone(_OSLO).date()


try:
    from zoneinfo import ZoneInfo

    _OSLO = ZoneInfo("Europe/Oslo")
except Exception:  # pragma: no cover - a system without time zone data counts in UTC
    _OSLO = dt.UTC


def submitted_data(data: dict, day: dt.date) -> dict:
    """What is sent in: the entered data, with ``mottatt`` the day it is sent.

    ``mottatt`` is what the ``application.deadline`` rule reads, so a late
    submission gets the same finding (and the same «late» mark) as a file the
    secretariat checks with ``kvkdocs validate``.
    """
    out = dict(data)
    out["mottatt"] = day.isoformat()
    return out


def submission_yaml(data: dict) -> bytes:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _send_page(request, db, row, draft, status_code=200, problem=None):
    web = _web(request)
    round_ = draft.round
    lang = _lang_for(request, draft.kommunenummer, round_.deadline)
    request.state.kommune_lang = lang
    day = _today()
    result = findings(web, round_, submitted_data(draft.latest.data, day), lang)
    errors = [f for f in result.findings if f.severity.value == "error"]
    return _render(request, "kommune/send.html", {
        "user": row.user, "csrf": row.csrf_token, "draft": draft, "round": round_, "errors": errors,
        "late": day > round_.deadline, "today": day, "problem": problem, "sent": kommune.submissions(db, draft),
        "steps": skjema.steps(), "step_of": _step_of}, status_code=status_code)


def _step_of(pointer: str):
    return next((s for s in skjema.steps() if s.owns(pointer)), skjema.steps()[-1])


def send_page(request: Request) -> Response:
    """The confirmation page: it names every error before anything with errors can be sent in."""
    with _web(request).db() as db:
        row, number = _municipality_user(request, db)
        draft = _draft(request, db, number)
        return _send_page(request, db, row, draft)


async def send(request: Request) -> Response:
    """Send the draft in as the next version of the round's application for this municipality.

    The entered data is stored as YAML in the application schema (``soknad-<nr>.yaml``),
    checked at once by the verb the intake uses and kept with
    :func:`~kvkdocs.db.rounds.record_version`, so its verdict is what ``kvkdocs validate`` says
    of the stored file and the dashboard, meeting and letters see it like any other version.
    """
    web = _web(request)
    form = await _small_form(request)

    def prepare():
        with web.db() as db:
            row, number = _municipality_user(request, db)
            draft = _draft(request, db, number)
            check_csrf(row.csrf_token, form.get("csrf"))
            lang = _lang_for(request, number, draft.round.deadline)
            request.state.kommune_lang = lang
            day = _today()
            data = submitted_data(draft.latest.data, day)
            result = findings(web, draft.round, data, lang)
            problems = []
            if result.errors and form.get("bekreft") != "ja":
                problems.append(_t(request, "Søknaden har feil. Kryss av for at du vil sende den inn likevel, "
                                   "eller rett feilene først."))
            # Sent before: a second click must not quietly replace what the secretariat reads as the newest.
            if kommune.submissions(db, draft) and form.get("ny_versjon") != "ja":
                problems.append(_t(request, "Du har sendt inn søknaden før. Kryss av for at du vil sende inn en "
                                   "ny versjon, som sekretariatet da ser som den nyeste."))
            if problems:
                return _send_page(request, db, row, draft, 400, " ".join(problems)), None
            return None, (row.user.id, draft.id, draft.round_id, number, data, lang, day > draft.round.deadline)

    refused, facts = await run_in_threadpool(prepare)
    if refused is not None:
        return refused
    user_id, draft_id, round_id, number, data, lang, late = facts

    def work():
        return _submit(web, user_id, round_id, number, data, lang)

    version_number = await run_in_threadpool(work)
    return RedirectResponse(f"/kommune/soknader/{draft_id}/kvittering/{version_number}", status_code=303)


def _submit(web, user_id: int, round_id: int, number: str, data: dict, lang: str) -> int:
    """Store the submission's YAML, check it now (the receipt gives the verdict at that moment) and record it.

    The same pieces as the intake (:func:`~kvkdocs.web.intake.receive` into the file store,
    :func:`kvkdocs.verbs.check_received`, ``record_version``), but checked
    in the request rather than queued: a municipality waits for its receipt, and a YAML file
    is read in this process in milliseconds, as ``kvkdocs validate`` reads it.
    """
    import io
    import tempfile
    from pathlib import Path

    from .. import verbs
    from ..db.models import User
    from ..db.rounds import audit, record_version
    from .intake import _facts, receive

    content = submission_yaml(data)
    with web.store.pending() as put:
        [received] = receive(web.store, f"soknad-{number}.yaml", io.BytesIO(content), put)
        with web.db() as db:
            round_ = db.get(Round, round_id)
            edition, deadline = round_.edition, round_.deadline
        with tempfile.TemporaryDirectory(prefix=".innsending-", dir=web.store.root) as folder:
            path = Path(folder) / received.filename
            path.write_bytes(content)
            [checked] = verbs.check_received([(path, received.filename)], edition, deadline, lang=lang, app=web.app)
        facts = _facts(checked.result, checked.data, deadline)
        with web.db() as db, db.begin():
            user = db.get(User, user_id)
            version = record_version(db, user, db.get(Round, round_id), filename=received.filename,
                                     sha256=received.sha256, size=received.size, result=checked.result, facts=facts)
            audit(db, user, "søknad sendt inn", Text("audit.submitted", {
                "number": number, "version": version.number, "sha256": version.file_sha256}),
                round_id=round_id, application_id=version.application_id)
            if version.late:
                audit(db, user, "sendt inn etter fristen", Text("audit.submitted-late", {
                    "number": number, "received": data["mottatt"]}),
                    round_id=round_id, application_id=version.application_id)
            return version.number


def _sender(web, db, round_: Round, lang: str = "nb") -> dict | None:
    """The secretariat's address for the receipt: the round's own, else the newest meeting file's ``avsender``.

    The round's address wins: the secretariat entered it for exactly this (telling municipalities
    where their application went), and it is there from the first submission, weeks before any
    meeting. A meeting file's sender is the letters' (it may name another office or a case
    officer), so it is used only where the round has none. Only what a source says: with
    neither, the receipt names none.
    """
    sender = round_.avsender or _meeting_sender(web, db, round_)
    if not sender:
        return None

    def plain(value) -> str:
        if isinstance(value, dict):  # a meeting file's {nb, nn}
            return str(value.get(lang) or value.get("nb") or "")
        return str(value)

    lines = [plain(sender[k]) for k in ("navn", "adresse") if sender.get(k)]
    place = " ".join(plain(sender[k]) for k in ("postnummer", "poststed") if sender.get(k))
    if place:
        lines.append(place)
    epost = plain(sender["epost"]) if sender.get("epost") else None
    telefon = plain(sender["telefon"]) if sender.get("telefon") else None
    return {"lines": lines, "epost": epost, "telefon": telefon} if lines or epost else None


def _meeting_sender(web, db, round_: Round) -> dict | None:
    """The ``avsender`` of the round's newest meeting file, or None (none, unreadable, or not a mapping)."""
    import yaml

    from ..db.rounds import latest_meeting

    meeting = latest_meeting(db, round_)
    if meeting is None:
        return None
    try:
        with web.store.open(meeting.file_sha256) as stream:
            content = yaml.safe_load(stream)
    except Exception:  # an unreadable meeting file has its own findings on the meeting page
        return None
    sender = content.get("avsender") if isinstance(content, dict) else None
    return sender if isinstance(sender, dict) else None


def _receipt(request: Request, db, number: str):
    draft = _draft(request, db, number)
    version = kommune.submission(db, draft, _int(request, "number"))
    if version is None:
        raise HTTPException(404, NOT_FOUND)
    request.state.kommune_lang = _lang_for(request, number, draft.round.deadline)
    return draft, version


def receipt_page(request: Request) -> Response:
    from ..render.pdf import soffice

    web = _web(request)
    with web.db() as db:
        row, number = _municipality_user(request, db)
        draft, version = _receipt(request, db, number)
        return _render(request, "kommune/kvittering.html", {
            "user": row.user, "csrf": row.csrf_token, "draft": draft, "round": draft.round, "version": version,
            "sender": _sender(web, db, draft.round, _page_lang(request)), "pdf": soffice() is not None,
            "signed": kommune.signed_documents(db, draft, accepted_only=True)})


@functools.cache
def _receipt_template(lang: str):
    """The receipt's Word template in ``lang`` (``templates/kvittering``), compiled once per process."""
    from ..render.docx import CompiledDocx
    from ..resources import resource_dir

    return CompiledDocx(resource_dir("templates") / "kvittering" / f"kvittering.{lang}.docx")


def receipt_context(draft, version, sender: dict | None, signed, number: str) -> dict:
    """What the receipt template is filled with: the stored version's facts, nothing worked out anew.

    Words stay in the template (one per målform, as the letters); this gives only
    values, and the template's environment escapes them, so a name holding
    ``<b>`` or ``{{ x }}`` is printed as it is.
    """
    received = version.received_at.replace(tzinfo=dt.UTC)
    local = received.astimezone(_OSLO)
    sender = sender or {}
    lines = list(sender.get("lines") or [])
    return {
        "kommune": version.kommunenavn or "", "kommunenummer": number, "runde": draft.round.name,
        "sendt": local.strftime("%d.%m.%Y kl. %H:%M"), "versjon": version.number, "sha256": version.file_sha256,
        "uten_feil": bool(version.compliant), "feil": version.errors, "advarsler": version.warnings,
        "for_sen": bool(version.late), "frist": draft.round.deadline.strftime("%d.%m.%Y"),
        "signerte": [{"filnavn": d.filename, "sha256": d.file_sha256} for d in signed],
        "avsender": {"navn": lines[0] if lines else "", "linjer": lines, "epost": sender.get("epost") or "",
                     "telefon": sender.get("telefon") or ""},
        "dokumentdato_iso": received.strftime("%Y-%m-%dT%H:%M:%SZ"), "eksempel": False,
    }


def receipt_docx(context: dict, lang: str) -> bytes:
    """The receipt as a Word document from the shipped template, for LibreOffice to make a PDF."""
    return _receipt_template(lang if lang in LANGS else "nb").render(context)


def receipt_pdf(request: Request) -> Response:
    """The receipt as PDF (LibreOffice, as the letters); without LibreOffice, a page that says so."""
    from ..errors import RenderError
    from ..render.pdf import soffice, to_pdf

    web = _web(request)
    with web.db() as db:
        _, number = _municipality_user(request, db)
        draft, version = _receipt(request, db, number)
        lang = _page_lang(request)
        context = receipt_context(draft, version, _sender(web, db, draft.round, lang),
                                  kommune.signed_documents(db, draft, accepted_only=True), number)
    if soffice() is None:
        raise HTTPException(503, _t(request, "PDF-kvitteringen kan ikke lages fordi LibreOffice ikke er installert "
                                             "på serveren. Kvitteringen på siden gjelder like fullt."))
    try:
        pdf = to_pdf(receipt_docx(context, lang))
    except RenderError:
        raise HTTPException(503, _t(request, "PDF-kvitteringen kunne ikke lages akkurat nå. Kvitteringen på siden "
                                             "gjelder like fullt; prøv PDF-en igjen senere.")) from None
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="kvittering-{number}-{version.number}.pdf"'})


def _letter(web, db, draft) -> tuple[str, str] | None:
    """The municipality's own letter in the round's newest letters ZIP: (file-store address, member name)."""
    import zipfile

    batch = kommune.latest_letters(db, draft.round)
    if batch is None:
        return None
    try:
        with zipfile.ZipFile(web.store.path(batch.zip_sha256)) as archive:
            member = kommune.letter_member(archive.namelist(), draft.kommunenummer)
    except (OSError, zipfile.BadZipFile):
        return None
    return (batch.zip_sha256, member) if member else None


def state_of(web, db, draft) -> str:
    """«utkast», «sendt inn» or «vedtak fattet» (the round's letters hold one for this municipality)."""
    if _letter(web, db, draft):
        return "vedtak fattet"
    return "sendt inn" if kommune.submissions(db, draft) else "utkast"


def letter(request: Request) -> Response:
    """The municipality's own letter from the stored letters ZIP; 404 until it exists, and for anyone else's."""
    import zipfile

    web = _web(request)
    with web.db() as db:
        _, number = _municipality_user(request, db)
        draft = _draft(request, db, number)
        found = _letter(web, db, draft)
    if found is None:
        raise HTTPException(404, NOT_FOUND)
    address, member = found
    with zipfile.ZipFile(web.store.path(address)) as archive:
        content = archive.read(member)
    name = member.rsplit("/", 1)[-1]
    return Response(content, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"content-disposition": f'attachment; filename="{name}"'})



# -- documents to sign, and the signed document read back (issue 11, second part) -----------------------

SIGNED_SUFFIXES = (".docx", ".pdf")


def _draft_yaml(folder, number: str, data: dict):
    from pathlib import Path

    path = Path(folder) / f"{number}-soknad.yaml"
    path.write_bytes(submission_yaml(data))
    return path


def agreement(request: Request) -> Response:
    """The local three-party agreement for the draft, to sign: the document ``kvkdocs agreement local`` makes."""
    import tempfile

    from .. import verbs

    web = _web(request)
    with web.db() as db:
        _, number = _municipality_user(request, db)
        draft = _draft(request, db, number)
        data = draft.latest.data
        request.state.kommune_lang = _lang_for(request, number, draft.round.deadline)
    with tempfile.TemporaryDirectory(prefix="kvk-avtale-") as folder:
        made = verbs.agreement_local(_draft_yaml(folder, number, data), app=web.app)
    if made.docx is None:
        reasons = " ".join(f.message for f in made.blocking)
        raise HTTPException(422, _t(request, "Samarbeidsavtalen kan ikke lages før søknaden har det avtalen "
                                             "trenger: {grunner}", grunner=reasons))
    return Response(made.docx, media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                    headers={"content-disposition": f'attachment; filename="samarbeidsavtale-{number}.docx"'})


def _signed_page(request, db, row, draft, document=None, problem=None, status_code=200):
    lang = _lang_for(request, draft.kommunenummer, draft.round.deadline)
    request.state.kommune_lang = lang
    rows = []
    if document is not None:
        for d in document.differences:
            fld = skjema.field_at(d["pointer"])
            label = fld.label(lang) if fld else d["pointer"]
            index = next((int(p) for p in d["pointer"].split("/") if p.isdigit()), None)
            if index is not None:
                label = f"{label} ({index + 1})"
            rows.append({"label": label, "entered": d["entered"], "read": d["read"]})
    return _render(request, "kommune/signert.html", {
        "user": row.user, "csrf": row.csrf_token, "draft": draft, "round": draft.round, "document": document,
        "rows": rows, "problem": problem, "documents": kommune.signed_documents(db, draft)},
        status_code=status_code)


def signed_page(request: Request) -> Response:
    with _web(request).db() as db:
        row, number = _municipality_user(request, db)
        draft = _draft(request, db, number)
        document = None
        if "document_id" in request.path_params:
            document = kommune.signed_of(db, draft, _int(request, "document_id"))
            if document is None:
                raise HTTPException(404, NOT_FOUND)
        return _signed_page(request, db, row, draft, document)


def read_signed(web, path) -> dict | None:
    """The application data a signed Word or PDF file holds, read by the library's readers in the worker
    processes (never in the server's own), or None when it has no application to read (a scanned signature page).

    The reader pool takes work from several threads, so no lock is taken.
    """
    from .. import verbs
    from ..errors import UsageError

    try:
        document = verbs.read(path, app=web.app)
    except UsageError:
        return None
    return document.data if document.kind == "søknad" else None


async def upload_signed(request: Request) -> Response:
    """Store the signed file (content-addressed), read it back and compare it with what was entered."""
    import os
    import tempfile
    from pathlib import Path

    from .intake import safe_name
    from .views import _limited_form

    web = _web(request)
    limit = web.settings.upload_limit

    def who():
        with web.db() as db:
            row, number = _municipality_user(request, db)
            _draft(request, db, number)
            request.state.kommune_lang = None
            return row

    row = await run_in_threadpool(who)
    form = await _limited_form(request, limit, max_files=1, max_fields=5)
    try:
        check_csrf(row.csrf_token, form.get("csrf"))
        upload = form.get("fil")

        def work():
            with web.db() as db:
                row_, number = _municipality_user(request, db)
                draft = _draft(request, db, number)
                if not hasattr(upload, "filename") or not upload.filename:
                    return _signed_page(request, db, row_, draft, problem=_t(
                        request, "Velg den signerte filen (Word eller PDF) før du laster opp."), status_code=400)
                name = safe_name(upload.filename)
                if not name.lower().endswith(SIGNED_SUFFIXES):
                    return _signed_page(request, db, row_, draft, problem=_t(
                        request, "«{navn}» er verken en Word-fil (.docx) eller en PDF. Lagre den signerte søknaden "
                                 "som .docx eller .pdf og last den opp igjen.", navn=name), status_code=400)
                entered, draft_id, user_id = draft.latest.data, draft.id, row_.user.id
            with web.store.pending() as put:
                address = put(upload.file)
                size = web.store.path(address).stat().st_size
                with tempfile.TemporaryDirectory(prefix=".signert-", dir=web.store.root) as folder:
                    link = Path(folder) / ("signert" + Path(name).suffix.lower())
                    try:
                        os.link(web.store.path(address), link)
                    except OSError:
                        link.write_bytes(web.store.path(address).read_bytes())
                    read = read_signed(web, link)
                found = skjema.differences(entered, read) if read is not None else []
                with web.db() as db, db.begin():
                    from ..db.models import User

                    draft = kommune.draft_of(db, draft_id, number)
                    document = kommune.add_signed(db, db.get(User, user_id),
                                                  draft, filename=name, sha256=address, size=size,
                                                  comparable=read is not None, differences=found)
                    document_id = document.id
            return RedirectResponse(f"/kommune/soknader/{draft_id}/signert/{document_id}", status_code=303)

        return await run_in_threadpool(work)
    finally:
        await form.close()


async def accept_signed(request: Request) -> Response:
    """Accept the uploaded signed document as the submission's document; the file stays as it was stored."""
    web = _web(request)
    form = await _small_form(request)

    def work():
        with web.db() as db, db.begin():
            row, number = _municipality_user(request, db)
            draft = _draft(request, db, number)
            check_csrf(row.csrf_token, form.get("csrf"))
            document = kommune.signed_of(db, draft, _int(request, "document_id"))
            if document is None:
                raise HTTPException(404, NOT_FOUND)
            kommune.accept_signed(db, row.user, draft, document)
            return f"/kommune/soknader/{draft.id}/signert/{document.id}"

    return RedirectResponse(await run_in_threadpool(work), status_code=303)


ROUTES = [
    Route("/runder/{round_id}/invitasjoner", invitations_page, methods=["GET"]),
    Route("/runder/{round_id}/invitasjoner", invite, methods=["POST"]),
    Route("/runder/{round_id}/invitasjoner/{invitation_id}/trekk-tilbake", revoke, methods=["POST"]),
    Route("/invitasjon/{token}", invitation_form, methods=["GET"]),
    Route("/invitasjon/{token}", accept_invitation, methods=["POST"]),
    Route("/kommune", home, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}", start, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/soknad.docx", word, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/brev.docx", letter, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/samarbeidsavtale.docx", agreement, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/signert", signed_page, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/signert", upload_signed, methods=["POST"]),
    Route("/kommune/soknader/{draft_id}/signert/{document_id}", signed_page, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/signert/{document_id}/godta", accept_signed, methods=["POST"]),
    Route("/kommune/soknader/{draft_id}/send-inn", send_page, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/send-inn", send, methods=["POST"]),
    Route("/kommune/soknader/{draft_id}/kvittering/{number}.pdf", receipt_pdf, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/kvittering/{number}", receipt_page, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/{step}", step_page, methods=["GET"]),
    Route("/kommune/soknader/{draft_id}/{step}", save_step, methods=["POST"]),
]
