"""Benchmark: the web workflow with 500 units × 10 findings each (run by hand, not a test).

``.venv/bin/python bench/bench_web.py [--seconds 60] [--users 50] [--units 500]``

1. The reviewer dashboard (``/review``, every unit of the year as the 财政局审核人 sees it: the progress per
   department and 50 units a page) rendered in-process through httpx's ASGI transport: p50/p95 over 30
   requests going through every page in turn (half sorted by errors), on SQLite and, when a server answers
   on 127.0.0.1:5432 (user postgres, or the libpq string in JUESUAN_TEST_PG), on PostgreSQL in a uniquely
   named database created and dropped here. The rows are inserted directly through the app's models: per unit
   one submission whose counts sum to 10 and an upload whose stored check holds those 10 findings; three
   further units are published through the real workflow so the public pages have reports.
2. ``--users`` concurrent users (half anonymous on the public pages, half reviewers on the dashboard and unit
   pages) for ``--seconds`` against uvicorn serving the SQLite database in a separate process on loopback:
   requests, errors, p50/p95. The issue's target: dashboard p95 < 200 ms; no error under load.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import multiprocessing
import os
import random
import re
import socket
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from juesuan import api  # noqa: E402
from juesuan_web import create_app, security  # noqa: E402
from juesuan_web.models import (  # noqa: E402
    BUREAU_REVIEWER,
    DEPT_REVIEWER,
    FILLER,
    Org,
    Submission,
    Upload,
    User,
)
from juesuan_web.org import import_org  # noqa: E402
from juesuan_web.settings import PUBLISH_FORMATS, Settings  # noqa: E402

EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"
YEAR = 2024
PASSWORD = "bench-password-1"
PG_DSN = os.environ.get("JUESUAN_TEST_PG", "host=127.0.0.1 port=5432 user=postgres")
STATES = ["draft", "submitted", "returned", "approved"]
SEVERITIES = ["fatal", "error", "error", "warning", "warning", "warning", "warning", "info", "info", "info"]
PUBLISHED_UNITS = 3


def settings(db_url: str) -> Settings:
    return Settings(
        db_url=db_url,
        secret_key="bench-secret",
        fast_password_hash=True,
        publish_formats=("html", "json"),
        year=YEAR,
        login_max_failures_ip=10_000,
    )


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


# --------------------------------------------------------------------------- seeding


def seed(
    app: Any, units: int, reviewers: int, publish_times: list[tuple[float, float]] | None = None
) -> list[int]:
    """Organisation, users and submissions; returns the ids of the units with findings (``publish_times``
    receives the wall time of each publish request)."""
    depts = max(1, units // 10)
    rows = ["代码,名称,上级,类型", "R,基准区,,地区"]
    rows += [f"D{d:03d},基准区第{d}部门,R,部门" for d in range(depts)]
    rows += [f"U{u:04d},基准区第{u // 10}部门下属第{u}单位,D{u % depts:03d},单位" for u in range(units)]
    rows += [f"P{p},公开单位{p},D000,单位" for p in range(PUBLISHED_UNITS)]
    fast_hash = security.hash_password(PASSWORD, fast=True)
    rng = random.Random(7)
    with app.state.sessions() as db:
        import_org(db, "org.csv", ("\n".join(rows) + "\n").encode("utf-8"))
        orgs = {o.code: o for o in db.query(Org).all()}
        users = [User(username="czj", password_hash=fast_hash, role=BUREAU_REVIEWER)]
        users += [
            User(username=f"r{i:02d}", password_hash=fast_hash, role=BUREAU_REVIEWER)
            for i in range(reviewers)
        ]
        users += [User(username="bm0", password_hash=fast_hash, role=DEPT_REVIEWER, org_id=orgs["D000"].id)]
        users += [
            User(username=f"tbp{p}", password_hash=fast_hash, role=FILLER, org_id=orgs[f"P{p}"].id)
            for p in range(PUBLISHED_UNITS)
        ]
        db.add_all(users)
        db.flush()
        uploader = users[0].id
        unit_ids = []
        for u in range(units):
            unit = orgs[f"U{u:04d}"]
            findings = [
                {
                    "severity": sev,
                    "rule_id": f"B{n:03d}",
                    "message": f"基准问题 {n}",
                    "fingerprint": hashlib.sha256(f"{u}-{n}".encode()).hexdigest()[:32],
                    "locations": [{"file": "dataset.yaml", "line": 10 + n, "key": "department.duties"}],
                }
                for n, sev in enumerate(SEVERITIES)
            ]
            counts = {s: SEVERITIES.count(s) for s in ("fatal", "error", "warning", "info")}
            sub = Submission(
                unit_id=unit.id,
                year=YEAR,
                state=rng.choice(STATES),
                n_fatal=counts["fatal"],
                n_error=counts["error"],
                n_warning=counts["warning"],
                n_info=counts["info"],
            )
            db.add(sub)
            db.flush()
            content = f"# unit {u}\n".encode()
            db.add(
                Upload(
                    submission_id=sub.id,
                    filename="dataset.yaml",
                    kind="yaml",
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    content=content,
                    check={"findings": findings, "counts": counts},
                    uploaded_by=uploader,
                )
            )
            unit_ids.append(unit.id)
        db.commit()
        published = [orgs[f"P{p}"].id for p in range(PUBLISHED_UNITS)]
    times = publish_some(app, published)
    if publish_times is not None:
        publish_times.extend(times)
    return unit_ids


class Client:
    """A logged-in (or anonymous) in-process client over the ASGI transport."""

    def __init__(self, app: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench")

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def login(self, username: str) -> None:
        token = self.run(self.http.get("/.json")).json()["csrf_token"]
        r = self.run(
            self.http.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        )
        assert r.status_code == 303, (r.status_code, r.text[:300])

    def act(self, url: str, data: dict[str, Any] | None = None, files: Any = None) -> httpx.Response:
        token = self.run(self.http.get("/.json")).json()["csrf_token"]
        r = self.run(
            self.http.post(
                url,
                data={"csrf_token": token} | (data or {}),
                files=files,
                headers={"accept": "application/json"},
            )
        )
        assert r.status_code == 200, (url, r.status_code, r.text[:300])
        return r


def publish_some(app: Any, unit_ids: list[int]) -> list[tuple[float, float]]:
    """Upload, submit, approve and publish each unit; returns the wall and CPU time (this process, all its
    threads) of each publish request."""
    times = []
    loop = asyncio.new_event_loop()
    czj = Client(app, loop)
    czj.login("czj")
    for p, unit in enumerate(unit_ids):
        tb = Client(app, loop)
        tb.login(f"tbp{p}")
        own = EXAMPLE.read_text(encoding="utf-8").replace(
            "  name: 乐山市金口河区信访局\n", f"  name: 公开单位{p}\n", 1
        )  # a unit uploads its own dataset (another unit's is refused, C005)
        tb.act(f"/units/{unit}/{YEAR}/upload", files={"file": ("dataset.yaml", own.encode("utf-8"))})
        tb.act(f"/units/{unit}/{YEAR}/submit")
        czj.act(f"/units/{unit}/{YEAR}/approve")
        start, cpu = time.perf_counter(), time.process_time()
        czj.act(f"/units/{unit}/{YEAR}/publish")
        times.append((time.perf_counter() - start, time.process_time() - cpu))
    loop.close()
    return times


def bench_publish(warm: bool = True) -> str:
    """Publishing with every default publish format (html, pdf, docx, xlsx, json) through the real
    workflow on SQLite: the publish request of each of PUBLISHED_UNITS units; the first includes loading
    the renderers and fonts unless the process was warmed up first as the server is (``warm``). The issue's
    target: publishing < 1 s."""
    times: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            replace(settings(f"sqlite:///{Path(tmp) / 'publish.sqlite3'}"), publish_formats=PUBLISH_FORMATS)
        )
        if warm:
            api.warm_up(PUBLISH_FORMATS)  # as `juesuan serve` does at start (Settings.warm_up)
        seed(app, 0, reviewers=0, publish_times=times)
    shown = [f"{wall * 1000:.0f} / {cpu * 1000:.0f}" for wall, cpu in times]
    return (
        f"publish ({', '.join(PUBLISH_FORMATS)}), {len(times)} units, wall / CPU: first {shown[0]} ms, "
        f"then {', '.join(shown[1:])} ms"
    )


# --------------------------------------------------------------------------- dashboard in-process


def bench_dashboard(db_url: str, label: str, units: int, requests: int = 30) -> str:
    t0 = time.perf_counter()
    app = create_app(settings(db_url))
    seed(app, units, reviewers=0)
    seeded = time.perf_counter() - t0
    loop = asyncio.new_event_loop()
    client = Client(app, loop)
    client.login("czj")
    first = client.run(client.http.get("/review"))
    total = units + PUBLISHED_UNITS
    per_page = 50
    pages = -(-total // per_page)
    # paginated: 50 units a page, the progress per department above them
    assert first.status_code == 200, first.status_code
    assert first.text.count('<td><a href="/units/') == per_page
    assert 'id="progress"' in first.text
    times = []
    for i in range(requests):  # every page in turn, half of them sorted by errors (the links keep the sort)
        url = f"/review?page={i % pages + 1}" + ("&sort=errors" if i % 2 else "")
        start = time.perf_counter()
        r = client.run(client.http.get(url))
        times.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200 and 'aria-current="page"' in r.text
    j = []
    for i in range(10):
        start = time.perf_counter()
        r = client.run(client.http.get(f"/review.json?page={i % pages + 1}"))
        j.append((time.perf_counter() - start) * 1000)
        assert r.status_code == 200 and r.json()["total"] == total and len(r.json()["units"]) <= per_page
    loop.run_until_complete(client.http.aclose())
    loop.close()
    app.state.engine.dispose()
    return (
        f"{label:<10} dashboard /review ({total} units, {pages} pages of {per_page}, "
        f"{len(first.content) // 1024} KiB a page): "
        f"p50 {statistics.median(times):6.1f} ms  p95 {pct(times, 0.95):6.1f} ms  max {max(times):6.1f} ms  "
        f"(/review.json p50 {statistics.median(j):.1f} ms; seeded in {seeded:.1f} s)"
    )


def bench_postgres(units: int) -> str:
    try:
        import psycopg

        admin = psycopg.connect(PG_DSN + " dbname=postgres", autocommit=True, connect_timeout=3)
    except Exception as exc:
        return f"postgresql skipped: not reachable ({exc.__class__.__name__})"
    name = f"juesuan_bench_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    params = dict(p.split("=", 1) for p in PG_DSN.split())
    url = (
        f"postgresql+psycopg://{params.get('user', 'postgres')}@{params.get('host', '127.0.0.1')}:"
        f"{params.get('port', '5432')}/{name}"
    )
    try:
        return bench_dashboard(url, "postgresql", units)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


# --------------------------------------------------------------------------- load over loopback


def serve(db_url: str, port: int) -> None:
    import uvicorn

    app = create_app(settings(db_url))
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def start_server(db_url: str, port: int, workers: int) -> Any:
    """One process (multiprocessing), or uvicorn's own worker processes started as ``juesuan serve`` does."""
    if workers == 1:
        server = multiprocessing.get_context("spawn").Process(target=serve, args=(db_url, port), daemon=True)
        server.start()
        return server
    import subprocess

    from juesuan_web.asgi import settings_to_env

    env = os.environ | settings_to_env(settings(db_url)) | {"PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "uvicorn", "juesuan_web.asgi:app_from_env", "--factory"]
    command += ["--workers", str(workers), "--port", str(port), "--log-level", "warning", "--no-access-log"]
    return subprocess.Popen(command, env=env)


def stop_server(server: Any) -> None:
    server.terminate()
    if hasattr(server, "join"):
        server.join(10)
    else:
        server.wait(20)


async def user_loop(
    base: str, username: str | None, unit_ids: list[int], deadline: float, out: dict[str, Any], seed_: int
) -> None:
    rng = random.Random(seed_)
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:

        async def get(url: str) -> httpx.Response | None:
            start = time.perf_counter()
            try:
                r = await http.get(url)
            except httpx.HTTPError as exc:
                out["errors"].append(f"{url}: {exc.__class__.__name__}")
                return None
            out["times"].setdefault(re.sub(r"\d+", "{id}", url.split("?")[0]), []).append(
                (time.perf_counter() - start) * 1000
            )
            if r.status_code != 200:
                out["errors"].append(f"{url}: HTTP {r.status_code}")
            return r

        if username is not None:
            token = (await http.get("/.json")).json()["csrf_token"]
            r = await http.post(
                "/login", data={"username": username, "password": PASSWORD, "csrf_token": token}
            )
            if r.status_code != 303:
                out["errors"].append(f"login {username}: HTTP {r.status_code}")
                return
        versions: list[int] = []
        while time.monotonic() < deadline:
            if username is None:
                r = await get(rng.choice(["/public", "/public.json", "/public?year=2024", "/"]))
                if r is not None and r.headers.get("content-type", "").startswith("application/json"):
                    versions = [x["id"] for x in r.json()["reports"]]
                if versions:
                    v = rng.choice(versions)
                    await get(rng.choice([f"/public/{v}", f"/public/{v}/download/html"]))
            else:
                await get(
                    rng.choice(
                        [
                            "/review",
                            "/review?sort=errors",
                            "/review?state=submitted",
                            "/review?errors=1&q=部门",
                        ]
                    )
                )
                await get(f"/units/{rng.choice(unit_ids)}/{YEAR}")


def bench_load(seconds: float, users: int, units: int, workers: int = 1) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'load.sqlite3'}"
        app = create_app(settings(db_url))
        unit_ids = seed(app, units, reviewers=users)
        app.state.engine.dispose()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = start_server(db_url, port, workers)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    if httpx.get(base + "/public", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            else:
                raise RuntimeError("the server did not start")
            out: dict[str, Any] = {"times": {}, "errors": []}
            start = time.monotonic()
            deadline = start + seconds
            names = [None if i % 2 == 0 else f"r{i:02d}" for i in range(users)]
            tasks = [user_loop(base, n, unit_ids, deadline, out, i) for i, n in enumerate(names)]

            async def main() -> None:
                await asyncio.wait_for(asyncio.gather(*tasks), timeout=seconds + 60)

            asyncio.run(main())
            elapsed = time.monotonic() - start
        finally:
            stop_server(server)
    every = [t for ts in out["times"].values() for t in ts]
    lines = [
        f"load: {users} users × {elapsed:.1f} s over loopback (uvicorn, {workers} process(es), SQLite): "
        f"{len(every)} requests ({len(every) / elapsed:.0f}/s), {len(out['errors'])} errors, "
        f"p50 {statistics.median(every):.0f} ms, p95 {pct(every, 0.95):.0f} ms"
    ]
    for path, ts in sorted(out["times"].items()):
        lines.append(
            f"  {path:<28} {len(ts):5d} requests  "
            f"p50 {statistics.median(ts):5.0f} ms  p95 {pct(ts, 0.95):5.0f} ms"
        )
    for e in sorted(set(out["errors"]))[:10]:
        lines.append(f"  error: {e}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="duration of the load phase (default 60)")
    parser.add_argument("--users", type=int, default=50, help="concurrent users in the load phase")
    parser.add_argument("--units", type=int, default=500, help="units with 10 findings each")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes in the load phase")
    parser.add_argument("--no-load", action="store_true", help="only the in-process dashboard timings")
    parser.add_argument("--publish-only", action="store_true", help="only the publishing timings")
    parser.add_argument(
        "--cold", action="store_true", help="no warm-up as the server does (first publish loads renderers)"
    )
    args = parser.parse_args()
    print(bench_publish(warm=not args.cold), flush=True)
    if args.publish_only:
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(bench_dashboard(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", "sqlite", args.units), flush=True)
    print(bench_postgres(args.units), flush=True)
    if not args.no_load:
        for line in bench_load(args.seconds, args.users, args.units, args.workers):
            print(line, flush=True)


if __name__ == "__main__":
    main()
