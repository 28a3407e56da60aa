"""The workbench's guard (web/security.py) in process, around a small app of its own: sessions in
signed cookies, sign-in, CSRF, the Host and Origin checks, the size limit and the headers, each
answer as its exact status and words. For mutation testing (scripts/mutation-test security); the
workbench itself is driven through these in tests/web/test_routes.py and in Chromium."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac

import pytest
from sqlalchemy import delete
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assembler.store import Store
from assembler.store.models import SignInAttempt
from assembler.web import security
from assembler.web.security import COOKIE, Guard, Throttle

SECRET = "s3cret"
STORE: Store = None  # type: ignore[assignment]  # a real store (SQLite) for the throttle's count, made once


@pytest.fixture(autouse=True, scope="module")
def _store(tmp_path_factory):
    global STORE
    STORE = Store(f"sqlite:///{tmp_path_factory.mktemp('guard') / 'store.db'}")
    yield
    STORE.close()


@pytest.fixture(autouse=True)
def _no_attempts_left_over():
    """Each test starts with no sign-in attempt counted."""
    with STORE.writing() as session, session.begin():
        session.execute(delete(SignInAttempt))
    yield


async def echo(request):
    form = await request.form() if request.method == "POST" else {}
    session = request.state.session
    guard = request.scope["state"]["guard"]
    assert guard.throttle.limit == 5  # the app reaches the guard, and its throttle, through the scope
    return PlainTextResponse(f"{request.method} {request.url.path} {dict(form)} user={session.user}")


async def own_headers(request):
    return PlainTextResponse("own", headers={"X-Frame-Options": "DENY", "Content-Security-Policy": "default-src x"})


APP = Starlette(routes=[Route("/own", own_headers), Route("/{path:path}", echo, methods=["GET", "POST", "HEAD", "PUT"])])


def client(token=None, local_only=False, max_body=1000, host="127.0.0.1:8000") -> tuple[TestClient, Guard]:
    guard = Guard(APP, token, local_only, max_body, SECRET, STORE)
    return TestClient(guard, base_url=f"http://{host}"), guard


def csrf_of(sid: str) -> str:
    return hmac.new(SECRET.encode(), f"csrf|{sid}".encode(), hashlib.sha256).hexdigest()


# -- names and hosts -------------------------------------------------------------------------------

def test_loopback_names():
    for host in ("127.0.0.1", "localhost", "::1", "127.9.8.7"):
        assert security.is_loopback(host), host
    for host in ("128.0.0.1", "localhost.example", "example.com", "", "0.0.0.0", "1127.0.0.1"):
        assert not security.is_loopback(host), host


def test_hostname_without_port():
    assert security._hostname("127.0.0.1:8000") == "127.0.0.1"
    assert security._hostname("localhost") == "localhost"
    assert security._hostname("[::1]:8080") == "::1"
    assert security._hostname("[::1]") == "::1"
    assert security._hostname("[::1") == "[::1"
    assert security._hostname("a:b:c") == "a:b"
    assert security._hostname("") == ""


# -- the throttle ------------------------------------------------------------------------------------

def test_throttle_counts_attempts_in_the_last_minute():
    now = [1000.0]
    throttle = Throttle(STORE)
    throttle.clock = lambda: now[0]
    assert (throttle.store, throttle.limit, throttle.window) == (STORE, 5, 60.0)
    waits = []
    for _ in range(5):
        attempt, wait = throttle.begin("a")
        waits.append(wait)
    # Each answer waits 0.3 s longer than the last; the sixth in the minute is refused, not counted.
    assert waits == pytest.approx([0.0, 0.3, 0.6, 0.9, 1.2])
    assert throttle.begin("a") is None and throttle.begin("a") is None
    assert throttle.begin("b")[1] == 0  # another address is counted apart
    now[0] += 60.0  # an attempt exactly a minute old still counts
    assert throttle.begin("a") is None
    now[0] += 0.001
    assert throttle.begin("a")[1] == 0


def test_a_right_token_is_not_counted():
    now = [5000.0]
    throttle = Throttle(STORE, limit=2, window=10)
    throttle.clock = lambda: now[0]
    first, _ = throttle.begin("a")
    throttle.succeeded(first)
    second, wait = throttle.begin("a")
    assert wait == 0  # the right one before it was forgotten
    assert throttle.begin("a")[1] == pytest.approx(0.3)
    assert throttle.begin("a") is None  # two wrong ones in ten seconds: refused
    now[0] += 10.001
    assert throttle.begin("a")[1] == 0


def test_the_throttle_reads_the_wall_clock(monkeypatch):
    """Every worker reads the same clock: wall-clock time, not this process's monotonic one."""
    monkeypatch.setattr(security.time, "time", lambda: 7000.0)
    throttle = Throttle(STORE, limit=1, window=10)
    assert throttle.clock() == 7000.0
    assert throttle.begin("w")[1] == 0 and throttle.begin("w") is None


