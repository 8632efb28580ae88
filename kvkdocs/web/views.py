"""The pages: each parses its input, calls the library or the database layer once, and renders.

Database work is synchronous and runs in Starlette's thread pool, so that a
slow query or a check never blocks the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import secrets
from urllib.parse import quote

from markupsafe import Markup
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from ..check import in_language
from ..db import accounts, rounds
from ..db.filestore import FileStoreError
from ..db.models import Application, ApplicationVersion, LetterBatch, Round, Upload, UploadFile
from ..db.results import from_json
from ..errors import MeetingError
from ..messages import render_stored
from ..result import BatchResult
from . import meetings
from .intake import safe_name, take_in
from .security import LOGIN_CSRF_COOKIE, SESSION_COOKIE, LoginRequired, check_csrf, require_role
from .tables import Table
from .texts import COOKIE as LANG_COOKIE
from .texts import LANGS, lang_of, translate
from .texts import context as page_texts

WRITE = ("sekretariat",)
MUNICIPALITY = "kommune"  # a municipality's account: its own pages only (kvkdocs.web.kommune)
MAX_FILES_PER_UPLOAD = 1000


class UploadTooLarge(Exception):
    pass


# -- helpers -------------------------------------------------------------------------


def _web(request: Request):
    return request.app.state.web


def _stored_result(request: Request, data: dict):
    """A stored result in the viewer's målform, whichever målform it was checked in."""
    return in_language(from_json(data), lang_of(request), _web(request).app.catalogue)


def _render(request: Request, name: str, context: dict, status_code: int = 200) -> HTMLResponse:
    return _web(request).templates.TemplateResponse(request, name, context, status_code=status_code)


def _session(request: Request, db):
    """The session row of whoever is logged in, or LoginRequired (the login page): every page's first question."""
    row = accounts.find_session(db, request.cookies.get(SESSION_COOKIE))
    if row is None:
        raise LoginRequired()
    return row


def _current(request: Request, db, *, staff: bool = True):
    """The logged-in user's session row, or raise LoginRequired.

    The secretariat's pages are for staff; a municipality's account
    (role ``kommune``) gets 403 there, except for what every user does
    (``staff=False``: log out, choose the målform).
    """
    row = _session(request, db)
    if staff and row.user.role == MUNICIPALITY:
        raise HTTPException(403, "Du har ikke tilgang til dette. Spør sekretariatet om du trenger tilgang.")
    return row


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/runder"
    return target


NOT_FOUND = "Siden finnes ikke. Den kan være slettet, eller lenken kan være feil."


def _get_or_404(db, model, key):
    row = db.get(model, key)
    if row is None:
        raise HTTPException(404, NOT_FOUND)
    return row


def _t(request: Request, text: str, **values) -> str:
    """A sentence with values in the user's målform (texts without values are looked up in the template)."""
    return translate(lang_of(request), text, **values)


def _writer_round(request: Request, db, form=None):
    """The logged-in writer and the round the address names; with ``form``, its CSRF token checked too.

    Every page that changes a round starts the same way, in this order: who
    (login page if nobody), may they write (403), which round (404), and the
    form's token (403).
    """
    row = _current(request, db)
    require_role(row.user, *WRITE)
    round_ = _get_or_404(db, Round, _int_id(request, "round_id"))
    if form is not None:
        check_csrf(row.csrf_token, form.get("csrf"))
    return row, round_


def _int_id(request: Request, name: str) -> int:
    try:
        return int(request.path_params[name])
    except ValueError:
        raise HTTPException(404, NOT_FOUND) from None


# -- error pages ---------------------------------------------------------------------


TITLES = {400: "Ugyldig forespørsel", 403: "Ingen tilgang", 404: "Fant ikke siden", 405: "Ikke tillatt",
          409: "Finnes fra før", 413: "Filene er for store", 422: "Kan ikke brukes", 429: "For mange forsøk",
          500: "Noe gikk galt", 503: "Tjenesten er ikke tilgjengelig", 507: "Kunne ikke lagre"}


async def error_page(request: Request, exc: HTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) and exc.status_code in (400, 403, 404, 409, 413, 422, 429) else ""
    context = {"title": _t(request, TITLES.get(exc.status_code, "Feil")), "message": detail, "user": None, "csrf": ""}
    return _web(request).templates.TemplateResponse(request, "feil.html", context, status_code=exc.status_code)


async def server_error(request: Request, exc: Exception) -> Response:
    context = {"title": _t(request, TITLES[500]), "user": None, "csrf": "",
               "message": "Tjenesten kunne ikke fullføre forespørselen. Ingenting ble lagret. Prøv igjen om litt."}
    return _web(request).templates.TemplateResponse(request, "feil.html", context, status_code=500)


def unavailable(request: Request, status: int, message: str) -> Response:
    """The database or the file store cannot be used now: what is wrong, and that nothing was saved."""
    context = {"title": _t(request, TITLES.get(status, TITLES[500])), "user": None, "csrf": "", "message": message}
    return _web(request).templates.TemplateResponse(request, "feil.html", context, status_code=status)


# -- login ---------------------------------------------------------------------------


async def login_form(request: Request) -> Response:
    token = secrets.token_urlsafe(32)
    response = _render(request, "logg_inn.html", {"csrf": token, "user": None, "error": None,
                                                  "neste": _safe_next(request.query_params.get("neste")),
                                                  "username": ""})
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/logg-inn",
                        secure=_web(request).settings.secure_cookies)
    return response


