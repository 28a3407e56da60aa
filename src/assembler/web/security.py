"""Sessions, the login a non-local workbench needs, CSRF, and the headers every response carries.

A session is a random id in an HttpOnly, SameSite=Strict cookie, signed (with who signed in) by the
workspace's secret, which the store keeps: nothing about a session is held in this process, so a
restart or a second worker knows it. Each session's CSRF token is derived from its id and that
secret, and every POST must send it back (a hidden field in each form, and htmx's header): a form
open across a restart still saves. Bound to the loopback, the workbench also refuses a request whose Host is not
a loopback name, so a web page elsewhere cannot reach it through DNS rebinding.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

COOKIE = "assembler_session"
GENERATES = re.compile(r"/(documents|amendments|notices)/|/all\.zip$|/redline\.\w+$")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# No inline script anywhere: htmx is a file from our own origin and reads only attributes.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "frame-src 'self'; form-action 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'")
# A document's preview is a page of its own in a frame: its print.css is inline, and it runs nothing.
PREVIEW_CSP = "default-src 'none'; style-src 'self' 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


# Wrong tokens: each answer waits longer (by STEP seconds an attempt), and past LIMIT attempts not
# known right in a minute from one address every attempt is refused with 429 until the minute is over.
LOGIN_LIMIT = 5
LOGIN_STEP = 0.3


# A sign-in lasts this long; then the token is asked for again (the session, and its unsaved
# edits, stay: only who signed in is forgotten).
SIGN_IN_SECONDS = 12 * 3600


@dataclass
class Session:
    sid: str
    csrf: str
    user: str | None = None
    signed_at: int = 0  # when the user signed in (seconds since the epoch)


class Throttle:
    """Sign-in attempts counted per client address over the last minute, in the store: every worker
    (and every process sharing the store) counts the same attempts, so N workers allow no more
    than ``limit`` wrong tokens a minute between them."""

    def __init__(self, store, limit: int = LOGIN_LIMIT, window: float = 60.0):
        self.store, self.limit, self.window = store, limit, window
        self.clock = time.time  # wall-clock seconds: the same in every worker

    def begin(self, client: str) -> tuple[int, float] | None:
        """An attempt counted before its token is checked: its id and how long to wait before
        answering (longer after each recent one), or None if the address is refused this minute."""
        counted = self.store.begin_sign_in(client, self.clock(), self.window, self.limit)
        if counted is None:
            return None
        attempt, before = counted
        return attempt, LOGIN_STEP * before

    def succeeded(self, attempt: int) -> None:
        self.store.forget_sign_in(attempt)


class Guard:
    """Wraps the app: reads or starts the session, checks login, Host and CSRF, adds headers."""

    def __init__(self, app, token: str | None, local_only: bool, max_body: int, secret: str, store):
        self.app = app
        self.max_body = max_body
        self.token = token
        self.local_only = local_only
        self.key = secret.encode()
        self.throttle = Throttle(store)
        # The answer to a request larger than max_body (the app sets its own page).
        self.too_large = lambda request: PlainTextResponse(
            f"Refused: a request may be at most {self.max_body:,} bytes.", status_code=413)

    def _sign(self, text: str) -> str:
        return hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()

    def session(self, sid: str, user: str | None = None, signed_at: int = 0) -> Session:
        return Session(sid, self._sign("csrf|" + sid), user, signed_at)

    def cookie(self, session: Session) -> str:
        """The cookie's value: the id, who signed in and when, and a signature over them."""
        user = base64.urlsafe_b64encode((session.user or "").encode()).decode()
        signed = f"{session.sid}.{user}.{session.signed_at}"
        return f"{signed}.{self._sign(signed)}"

    def read_cookie(self, value: str | None) -> Session | None:
        parts = (value or "").split(".")
        if len(parts) != 4 or not parts[2].isdigit() or \
                not hmac.compare_digest(parts[3], self._sign(".".join(parts[:3]))):
            return None
        try:
            user = base64.urlsafe_b64decode(parts[1].encode()).decode() or None
        except ValueError:
            return None
        signed_at = int(parts[2])
        if self.token and time.time() - signed_at > SIGN_IN_SECONDS:
            user = None  # signed in too long ago: sign in again
        return self.session(parts[0], user, signed_at)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        response = self._refuse(request)
        session = self.read_cookie(request.cookies.get(COOKIE))
        new_cookie = None
        if session is None:
            session = self.session(secrets.token_urlsafe(32))
            new_cookie = self.cookie(session)
        scope.setdefault("state", {})["session"] = session
        scope["state"]["guard"] = self
        if response is None and scope["method"] not in ("GET", "HEAD"):
            body = await _read(receive, self.max_body)
            if body is None:
                response = self.too_large(request)
            else:
                receive = _replay(body)
                request = Request(scope, receive)
        if response is None:
            response = await self._check(request, session)
            receive = _replay(body) if scope["method"] not in ("GET", "HEAD") else receive

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                names = {k.lower() for k, _ in headers}
                for key, value in HEADERS.items():
                    if key.lower().encode() not in names:
                        headers.append((key.lower().encode(), value.encode()))
                if b"content-security-policy" not in names:
                    headers.append((b"content-security-policy", CSP.encode()))
                if new_cookie:
                    headers.append((b"set-cookie", f"{COOKIE}={new_cookie}; Path=/; HttpOnly; SameSite=Strict"
                                    .encode()))
            await send(message)

        if response is not None:
            return await response(scope, receive, send_with_headers)
        return await self.app(scope, receive, send_with_headers)

    def _refuse(self, request: Request) -> Response | None:
        host = _hostname(request.headers.get("host") or "")
        if self.local_only and not is_loopback(host):
            return PlainTextResponse("This workbench answers only to localhost.", status_code=421)
        return None

    async def _check(self, request: Request, session: Session) -> Response | None:
        path = request.url.path
        # A download makes a document and logs it: another site may not make the browser do that
        # (browsers say where a request comes from in Sec-Fetch-Site).
        if request.headers.get("sec-fetch-site") == "cross-site" and GENERATES.search(path):
            return PlainTextResponse("Refused: documents are made only from the workbench's own pages.",
                                     status_code=403)
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"):
                return PlainTextResponse("Refused: the request came from another site.", status_code=403)
            sent = request.headers.get("x-csrf-token")
            if sent is None:
                try:
                    form = await request.form()
                except MultiPartException as exc:  # Starlette's own bounds on a form (a field over 1 MB)
                    return PlainTextResponse(f"Refused: this form cannot be read: {exc.message} Keep each "
                                             "field under 1 MB; a term sheet or a draft goes in as a file.",
                                             status_code=400)
                sent = form.get("_csrf")
                await form.close()
            if not sent or not hmac.compare_digest(str(sent), session.csrf):
                return PlainTextResponse("Refused: this form is stale or came from elsewhere (no valid CSRF "
                                         "token). Reload the page and try again.", status_code=403)
        if self.token and session.user is None and not path.startswith(("/login", "/static/")):
            return RedirectResponse("/login", status_code=303)
        return None

    def login(self, session: Session, token: str, user: str) -> str | None:
        """The signed-in session's cookie, or None if the token is wrong. The id changes at sign-in,
        so one fixed before it (by whoever could set a cookie) is worth nothing after."""
        if self.token and not hmac.compare_digest(token.encode(), self.token.encode()):
            return None
        return self.cookie(self.session(secrets.token_urlsafe(32), user, int(time.time())))


def _hostname(header: str) -> str:
    """The name in a Host header, without its port: "127.0.0.1:8000" → "127.0.0.1", "[::1]:80" → "::1"."""
    if header.startswith("["):
        return header[1:header.find("]")] if "]" in header else header
    return header.rsplit(":", 1)[0]


async def _read(receive, limit: int) -> bytes | None:
    """The whole request body, or None past ``limit`` bytes (read no further)."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def _replay(body: bytes):
    """A ``receive`` that hands the app a body already read."""
    sent = False

    async def receive():
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}
    return receive