# -- cookies and sessions ----------------------------------------------------------------------------

def test_a_sessions_cookie_round_trip_and_tampering():
    guard = Guard(APP, None, False, 1000, SECRET, STORE)
    session = guard.session("abc", "Ana", 1234)
    assert session.csrf == csrf_of("abc") and session.user == "Ana" and session.signed_at == 1234
    cookie = guard.cookie(session)
    signed = f"abc.{base64.urlsafe_b64encode(b'Ana').decode()}.1234"
    assert cookie == signed + "." + hmac.new(SECRET.encode(), signed.encode(), hashlib.sha256).hexdigest()
    assert guard.read_cookie(cookie) == session
    assert guard.read_cookie(guard.cookie(guard.session("abc"))) == guard.session("abc", None, 0)
    for bad in (None, "", "abc", cookie + ".x", cookie.replace("abc.", "abd."), cookie[:-1] + "0",
                "abc.QW5h.12x4." + guard._sign("abc.QW5h.12x4"), "abc._w==.1234." + guard._sign("abc._w==.1234"),
                "abc.QQ.1234." + guard._sign("abc.QQ.1234")):
        assert guard.read_cookie(bad) is None, bad
    other = Guard(APP, None, False, 1000, "other", STORE)
    assert other.read_cookie(cookie) is None


def test_a_sign_in_lasts_twelve_hours(monkeypatch):
    guard = Guard(APP, "tok", False, 1000, SECRET, STORE)
    monkeypatch.setattr(security.time, "time", lambda: 100_000.0 + 12 * 3600)
    assert guard.read_cookie(guard.cookie(guard.session("s", "Ana", 100_000))).user == "Ana"
    late = guard.read_cookie(guard.cookie(guard.session("s", "Ana", 99_999)))
    assert late.user is None and late.sid == "s" and late.signed_at == 99_999
    # Without a token there is no sign-in to expire.
    assert Guard(APP, None, False, 1000, SECRET, STORE).read_cookie(guard.cookie(guard.session("s", "Ana", 1))).user == "Ana"


def test_login(monkeypatch):
    monkeypatch.setattr(security.time, "time", lambda: 5000.7)
    guard = Guard(APP, "right", False, 1000, SECRET, STORE)
    assert guard.login(guard.session("old"), "wrong", "Ana") is None
    assert guard.login(guard.session("old"), "righ", "Ana") is None
    session = guard.read_cookie(guard.login(guard.session("old"), "right", "Ana"))
    assert session.user == "Ana" and session.signed_at == 5000 and session.sid != "old" and len(session.sid) > 30
    open_guard = Guard(APP, None, False, 1000, SECRET, STORE)
    assert open_guard.read_cookie(open_guard.login(open_guard.session("x"), "anything", "Bo")).user == "Bo"


# -- requests through the guard -------------------------------------------------------------------------

def test_every_answer_carries_the_headers_and_a_new_session_its_cookie():
    web, guard = client()
    response = web.get("/page")
    assert response.status_code == 200 and response.text == "GET /page {} user=None"
    for key, value in {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
                       "x-frame-options": "SAMEORIGIN", "cross-origin-opener-policy": "same-origin",
                       "permissions-policy": "camera=(), microphone=(), geolocation=()",
                       "cache-control": "no-store", "content-security-policy": security.CSP}.items():
        assert response.headers[key] == value
    assert "script-src 'self';" in security.CSP and "'unsafe-inline'" not in security.CSP
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and cookie.endswith("; Path=/; HttpOnly; SameSite=Strict")
    value = cookie.split(";")[0].split("=", 1)[1]
    assert guard.read_cookie(value) is not None
    again = web.get("/page")  # the cookie is sent back: no new one
    assert "set-cookie" not in again.headers
    own = web.get("/own")
    assert own.headers["x-frame-options"] == "DENY" and own.headers["content-security-policy"] == "default-src x"
    assert own.headers.get_list("x-frame-options") == ["DENY"]


def test_only_loopback_hosts_when_bound_to_the_loopback():
    for host in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        web, _ = client(local_only=True, host=host)
        assert web.get("/").status_code == 200, host
    web, _ = client(local_only=True, host="evil.example:8000")
    refused = web.get("/")
    assert (refused.status_code, refused.text) == (421, "This workbench answers only to localhost.")
    assert refused.headers["x-content-type-options"] == "nosniff"
    assert client(local_only=False, host="evil.example")[0].get("/").status_code == 200