async def login(request: Request) -> Response:
    form = await request.form()
    check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf"))
    username, password = str(form.get("brukernavn", "")), str(form.get("passord", ""))
    target = _safe_next(str(form.get("neste", "")))
    address = request.client.host if request.client else "ukjent"
    web = _web(request)

    def attempt():
        with web.db() as db, db.begin():
            outcome = accounts.check_password(db, username, password, address)
            if outcome.status != "ok":
                return outcome.status, None, None
            token, _ = accounts.start_session(db, outcome.user)
            rounds.audit(db, outcome.user, "innlogget")
            return "ok", token, outcome.user.role

    status, token, role = await run_in_threadpool(attempt)
    if status != "ok":
        message = ("For mange mislykkede forsøk. Vent et kvarter og prøv igjen." if status == "throttled"
                   else "Feil brukernavn eller passord.")
        csrf = request.cookies.get(LOGIN_CSRF_COOKIE)
        return _render(request, "logg_inn.html", {"csrf": csrf, "user": None, "error": message, "neste": target,
                                                  "username": username},
                       status_code=429 if status == "throttled" else 400)
    if role == MUNICIPALITY and not target.startswith("/kommune"):
        target = "/kommune"  # a municipality's own pages; the secretariat's would answer 403
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/",
                        secure=web.settings.secure_cookies, max_age=int(accounts.SESSION_LIFETIME.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/logg-inn")
    return response


async def logout(request: Request) -> Response:
    form = await request.form()
    web = _web(request)

    def end():
        with web.db() as db, db.begin():
            row = _current(request, db, staff=False)
            check_csrf(row.csrf_token, form.get("csrf"))
            accounts.end_session(db, request.cookies.get(SESSION_COOKIE))

    await run_in_threadpool(end)
    response = RedirectResponse("/logg-inn", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# -- rounds --------------------------------------------------------------------------


def home(request: Request) -> Response:
    """The start page of whoever is logged in: the rounds, or a municipality's own applications."""
    with _web(request).db() as db:
        row = accounts.find_session(db, request.cookies.get(SESSION_COOKIE))
        mine = row is not None and row.user.role == MUNICIPALITY
    return RedirectResponse("/kommune" if mine else "/runder", status_code=303)


def round_list(request: Request) -> Response:
    with _web(request).db() as db:
        row = _current(request, db)
        listing = []
        for round_ in rounds.list_rounds(db):
            apps = rounds.listing(db, round_)  # the latest versions' columns only: no findings read
            listing.append((round_, len(apps), sum(1 for a in apps if a.latest.compliant)))
        return _render(request, "runder.html", {"user": row.user, "csrf": row.csrf_token, "rounds": listing})


def _round_form(request, row, values=None, errors=None, status_code=200):
    return _render(request, "ny_runde.html", {
        "user": row.user, "csrf": row.csrf_token, "values": values or {}, "errors": errors or {},
        "editions": _web(request).editions(), "sender_fields": _sender_fields(lang_of(request))},
        status_code=status_code)


# The secretariat's address for a round: the meeting schema's ``avsender`` fields, named ``avsender_<field>``
# in the forms, so what is entered maps one to one onto a meeting file's sender.
SENDER_FORM = tuple(f"avsender_{k}" for k in rounds.SENDER_FIELDS)


def _sender_fields(lang: str) -> list[tuple[str, str]]:
    """(form name, label) per field, the label being the meeting schema's title (``x-title-nn`` in nynorsk)."""
    from ..resources import load_schema

    properties = load_schema("mote")["$defs"]["avsender"]["properties"]
    out = []
    for key, name in zip(rounds.SENDER_FIELDS, SENDER_FORM, strict=True):
        title = properties[key].get("x-title-nn" if lang == "nn" else "title") or properties[key]["title"]
        out.append((name, title[:1].upper() + title[1:]))
    return out


def _sender_values(sender: dict | None) -> dict:
    """A round's stored address as the form's values (a meeting file's {nb, nn} name shown in bokmål)."""
    sender = sender or {}
    return {f"avsender_{k}": (sender[k].get("nb", "") if isinstance(sender.get(k), dict) else sender.get(k) or "")
            for k in rounds.SENDER_FIELDS}


def _parse_sender(request: Request, form) -> tuple[dict, dict, dict | None]:
    """The address fields as typed, errors per field (in the user's målform), and the address to keep (None if empty).

    The limits are no looser than the meeting schema's, so an address kept here is one a meeting file may hold.
    """
    values = {name: " ".join(str(form.get(name, "")).split()) for name in SENDER_FORM}
    errors = {}
    if len(values["avsender_navn"]) > 200:
        errors["avsender_navn"] = _t(request, "Navnet kan ha høyst {antall} tegn.", antall=200)
    if len(values["avsender_adresse"]) > 500:
        errors["avsender_adresse"] = _t(request, "Postadressen kan ha høyst {antall} tegn.", antall=500)
    if values["avsender_postnummer"] and not (len(values["avsender_postnummer"]) == 4
                                              and values["avsender_postnummer"].isascii()
                                              and values["avsender_postnummer"].isdigit()):
        errors["avsender_postnummer"] = _t(request, "Postnummeret må være fire sifre, for eksempel 0114.")
    if len(values["avsender_poststed"]) > 200:
        errors["avsender_poststed"] = _t(request, "Poststedet kan ha høyst {antall} tegn.", antall=200)
    epost = values["avsender_epost"]
    local, _, domain = epost.partition("@")
    if epost and (len(epost) > 254 or not local or "." not in domain or " " in epost):
        errors["avsender_epost"] = _t(request, "Skriv e-postadressen som navn@domene.no, for eksempel "
                                               "kvalitetskommuner@ks.no, eller la feltet stå tomt.")
    sender = {k: values[name] for k, name in zip(rounds.SENDER_FIELDS, SENDER_FORM, strict=True) if values[name]}
    return values, errors, sender or None


def new_round_form(request: Request) -> Response:
    with _web(request).db() as db:
        row = _current(request, db)
        require_role(row.user, *WRITE)
        return _round_form(request, row)


def _parse_round(form, editions) -> tuple[dict, dict]:
    values = {k: str(form.get(k, "")).strip() for k in ("navn", "utgave", "pulje", "frist", "budsjett")}
    errors, parsed = {}, {}
    if not values["navn"]:
        errors["navn"] = "Skriv et navn på runden, for eksempel «Pulje 5»."
    if values["utgave"] not in editions:
        errors["utgave"] = "Velg en programutgave fra listen."
    try:
        parsed["number"] = int(values["pulje"])
        if parsed["number"] < 1:
            raise ValueError
    except ValueError:
        errors["pulje"] = "Puljenummeret må være et helt tall fra 1 og oppover."
    try:
        parsed["deadline"] = dt.datetime.strptime(values["frist"], "%d.%m.%Y").date()
    except ValueError:
        try:
            parsed["deadline"] = dt.date.fromisoformat(values["frist"])
        except ValueError:
            errors["frist"] = "Skriv fristen som dd.mm.åååå, for eksempel 15.09.2008."
    budget = values["budsjett"].replace(" ", "").replace("\u00a0", "").removeprefix("kr").replace(".", "")
    if budget:
        try:
            parsed["budget"] = int(budget)
            if parsed["budget"] < 0:
                raise ValueError
        except ValueError:
            errors["budsjett"] = "Skriv rammen i hele kroner, for eksempel 3 000 000, eller la feltet stå tomt."
    else:
        parsed["budget"] = None
    return values, errors if errors else parsed | {"name": values["navn"], "edition": values["utgave"]}


async def create_round(request: Request) -> Response:
    form = await request.form()
    web = _web(request)

    def create():
        with web.db() as db:
            row = _current(request, db)
            require_role(row.user, *WRITE)
            check_csrf(row.csrf_token, form.get("csrf"))
            values, outcome = _parse_round(form, web.editions())
            sender_values, sender_errors, sender = _parse_sender(request, form)
            if "name" not in outcome or sender_errors:
                errors = (outcome if "name" not in outcome else {}) | sender_errors
                return _round_form(request, row, values | sender_values, errors, status_code=400)
            try:
                round_ = rounds.create_round(db, row.user, **outcome, sender=sender)
                db.commit()
            except IntegrityError:
                db.rollback()
                errors = {"pulje": _t(request, "Det finnes allerede en pulje {pulje} i {utgave}.",
                                       pulje=outcome["number"], utgave=outcome["edition"])}
                return _round_form(request, row, values | sender_values, errors, status_code=400)
            return RedirectResponse(f"/runder/{round_.id}", status_code=303)

    return await run_in_threadpool(create)


def _sender_form(request, row, round_, values, errors=None, status_code=200):
    return _render(request, "avsender.html", {
        "user": row.user, "csrf": row.csrf_token, "round": round_, "values": values, "errors": errors or {},
        "sender_fields": _sender_fields(lang_of(request))}, status_code=status_code)


def sender_form(request: Request) -> Response:
    """The round's address on a page of its own (where a change with errors comes back to be fixed)."""
    with _web(request).db() as db:
        row, round_ = _writer_round(request, db)
        return _sender_form(request, row, round_, _sender_values(round_.avsender))


async def save_sender(request: Request) -> Response:
    """Change the secretariat's address for the round (what the receipts name from now on); logged."""
    form = await request.form()
    web = _web(request)

    def save():
        with web.db() as db:
            row, round_ = _writer_round(request, db, form)
            values, errors, sender = _parse_sender(request, form)
            if errors:
                return _sender_form(request, row, round_, values, errors, status_code=400)
            old_name = (round_.avsender or {}).get("navn")
            if sender and isinstance(old_name, dict) and sender.get("navn") == old_name.get("nb"):
                sender["navn"] = old_name  # a name in both målformer (from a meeting file) kept when left as shown
            rounds.set_sender(db, row.user, round_, sender)
            db.commit()
            return RedirectResponse(f"/runder/{round_.id}#avsender", status_code=303)

    return await run_in_threadpool(save)


SORT_KEYS = {
    "kommunenummer": lambda a: a.latest.kommunenummer or a.key,
    "navn": lambda a: (a.latest.kommunenavn or a.latest.filename).lower(),
    "malform": lambda a: a.latest.maalform or "",
    "mottatt": lambda a: a.latest.received_at,
    "sen": lambda a: a.latest.late,
    "vurdering": lambda a: a.latest.compliant,
    "feil": lambda a: a.latest.errors,
    "advarsler": lambda a: a.latest.warnings,
    "belop": lambda a: a.latest.grant_asked or 0,
}
FILTERS = {"alle": lambda a: True, "feil": lambda a: not a.latest.compliant, "godkjent": lambda a: a.latest.compliant,
           "sen": lambda a: a.latest.late}


def dashboard(request: Request) -> Response:
    """A round's page: its facts, the files waiting, and the table of its applications.

    The table is most of the work, and changes only with a new version, so it
    is kept rendered (:mod:`kvkdocs.web.tables`) and rendered again only when
    the round's versions changed; the rest (who asks, what waits, the address)
    is read and rendered for every request.
    """
    web = _web(request)
    with web.db() as db:
        row = _current(request, db)
        round_ = _get_or_404(db, Round, _int_id(request, "round_id"))
        sort = request.query_params.get("sorter", "kommunenummer")
        sort = sort if sort in SORT_KEYS else "kommunenummer"
        descending = request.query_params.get("retning") == "synkende"
        show = request.query_params.get("vis", "alle")
        show = show if show in FILTERS else "alle"
        texts = page_texts(request)

        def render() -> Table:
            apps = [a for a in rounds.listing(db, round_) if FILTERS[show](a)]
            apps.sort(key=SORT_KEYS[sort], reverse=descending)
            html = web.templates.get_template("_runde_tabell.html").render(
                **texts, apps=apps, sort=sort, descending=descending, show=show)
            return Table(Markup(html), len(apps), sum(a.latest.grant_asked or 0 for a in apps))

        table = web.round_tables.get(db, round_.id, (sort, descending, show, texts["lang"]), render)
        return _render(request, "runde.html", {
            "user": row.user, "csrf": row.csrf_token, "round": round_, "table": table, "sort": sort,
            "descending": descending, "show": show, "waiting": rounds.waiting_in_round(db, round_),
            "checking": web.intake.checking, "sender_fields": _sender_fields(lang_of(request)),
            "sender_values": _sender_values(round_.avsender),
            "limit_mb": web.settings.upload_limit // (1024 * 1024)})


def _too_large(request: Request, limit: int) -> str:
    return _t(request, "Filene du sendte er til sammen større enn grensen på {mb} MB. Send dem i flere omganger, "
              "eller del opp ZIP-filen.", mb=limit // (1024 * 1024))


async def _limited_form(request: Request, limit: int, **options):
    """The multipart form, its body counted as it streams and refused with 413 past ``limit``."""
    try:
        declared = int(request.headers.get("content-length", "0"))
    except ValueError:
        declared = 0
    if declared > limit:
        raise HTTPException(413, _too_large(request, limit))
    seen = 0

    async def counted_receive():
        nonlocal seen
        message = await request.receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise UploadTooLarge()
        return message

    counted = Request(request.scope, counted_receive)
    try:
        return await counted.form(**options)
    except UploadTooLarge:
        raise HTTPException(413, _too_large(request, limit)) from None


async def upload(request: Request) -> Response:
    """Take in many files (or ZIPs); the body is counted as it streams and refused past the limit."""
    web = _web(request)
    limit = web.settings.upload_limit
    try:
        declared = int(request.headers.get("content-length", "0"))
    except ValueError:
        declared = 0
    if declared > limit:
        raise HTTPException(413, _too_large(request, limit))

    def who():
        with web.db() as db:
            return _writer_round(request, db)

    row, round_ = await run_in_threadpool(who)
    form = await _limited_form(request, limit, max_files=MAX_FILES_PER_UPLOAD, max_fields=50)
    try:
        check_csrf(row.csrf_token, form.get("csrf"))
        uploads = [f for f in form.getlist("filer") if hasattr(f, "filename") and f.filename]
        if not uploads:
            return await run_in_threadpool(_intake_page, request, row, round_, [], ["Velg minst én fil å sende inn."], 400)

        def work():
            upload_id, _ = take_in(web, row.user_id, round_.id, [(f.filename, f.file) for f in uploads],
                                   lang_of(request))
            return RedirectResponse(f"/runder/{round_.id}/mottak/{upload_id}", status_code=303)

        return await run_in_threadpool(work)
    finally:
        await form.close()


def _intake_page(request, row, round_, outcome, problems, status_code=200):
    """The refusal of an upload with no files (nothing was taken in, so there is no upload to show)."""
    return _render(request, "mottak.html", {"user": row.user, "csrf": row.csrf_token, "round": round_,
                                            "upload": None, "state": None, "problems": problems},
                   status_code=status_code)


def _upload_of(request: Request, db) -> tuple:
    round_ = _get_or_404(db, Round, _int_id(request, "round_id"))
    upload = db.get(Upload, _int_id(request, "upload_id"),  # each file's verdict with it: one query, not one per file
                    options=[selectinload(Upload.files).selectinload(UploadFile.version)])
    if upload is None or upload.round_id != round_.id:
        raise HTTPException(404, "Siden finnes ikke. Den kan være slettet, eller lenken kan være feil.")
    return round_, upload


def _upload_state(web, upload) -> dict:
    """Each file of an upload with its state («Venter», «Kontrolleres» or its verdict), and the progress."""
    files = list(upload.files)
    checked = sum(1 for f in files if f.checked_at is not None)
    checking = sum(1 for f in files if f.checked_at is None and f.id in web.intake.checking)
    return {"files": files, "checking": web.intake.checking, "checked": checked, "total": len(files),
            "done": checked == len(files), "token": f"{checked}.{checking}"}


def intake_page(request: Request) -> Response:
    """An upload's receipt: every file with its verdict as it comes (the script refreshes it; «Oppdater» without)."""
    web = _web(request)
    with web.db() as db:
        row = _current(request, db)
        round_, upload = _upload_of(request, db)
        return _render(request, "mottak.html", {"user": row.user, "csrf": row.csrf_token, "round": round_,
                                                "upload": upload, "state": _upload_state(web, upload),
                                                "problems": [render_stored(p, lang_of(request)) for p in upload.problems]})


STATUS_WAIT = 10.0  # seconds a status request may wait for a change before it answers «no change»


async def intake_status(request: Request) -> Response:
    """An upload's progress as JSON (the rows as HTML), for the intake page's script and the load bench.

    With ``kjent`` (the ``tilstand`` the caller has), the answer waits up to
    :data:`STATUS_WAIT` seconds until a file starts or ends its check, so a
    verdict is shown the moment it is made without polling in a tight loop.
    """
    web = _web(request)
    known = request.query_params.get("kjent")

    def read(may_wait: bool):
        with web.db() as db:
            row = _current(request, db)
            round_, upload = _upload_of(request, db)
            state = _upload_state(web, upload)
            if may_wait and known is not None and state["token"] == known and not state["done"]:
                return state["token"], None
            rows = web.templates.get_template("_mottak_rader.html").render(
                **page_texts(request), round=round_, state=state, user=row.user)
            return state["token"], {"tilstand": state["token"], "kontrollert": state["checked"],
                                    "antall": state["total"], "ferdig": state["done"],
                                    "framdrift": _t(request, "{kontrollert} av {antall} kontrollert",
                                                    kontrollert=state["checked"], antall=state["total"]),
                                    "rader": rows}

    _, answer = await run_in_threadpool(read, True)
    if answer is None:  # nothing new: wait for the intake's next word on this upload (it has files still to check)
        event = web.listen(_int_id(request, "upload_id"))
        _, answer = await run_in_threadpool(read, True)  # read again: a change before listening is not missed
        if answer is None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), STATUS_WAIT)
            _, answer = await run_in_threadpool(read, False)
    return JSONResponse(answer, headers={"cache-control": "no-store"})


def report(request: Request) -> Response:
    from ..report import BINARY_FORMATS, renderer

    kind = request.path_params["format"]
    if kind not in ("xlsx", "csv", "html"):
        raise HTTPException(404, "Rapporten finnes ikke i det formatet.")
    with _web(request).db() as db:
        _current(request, db)
        round_ = _get_or_404(db, Round, _int_id(request, "round_id"))
        files = [_stored_result(request, a.latest.result) for a in rounds.applications(db, round_)]
    batch = BatchResult(files, round_.edition, round_.deadline)
    if kind in BINARY_FORMATS:
        out = io.BytesIO()
        renderer(kind)(batch, out, lang=lang_of(request))
        body = out.getvalue()
    else:
        text = io.StringIO()
        renderer(kind)(batch, text, lang=lang_of(request))
        body = text.getvalue().encode("utf-8")
    media = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
             "csv": "text/csv; charset=utf-8", "html": "text/html; charset=utf-8"}[kind]
    name = f"kontroll-{round_.edition}-pulje-{round_.number}.{kind}"
    return Response(body, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})


# -- applications --------------------------------------------------------------------


def application(request: Request) -> Response:
    with _web(request).db() as db:
        row = _current(request, db)
        app = _get_or_404(db, Application, _int_id(request, "app_id"))
        try:
            number = int(request.query_params.get("versjon", app.latest.number))
        except ValueError:
            number = app.latest.number
        version = next((v for v in app.versions if v.number == number), None)
        if version is None:
            raise HTTPException(404, _t(request, "Søknaden har ingen versjon {nummer}.", nummer=number))
        return _render(request, "soknad.html", {
            "user": row.user, "csrf": row.csrf_token, "app": app, "round": app.round, "version": version,
            "result": _stored_result(request, version.result), "log": rounds.audit_log(db, app),
            "waiting": len(rounds.waiting_in_round(db, app.round))})


def download(request: Request) -> Response:
    web = _web(request)
    with web.db() as db:
        _current(request, db)
        app = _get_or_404(db, Application, _int_id(request, "app_id"))
        number = _int_id(request, "number")
        version = next((v for v in app.versions if v.number == number), None)
        if version is None:
            raise HTTPException(404, "Versjonen finnes ikke.")
        assert isinstance(version, ApplicationVersion)
        address, filename = version.file_sha256, version.filename
    try:
        handle = web.store.open(address)
    except FileStoreError as exc:
        raise HTTPException(404, "Filen finnes ikke lenger i fillageret.") from exc
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return StreamingResponse(handle, media_type="application/octet-stream",
                             headers={"content-disposition": disposition})


# -- the meeting and its letters -----------------------------------------------------


def _meeting_page(request, db, row, round_, problem: str | None = None, status_code: int = 200,
                  problem_title: str = "Møtefilen kan ikke brukes") -> Response:
    meeting = rounds.latest_meeting(db, round_)
    return _render(request, "mote.html", {
        "user": row.user, "csrf": row.csrf_token, "round": round_, "meeting": meeting, "problem": problem,
        "problem_title": problem_title,
        "result": _stored_result(request, meeting.findings) if meeting else None, "batches": rounds.letter_batches(db, round_),
        "log": rounds.round_log(db, round_)}, status_code=status_code)


def meeting_page(request: Request) -> Response:
    with _web(request).db() as db:
        row = _current(request, db)
        round_ = _get_or_404(db, Round, _int_id(request, "round_id"))
        return _meeting_page(request, db, row, round_)


async def meeting_upload(request: Request) -> Response:
    """Store an uploaded meeting file unchanged, check its decisions against the round, and show the findings."""
    web = _web(request)
    limit = web.settings.upload_limit

    def who():
        with web.db() as db:
            return _writer_round(request, db)[0].csrf_token

    csrf = await run_in_threadpool(who)
    form = await _limited_form(request, limit, max_files=1, max_fields=10)
    try:
        check_csrf(csrf, form.get("csrf"))
        sent = form.get("motefil")
        content = await sent.read() if hasattr(sent, "filename") and sent.filename else None
        filename = safe_name(sent.filename) if content is not None else ""
    finally:
        await form.close()

    def work():
        with web.db() as db:
            row = _current(request, db)
            round_ = _get_or_404(db, Round, _int_id(request, "round_id"))
            if not content:
                return _meeting_page(request, db, row, round_, "Velg møtefilen (YAML) du vil laste opp.", 400)
            if not filename.lower().endswith((".yaml", ".yml")):
                return _meeting_page(request, db, row, round_, _t(
                    request, "{fil} er ikke en YAML-fil. Last opp møtefilen i samme format som kommandolinjen "
                    "bruker (.yaml).", fil=filename), 400)
            try:
                checked = meetings.check(web, db, round_, filename, content, lang=lang_of(request))
            except MeetingError as exc:  # nothing kept: the file is no meeting file of this round
                return _meeting_page(request, db, row, round_, exc.in_language(lang_of(request)), 422)
            with web.store.pending() as put:  # the file goes again if its row cannot be committed
                address = put(content)
                rounds.record_meeting(db, row.user, round_, filename=filename, sha256=address, size=len(content),
                                      result=checked.result, ok=checked.ok, budget=checked.budget,
                                      granted=checked.granted)
                db.commit()
            return RedirectResponse(f"/runder/{round_.id}/mote", status_code=303)

    return await run_in_threadpool(work)


def meeting_export(request: Request) -> Response:
    """The stored meeting file exactly as it was uploaded."""
    web = _web(request)
    with web.db() as db:
        _current(request, db)
        round_ = _get_or_404(db, Round, _int_id(request, "round_id"))
        meeting = rounds.latest_meeting(db, round_)
        if meeting is None:
            raise HTTPException(404, "Runden har ingen møtefil ennå.")
        address, filename = meeting.file_sha256, meeting.filename
    return _stored_download(web, address, filename, "application/yaml; charset=utf-8")


async def make_letters(request: Request) -> Response:
    """One button: the meeting's letters, minutes and manifest as a ZIP, or the findings that stop them.

    With «Også PDF» ticked the ZIP holds the PDF copies too, as ``kvkdocs
    letters --pdf`` writes them; it is another ZIP (another address) and its
    row says so.
    """
    web = _web(request)
    form = await request.form()
    pdf = form.get("pdf") == "ja"

    def work():
        with web.db() as db:
            row, round_ = _writer_round(request, db, form)
            meeting = rounds.latest_meeting(db, round_)
            if meeting is None:
                return _meeting_page(request, db, row, round_, "Last opp møtefilen før brevene kan lages.", 409)
            waiting = rounds.waiting_in_round(db, round_)
            if waiting:  # a corrected or late file not yet checked: letters from the older verdicts would be wrong
                return _meeting_page(request, db, row, round_, _t(
                    request, "{antall} mottatte filer venter fortsatt på kontroll. Brevene bygger på den siste "
                    "vurderingen av hver søknad, så vent til alle filene er kontrollert, og prøv igjen.",
                    antall=len(waiting)), 409, "Brevene ble ikke laget")
            try:
                made = meetings.make_letters(web, db, round_, meeting.filename, meeting.file_sha256, pdf=pdf)
            except MeetingError as exc:
                return _meeting_page(request, db, row, round_, exc.in_language(lang_of(request)), 422)
            except meetings.PdfUnavailable as exc:
                return _meeting_page(request, db, row, round_, str(exc), 503, "Brevene ble ikke laget")
            if made.zip_bytes is None:
                errors = meetings.errors_in(made.findings)
                return _meeting_page(request, db, row, round_, _t(
                    request, "Vedtakene har {antall} feil, så ingen brev er laget. Rett møtefilen og last den "
                    "opp på nytt.", antall=errors), 422)
            with web.store.pending() as put:  # the ZIP goes again if its row cannot be committed
                address = put(made.zip_bytes)
                batch = rounds.record_letters(db, row.user, meeting, sha256=address, size=len(made.zip_bytes),
                                              documents=made.documents, pdf=pdf)
                db.commit()
            return RedirectResponse(f"/runder/{round_.id}/mote#brev-{batch.id}", status_code=303)

    return await run_in_threadpool(work)


def _decision_rows(web, db, round_, meeting) -> tuple[dict, list]:
    """The stored meeting file's data and its decisions, one row per municipality (with its application's verdict)."""
    data = meetings.meeting_data(web.store, meeting.file_sha256, meeting.filename)
    return data, meetings.summary(data, rounds.applications(db, round_))


def _no_meeting(request, row, round_, status_code: int) -> Response:
    return _render(request, "vedtak.html", {"user": row.user, "csrf": row.csrf_token, "round": round_,
                                            "meeting": None, "rows": []}, status_code=status_code)


def decisions_form(request: Request) -> Response:
    """Every municipality's decision in one table, each with a link to change it.

    A table, not one form of every field: a round of thirty municipalities
    was a page of thirty forms (11 000 px on a phone), and one decision is
    changed at a time anyway.
    """
    web = _web(request)
    with web.db() as db:
        row, round_ = _writer_round(request, db)
        meeting = rounds.latest_meeting(db, round_)
        if meeting is None:
            return _no_meeting(request, row, round_, 200)
        _, rows = _decision_rows(web, db, round_, meeting)
        saved = next((r for r in rows if r.number == request.query_params.get("lagret")), None)
        return _render(request, "vedtak.html", {
            "user": row.user, "csrf": row.csrf_token, "round": round_, "meeting": meeting, "rows": rows,
            "saved": saved, "result": _stored_result(request, meeting.findings)})


def _decision_row(request, rows):
    number = request.path_params["number"]
    found = next((r for r in rows if r.number == number), None)
    if found is None:
        raise HTTPException(404, _t(request, "Runden har ingen søknad eller vedtak for kommunenummer {nummer}.",
                                    nummer=number[:8]))
    return found


def _decision_page(request, row, round_, meeting, entry, errors=None, checked=None, status_code=200,
                   conflict=False) -> Response:
    return _render(request, "vedtak_rad.html", {
        "user": row.user, "csrf": row.csrf_token, "round": round_, "meeting": meeting, "r": entry,
        "errors": errors or {}, "checked": checked, "conflict": conflict}, status_code=status_code)


def decision_form(request: Request) -> Response:
    """One municipality's decision as a form: admit, reject or leave untreated, with the budget left."""
    web = _web(request)
    with web.db() as db:
        row, round_ = _writer_round(request, db)
        meeting = rounds.latest_meeting(db, round_)
        if meeting is None:
            return _no_meeting(request, row, round_, 409)
        _, rows = _decision_rows(web, db, round_, meeting)
        return _decision_page(request, row, round_, meeting, _decision_row(request, rows))


class _Changed(Exception):
    """Someone kept a newer meeting file while this decision was being checked: nothing of this save is kept."""


def _changed_page(request, web, db, row, round_) -> Response:
    """The decision as the newest meeting file has it, with a 409 saying someone else changed the decisions."""
    db.rollback()
    meeting = rounds.latest_meeting(db, round_)
    _, rows = _decision_rows(web, db, round_, meeting)
    return _decision_page(request, row, round_, meeting, _decision_row(request, rows), conflict=True,
                          status_code=409)


def _same_decision_since(web, db, round_, base: str, number: str, newest: dict) -> bool:
    """Whether municipality ``number``'s decision in version ``base`` is the very record in the newest file.

    Then the form's change is applied onto the newest file, whose other rows
    pass through untouched: two people registering two municipalities after
    one meeting do not bounce each other's saves. When this row itself was
    changed (or the version is unknown), the save is refused instead, since
    the person edited a decision that no longer stands.
    """
    if not base.isdigit():
        return False
    old = rounds.meeting_version(db, round_, int(base))
    if old is None:
        return False
    data = meetings.meeting_data(web.store, old.file_sha256, old.filename)
    return meetings.decision_of(data, number) == meetings.decision_of(newest, number)


async def save_decision(request: Request) -> Response:
    """One decision written into the meeting file, the whole file checked by the decision rules before it is kept.

    «Kontroller» shows the findings and the budget left and keeps nothing;
    «Lagre» keeps a new version of the meeting file only when the rules find
    no error. Only the edited decision is rewritten; the others pass through
    as they are in the file. The form carries the meeting file's version it
    was built from (``versjon``): when another version was kept since, the
    change is applied onto the newest file if this municipality's decision is
    unchanged there, and refused with 409 and the current state if it was
    changed, or if a version was kept while the check ran,
    so that no one silently undoes another's change.
    """
    web = _web(request)
    form = await request.form()

    def work():
        with web.db() as db:
            row, round_ = _writer_round(request, db, form)
            meeting = rounds.latest_meeting(db, round_)
            if meeting is None:
                return _no_meeting(request, row, round_, 409)
            data, rows = _decision_rows(web, db, round_, meeting)
            current = _decision_row(request, rows)
            base = str(form.get("versjon", ""))
            if base != str(meeting.number) and not _same_decision_since(web, db, round_, base, current.number, data):
                return _changed_page(request, web, db, row, round_)
            parsed, errors = meetings.parse_entries(form, [current.number], {current.number: current.name})
            entry = current.with_decision(parsed[0])
            if errors:
                return _decision_page(request, row, round_, meeting, entry, errors, status_code=400)
            content = meetings.dump(meetings.with_decision(data, entry))
            try:
                checked = meetings.check(web, db, round_, meeting.filename, content, lang=lang_of(request))
            except MeetingError as exc:
                return _decision_page(request, row, round_, meeting, entry, {"vedtak": exc.in_language(lang_of(request))},
                                      status_code=422)
            if not checked.ok or form.get("handling") != "lagre":
                return _decision_page(request, row, round_, meeting, entry, checked=checked,
                                      status_code=200 if checked.ok else 422)
            try:
                with web.store.pending() as put:  # the file goes again if its row cannot be committed
                    latest = rounds.latest_meeting(db, round_)  # read again: another save may have come meanwhile
                    if latest is None or latest.number != meeting.number:
                        raise _Changed
                    address = put(content)
                    rounds.record_meeting(db, row.user, round_, filename=meeting.filename, sha256=address,
                                          size=len(content), result=checked.result, ok=checked.ok,
                                          budget=checked.budget, granted=checked.granted, action="vedtak registrert",
                                          follows=meeting.number)
                    db.commit()
            except (_Changed, IntegrityError):  # IntegrityError: another save took the same version number
                return _changed_page(request, web, db, row, round_)
            return RedirectResponse(f"/runder/{round_.id}/vedtak?lagret={quote(entry.number)}#rad-{quote(entry.number)}",
                                    status_code=303)

    return await run_in_threadpool(work)


def letters_download(request: Request) -> Response:
    web = _web(request)
    with web.db() as db:
        _current(request, db)
        round_ = _get_or_404(db, Round, _int_id(request, "round_id"))
        batch = db.get(LetterBatch, _int_id(request, "batch_id"))
        if batch is None or batch.meeting.round_id != round_.id:
            raise HTTPException(404, "Brevene finnes ikke.")
        address, name = batch.zip_sha256, f"brev-{round_.edition}-pulje-{round_.number}-{batch.id}.zip"
    return _stored_download(web, address, name, "application/zip")


def _stored_download(web, address: str, filename: str, media_type: str) -> Response:
    try:
        handle = web.store.open(address)
    except FileStoreError as exc:
        raise HTTPException(404, "Filen finnes ikke lenger i fillageret.") from exc
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return StreamingResponse(handle, media_type=media_type, headers={"content-disposition": disposition})


async def choose_language(request: Request) -> Response:
    """Keep the chosen målform in a cookie (CSRF-checked like every form) and go back to the page.

    From the login page (``/logg-inn/malform``) the token is the login form's double-submit cookie's,
    so the choice can be made before logging in.
    """
    form = await request.form()
    web = _web(request)

    def check():
        with web.db() as db:
            check_csrf(_current(request, db, staff=False).csrf_token, form.get("csrf"))

    if request.url.path == "/logg-inn/malform":
        check_csrf(request.cookies.get(LOGIN_CSRF_COOKIE), form.get("csrf"))
    else:
        await run_in_threadpool(check)
    lang = str(form.get("malform", ""))
    if lang not in LANGS:
        raise HTTPException(400, "Velg bokmål eller nynorsk.")
    response = RedirectResponse(_safe_next(str(form.get("neste", ""))), status_code=303)
    response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="lax", path="/",
                        secure=web.settings.secure_cookies)
    return response


