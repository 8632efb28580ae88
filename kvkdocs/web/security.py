"""Security for every response and every form: headers, sessions, CSRF, roles.

The Content-Security-Policy allows no inline script and no framing; error
pages name no server or library. Forms carry the session's CSRF token (the
login form, before there is a session, a double-submit cookie's).
"""

from __future__ import annotations

import secrets

from starlette.exceptions import HTTPException

CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
SESSION_COOKIE = "kvk_sesjon"
LOGIN_CSRF_COOKIE = "kvk_csrf"


class SecurityHeaders:
    """ASGI middleware: the headers above on every response, and no ``server`` header."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                headers.extend(HEADERS)
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class LoginRequired(Exception):
    """Raised by a page that needs a logged-in user; answered with the login page."""


def check_csrf(expected: str | None, sent) -> None:
    """403 unless ``sent`` is the session's token. Compared as UTF-8 bytes: ``compare_digest`` refuses
    (TypeError, a 500) a non-ASCII string, and a hand-made request may send one."""
    if not expected or not isinstance(sent, str) or \
            not secrets.compare_digest(expected.encode("utf-8"), sent.encode("utf-8", "replace")):
        raise HTTPException(403, "Skjemaet var utløpt eller kom ikke fra denne tjenesten. Last siden på nytt og prøv igjen.")


def require_role(user, *roles: str) -> None:
    if roles and user.role not in roles:
        raise HTTPException(403, "Du har ikke tilgang til dette. Spør sekretariatet om du trenger tilgang.")
