"""Sessions, the login a non-local workbench needs, CSRF, and the headers every response carries.

A session is a random id in an HttpOnly, SameSite=Strict cookie, kept in this process's memory;
each session has its own CSRF token, which every POST must send back (a hidden field in each form,
and htmx's header). Bound to the loopback, the workbench also refuses a request whose Host is not
a loopback name, so a web page elsewhere cannot reach it through DNS rebinding.
"""
from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

COOKIE = "assembler_session"
MAX_SESSIONS = 1000
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


@dataclass
class Session:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    user: str | None = None


class Guard:
    """Wraps the app: finds or starts the session, checks login, Host and CSRF, adds headers."""

    def __init__(self, app, token: str | None, local_only: bool, max_body: int):
        self.app = app
        self.max_body = max_body
        self.token = token
        self.local_only = local_only
        self.sessions: dict[str, Session] = {}

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request = Request(scope, receive)
        response = self._refuse(request)
        sid = request.cookies.get(COOKIE)
        new_sid = None
        if sid not in self.sessions:
            new_sid = sid = secrets.token_urlsafe(32)
            self.sessions[sid] = Session()
            while len(self.sessions) > MAX_SESSIONS:  # a client that keeps no cookie must not fill memory
                self.sessions.pop(next(iter(self.sessions)))
        scope.setdefault("state", {})["session"] = self.sessions[sid]
        scope["state"]["guard"] = self
        if response is None and scope["method"] not in ("GET", "HEAD"):
            body = await _read(receive, self.max_body)
            if body is None:
                response = PlainTextResponse(f"Refused: a request may be at most {self.max_body:,} bytes.",
                                             status_code=413)
            else:
                receive = _replay(body)
                request = Request(scope, receive)
        if response is None:
            response = await self._check(request, self.sessions[sid])
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
                if new_sid:
                    headers.append((b"set-cookie", f"{COOKIE}={new_sid}; Path=/; HttpOnly; SameSite=Strict"
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
                form = await request.form()
                sent = form.get("_csrf")
                await form.close()
            if not sent or not hmac.compare_digest(str(sent), session.csrf):
                return PlainTextResponse("Refused: this form is stale or came from elsewhere (no valid CSRF "
                                         "token). Reload the page and try again.", status_code=403)
        if self.token and session.user is None and not path.startswith(("/login", "/static/")):
            return RedirectResponse("/login", status_code=303)
        return None

    def login(self, session: Session, token: str, user: str) -> str | None:
        """The signed-in session's new id, or None if the token is wrong. The id changes at sign-in,
        so one fixed before it (by whoever could set a cookie) is worth nothing after."""
        if self.token and not hmac.compare_digest(token.encode(), self.token.encode()):
            return None
        for sid, known in list(self.sessions.items()):
            if known is session:
                del self.sessions[sid]
        new = secrets.token_urlsafe(32)
        self.sessions[new] = Session(csrf=session.csrf, user=user)
        return new


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