ROUTES = [
    Route("/", home),
    Route("/logg-inn", login_form, methods=["GET"]),
    Route("/logg-inn", login, methods=["POST"]),
    Route("/logg-ut", logout, methods=["POST"]),
    Route("/malform", choose_language, methods=["POST"]),
    Route("/logg-inn/malform", choose_language, methods=["POST"]),
    Route("/runder", round_list, methods=["GET"]),
    Route("/runder/ny", new_round_form, methods=["GET"]),
    Route("/runder/ny", create_round, methods=["POST"]),
    Route("/runder/{round_id}", dashboard, methods=["GET"]),
    Route("/runder/{round_id}/avsender", sender_form, methods=["GET"]),
    Route("/runder/{round_id}/avsender", save_sender, methods=["POST"]),
    Route("/runder/{round_id}/mottak", upload, methods=["POST"]),
    Route("/runder/{round_id}/mottak/{upload_id}", intake_page, methods=["GET"]),
    Route("/runder/{round_id}/mottak/{upload_id}/status", intake_status, methods=["GET"]),
    Route("/runder/{round_id}/rapport.{format}", report, methods=["GET"]),
    Route("/runder/{round_id}/mote", meeting_page, methods=["GET"]),
    Route("/runder/{round_id}/mote", meeting_upload, methods=["POST"]),
    Route("/runder/{round_id}/mote.yaml", meeting_export, methods=["GET"]),
    Route("/runder/{round_id}/brev", make_letters, methods=["POST"]),
    Route("/runder/{round_id}/vedtak", decisions_form, methods=["GET"]),
    Route("/runder/{round_id}/vedtak/{number}", decision_form, methods=["GET"]),
    Route("/runder/{round_id}/vedtak/{number}", save_decision, methods=["POST"]),
    Route("/runder/{round_id}/brev/{batch_id}.zip", letters_download, methods=["GET"]),
    Route("/soknader/{app_id}", application, methods=["GET"]),
    Route("/soknader/{app_id}/versjoner/{number}/fil", download, methods=["GET"]),
]
