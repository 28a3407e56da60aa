"""Several lawyers at once: a bounded load test of ``assembler serve --workers N`` on the loopback.

    .venv/bin/python benchmarks/load.py [--users 20] [--seconds 60] [--workers 2]
                                        [--database sqlite|URL] [--json benchmarks/load.json]

The server runs as the CLI starts it (``assembler serve --workers N``), on 127.0.0.1 only, over the
workspace's SQLite (WAL) or the PostgreSQL URL given. Each simulated lawyer has a session of its own
and works on one of ``users / 4`` matters (so four lawyers share each matter), in a loop until the
time is up:

1. opens the form (the latest version);
2. edits two fields (the company's notice attention line, with a mark of its own, and the filing
   deadline) and asks for three previews, as typing does, and the preview's frame;
3. saves. If another lawyer saved since the form was opened, the workbench answers with its merge
   page (409: counted as a conflict, not an error); the lawyer keeps their own value where both
   changed the same fact and saves the merge. Each save's mark and version number are recorded.

At the end every recorded save is looked up: its version must hold its own mark (no save lost or
overwritten), and each matter's versions are numbered 1..n with no gap. It reports the count of
5xx answers (must be 0), of saves refused as conflicts (a 409 and the merge page;
not an error), and the p50/p95 of the preview request under load, beside the peer: the same
request made by one lawyer alone against the same server, before the load. Exits 1 on a 5xx, a
lost update or a gap.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "web"))
from formdata import fields  # noqa: E402  (the route tests' reader of a page's form)

MARK = "company.notices.attention"
DEADLINE = "registration.filing_deadline_days"
MERGES = 5  # a lawyer tries a merge this many times before giving up the turn (each a conflict)


def free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(workspace: Path, workers: int, database: str | None, port: int | None = None
          ) -> tuple[subprocess.Popen, str]:
    port = port or free_port()
    command = [sys.executable, "-m", "assembler", "serve", "--workspace", str(workspace), "--port", str(port),
               "--workers", str(workers)] + (["--database", database] if database else [])
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {server.stderr.read()}")
        try:
            if httpx.get(url + "/", timeout=5).status_code == 200:
                return server, url
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


class Lawyer:
    def __init__(self, url: str, number: int, matter: int):
        self.client = httpx.Client(base_url=url, timeout=120, follow_redirects=False)
        self.number, self.matter = number, matter
        self.csrf = re.search(r'name="_csrf" value="([^"]+)"', self.client.get("/").text).group(1)
        self.previews: list[float] = []
        self.saves: list[tuple[int, int, str]] = []  # (matter, version, mark)
        self.statuses: dict[int, int] = {}
        self.conflicts = 0

    def answer(self, response: httpx.Response) -> httpx.Response:
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        return response

    def preview(self, form: dict) -> str:
        started = time.perf_counter()
        response = self.answer(self.client.post(f"/matters/{self.matter}/preview", data=form,
                                                headers={"X-CSRF-Token": self.csrf, "HX-Request": "true"}))
        self.previews.append(time.perf_counter() - started)
        key = re.search(r"/drafts/([\w-]+)", response.text)
        return key.group(1) if key else ""

    def round(self, turn: int) -> None:
        page = self.answer(self.client.get(f"/matters/{self.matter}/edit"))
        if page.status_code != 200:
            return
        form = fields(page.text)
        mark = f"Lawyer {self.number} turn {turn}"
        for days in (31, 32, 33 + turn % 20):
            form[DEADLINE] = str(days)
            form[MARK] = mark
            key = self.preview(form)
        if key:
            self.answer(self.client.get(f"/matters/{self.matter}/drafts/{key}"))
        saved = self.answer(self.client.post(f"/matters/{self.matter}/versions", data={**form, "_csrf": self.csrf}))
        for _ in range(MERGES):
            if saved.status_code != 409:
                break
            # Another lawyer saved since this form was opened: the merge page (a conflict, not an error);
            # the lawyer keeps their own value wherever both changed the same fact, and saves the merge.
            self.conflicts += 1
            page = saved.text
            merge = {name: html.unescape(re.search(f'name="{name}" value="([^"]*)"', page).group(1))
                     for name in ("_mine", "_base", "_theirs")}
            merge.update({pick: "mine" for pick in set(re.findall(r'name="(pick-\d+)"', page))})
            saved = self.answer(self.client.post(f"/matters/{self.matter}/merge", data={**merge, "_csrf": self.csrf}))
        if saved.status_code == 409:  # still refused after MERGES tries: the turn ends unsaved
            self.conflicts += 1
        elif saved.status_code == 303:
            number = int(re.search(r"saved=(\d+)", saved.headers["location"]).group(1))
            self.saves.append((self.matter, number, mark))

    def run(self, until: float) -> None:
        turn = 0
        while time.monotonic() < until:
            turn += 1
            try:
                self.round(turn)
            except httpx.HTTPError as exc:  # a refused or dropped connection counts as a failure
                self.statuses[-1] = self.statuses.get(-1, 0) + 1
                print(f"lawyer {self.number}: {exc!r}", file=sys.stderr)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else float("nan")


def run(users: int, seconds: float, workers: int, database: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="assembler-load-") as folder:
        server, url = start(Path(folder) / "ws", workers, database)
        try:
            matters = max(1, users // 4)
            setup = Lawyer(url, 0, 0)
            ids = []  # the matters made here (a PostgreSQL database may hold others already)
            for _ in range(matters):
                made = setup.client.post("/matters", data={"_csrf": setup.csrf, "source": "example"})
                ids.append(int(re.search(r"/matters/(\d+)/", made.headers["location"]).group(1)))
            # The peer: one lawyer alone, the same preview request, against the same server.
            alone = Lawyer(url, 0, ids[0])
            form = fields(alone.client.get(f"/matters/{ids[0]}/edit").text)
            for days in range(20):
                form[DEADLINE] = str(30 + days)
                alone.preview(form)
            lawyers = [Lawyer(url, i + 1, ids[i % len(ids)]) for i in range(users)]
            until = time.monotonic() + seconds
            threads = [threading.Thread(target=lawyer.run, args=(until,)) for lawyer in lawyers]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.monotonic() - started

            # Every save is where it was said to be, and nothing is missing between.
            lost, gaps = [], []
            checker = Lawyer(url, 0, 0)
            for matter, number, mark in [s for lawyer in lawyers for s in lawyer.saves]:
                text = checker.client.get(f"/matters/{matter}/versions/{number}/termsheet.yaml").text
                if f"attention: {mark}\n" not in text:
                    lost.append((matter, number, mark))
            saves = [s for lawyer in lawyers for s in lawyer.saves]
            for matter in ids:
                numbers = sorted(n for m, n, _ in saves if m == matter)
                if numbers != list(range(2, len(numbers) + 2)):
                    gaps.append(matter)
        finally:
            stop(server)
    statuses: dict[int, int] = {}
    for lawyer in lawyers:
        for code, count in lawyer.statuses.items():
            statuses[code] = statuses.get(code, 0) + count
    previews = [t for lawyer in lawyers for t in lawyer.previews]
    return {
        "database": "postgresql" if database else "sqlite (WAL)",
        "load_average_after": round(os.getloadavg()[0], 1),  # the machine's, other work included
        "workers": workers, "users": users, "matters": len(ids), "seconds": round(elapsed, 1),
        "requests": sum(c for code, c in statuses.items() if code > 0),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "server_errors": sum(c for code, c in statuses.items() if code >= 500 or code < 0),
        "saves": len(saves), "conflicts": sum(lawyer.conflicts for lawyer in lawyers),
        "lost_updates": len(lost), "matters_with_gaps": len(gaps),
        "preview_ms_p50": round(percentile(previews, 50) * 1000, 1),
        "preview_ms_p95": round(percentile(previews, 95) * 1000, 1),
        "previews": len(previews),
        "peer_preview_ms_p50_alone": round(statistics.median(alone.previews) * 1000, 1),
        "p95_under_load_over_p50_alone": round(percentile(previews, 95) / statistics.median(alone.previews), 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", action="append", default=None,
                        help="sqlite, or a PostgreSQL URL; give it twice to run both (default: sqlite)")
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks" / "load.json")
    args = parser.parse_args()
    if not 1 <= args.users <= 50 or not 1 <= args.seconds <= 300:
        parser.error("keep it bounded: at most 50 users for at most 300 s")
    results = []
    for database in args.database or ["sqlite"]:
        result = run(args.users, args.seconds, args.workers, None if database == "sqlite" else database)
        print(json.dumps(result, indent=2))
        results.append(result)
    args.json.write_text(json.dumps({"load": results}, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["server_errors"] == 0 and r["lost_updates"] == 0 and r["matters_with_gaps"] == 0
                    for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