def test_a_post_needs_the_sessions_csrf_token():
    web, guard = client()
    web.get("/")
    session = guard.read_cookie(web.cookies[COOKIE])
    stale = web.post("/save", data={"a": "1"})
    assert (stale.status_code, stale.text) == (403, "Refused: this form is stale or came from elsewhere (no valid "
                                                    "CSRF token). Reload the page and try again.")
    assert web.post("/save", data={"a": "1", "_csrf": "x" + session.csrf[1:]}).status_code == 403
    assert web.post("/save", data={"a": "1", "_csrf": ""}).status_code == 403
    saved = web.post("/save", data={"a": "1", "_csrf": session.csrf})
    assert (saved.status_code, saved.text) == (200, "POST /save {'a': '1', '_csrf': '" + session.csrf + "'} user=None")
    by_header = web.post("/save", data={"b": "2"}, headers={"x-csrf-token": session.csrf})
    assert by_header.text == "POST /save {'b': '2'} user=None"
    assert web.post("/save", data={"_csrf": session.csrf}, headers={"x-csrf-token": "no"}).status_code == 403


def test_a_post_from_another_origin_is_refused():
    web, guard = client()
    web.get("/")
    token = guard.read_cookie(web.cookies[COOKIE]).csrf
    headers = {"x-csrf-token": token}
    refused = web.post("/save", headers={**headers, "origin": "http://evil.example"})
    assert (refused.status_code, refused.text) == (403, "Refused: the request came from another site.")
    assert web.post("/save", headers={**headers, "origin": "http://127.0.0.1:8001"}).status_code == 403
    assert web.post("/save", headers={**headers, "origin": "http://127.0.0.1:8000"}).status_code == 200
    assert web.post("/save", headers={**headers, "origin": "null"}).status_code == 200
    assert web.post("/save", headers=headers).status_code == 200


def test_downloads_are_not_made_for_another_site():
    web, _ = client()
    words = "Refused: documents are made only from the workbench's own pages."
    for path in ("/m/documents/agreement.docx", "/m/amendments/1", "/m/notices/x", "/m/all.zip",
                 "/m/redline.docx"):
        refused = web.get(path, headers={"sec-fetch-site": "cross-site"})
        assert (refused.status_code, refused.text) == (403, words), path
        assert web.get(path, headers={"sec-fetch-site": "same-origin"}).status_code == 200
    for path in ("/m/form", "/m/all.zip/x", "/m/redline.", "/documents"):
        assert web.get(path, headers={"sec-fetch-site": "cross-site"}).status_code == 200, path


def test_a_request_too_large_is_refused():
    web, guard = client(max_body=1000)
    web.get("/")
    token = guard.read_cookie(web.cookies[COOKIE]).csrf
    too_large = web.post("/save", content=b"x" * 1001, headers={"x-csrf-token": token})
    assert (too_large.status_code, too_large.text) == (413, "Refused: a request may be at most 1,000 bytes.")
    fits = web.post("/save", content=b"a=" + b"x" * 998, headers={
        "x-csrf-token": token, "content-type": "application/x-www-form-urlencoded"})
    assert fits.status_code == 200 and fits.text.startswith("POST /save {'a': 'xxx")


def test_a_form_field_over_starlettes_bound_is_one_sentence_not_a_traceback():
    web, guard = client(max_body=3_000_000)
    web.get("/")
    refused = web.post("/save", files={"draft": ("a.docx", b"x")}, data={"name": "x" * 1_100_000})
    assert (refused.status_code, refused.text) == (400, "Refused: this form cannot be read: Part exceeded maximum "
                                                        "size of 1024KB. Keep each field under 1 MB; a term sheet or "
                                                        "a draft goes in as a file.")


def test_with_a_token_every_page_but_login_and_static_asks_for_sign_in():
    web, guard = client(token="tok")
    first = web.get("/page", follow_redirects=False)
    assert (first.status_code, first.headers["location"]) == (303, "/login")
    assert web.get("/login", follow_redirects=False).status_code == 200
    assert web.get("/login/x", follow_redirects=False).status_code == 200
    assert web.get("/static/htmx.js", follow_redirects=False).status_code == 200
    assert web.get("/staticx", follow_redirects=False).status_code == 303
    signed = guard.login(guard.read_cookie(web.cookies[COOKIE]), "tok", "Ana")
    web.cookies.set(COOKIE, signed)
    assert web.get("/page").text == "GET /page {} user=Ana"
    token = guard.read_cookie(signed).csrf
    assert web.post("/save", headers={"x-csrf-token": token}).text == "POST /save {} user=Ana"


def test_other_scopes_pass_through():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])

    asyncio.run(Guard(app, "tok", True, 10, SECRET, STORE)({"type": "websocket"}, None, None))
    assert seen == ["websocket"]


def test_reading_a_body():
    def messages(*items):
        queue = list(items)

        async def receive():
            return queue.pop(0)
        return receive

    body = asyncio.run(security._read(messages({"type": "http.request", "body": b"ab", "more_body": True},
                                               {"type": "http.request", "body": b"cd", "more_body": False},
                                               {"type": "http.request", "body": b"never"}), 4))
    assert body == b"abcd"
    assert asyncio.run(security._read(messages({"type": "http.request", "body": b"abc", "more_body": True},
                                               {"type": "http.request", "body": b"de"}), 4)) is None
    assert asyncio.run(security._read(messages({"type": "http.request", "body": b"ab", "more_body": True},
                                               {"type": "http.disconnect"}), 4)) == b"ab"
    assert asyncio.run(security._read(messages({"type": "http.request"}), 4)) == b""
    replay = security._replay(b"xyz")
    assert asyncio.run(replay()) == {"type": "http.request", "body": b"xyz", "more_body": False}
    assert asyncio.run(replay()) == {"type": "http.disconnect"}


def test_hostname_of_a_damaged_bracket():
    assert security._hostname("[::1]]:80") == "::1"


def test_session_ids_are_32_random_bytes():
    web, guard = client()
    web.get("/")
    assert len(guard.read_cookie(web.cookies[COOKIE]).sid) == 43
    signed = Guard(APP, "tok", False, 1000, SECRET, STORE)
    assert len(signed.read_cookie(signed.login(signed.session("x"), "tok", "Ana")).sid) == 43
    assert isinstance(guard.throttle, Throttle) and guard.throttle.store is STORE  # counts in the store given


def test_header_names_are_lower_case_as_asgi_wants():
    web, _ = client()
    names = [name for name, _ in web.get("/page").headers.raw]
    assert names == [name.lower() for name in names]
    assert b"content-security-policy" in names and b"set-cookie" in names


def test_head_is_a_read_and_needs_no_token():
    web, _ = client()
    assert web.head("/page").status_code == 200


def test_a_get_or_head_body_is_never_read():
    web, _ = client(max_body=10)
    assert web.request("GET", "/page", content=b"x" * 100).status_code == 200
    assert web.request("HEAD", "/page", content=b"x" * 100).status_code == 200


def test_a_refused_host_is_refused_whatever_it_sends():
    web, _ = client(local_only=True, host="evil.example", max_body=10)
    assert web.post("/save", content=b"x" * 100).status_code == 421


def test_the_too_large_answer_is_given_the_request():
    web, guard = client(max_body=10)
    guard.too_large = lambda request: PlainTextResponse(f"too large for {request.url.path}", status_code=413)
    refused = web.put("/upload", content=b"x" * 100)
    assert (refused.status_code, refused.text) == (413, "too large for /upload")


def test_origins_compared_by_what_follows_the_scheme():
    web, guard = client()
    web.get("/")
    headers = {"x-csrf-token": guard.read_cookie(web.cookies[COOKIE]).csrf}
    assert web.post("/save", headers={**headers, "origin": "http://evil.example://127.0.0.1:8000"}).status_code == 403
    assert web.post("/save", headers={**headers, "origin": "127.0.0.1:8000"}).status_code == 200


def asgi(guard, scope, body=b""):
    """Run the guard on a raw ASGI scope; the messages it sends."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(guard({"method": "GET", "path": "/", "headers": [(b"host", b"127.0.0.1")], "query_string": b"",
                       "type": "http", "scheme": "http", "server": ("127.0.0.1", 80), **scope}, receive, send))
    return sent


def test_a_scope_without_state_and_a_start_without_headers():
    seen = {}

    async def bare(scope, receive, send):
        seen["session"] = scope["state"]["session"]
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = Guard(bare, None, False, 1000, SECRET, STORE)
    sent = asgi(guard, {})
    assert seen["session"].csrf == csrf_of(seen["session"].sid)
    names = [name for name, _ in sent[0]["headers"]]
    assert b"x-frame-options" in names and b"set-cookie" in names


def test_other_scopes_get_the_servers_receive_and_send():
    got = {}

    async def app(scope, receive, send):
        got["receive"], got["send"] = receive, send

    async def receive():
        return {}

    async def send(message):
        return None

    asyncio.run(Guard(app, None, False, 10, SECRET, STORE)({"type": "lifespan"}, receive, send))
    assert got == {"receive": receive, "send": send}
