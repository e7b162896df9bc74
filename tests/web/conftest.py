"""Fixtures for the web app: an app per test on SQLite and on PostgreSQL, and in-process browsers.

PostgreSQL: one uniquely named database is created on 127.0.0.1:5432 (user postgres, or the libpq
connection string in JUESUAN_TEST_PG) for the whole session and dropped at its end. When no server answers,
the PostgreSQL parameter is skipped (it fails instead when JUESUAN_REQUIRE_PG is set, as CI should).

Each test starts from the newest schema with every table empty, as a fresh database migrated by
``create_app`` would be: the migrations run once per session (SQLite: into a template file each test
copies; PostgreSQL: into the session's database, whose rows each test deletes and whose sequences it
restarts), not once per test (that was ~0.2 s a test on SQLite and ~0.6 s on PostgreSQL). ``create_app``
still runs the migrations on every start (there is nothing left to do); migrating an empty database is
what ``empty_db_url`` gives (tests/web/test_app.py).
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from juesuan_web import create_app, security
from juesuan_web.db import make_engine, migrate
from juesuan_web.models import ADMIN, BUREAU_REVIEWER, DEPT_REVIEWER, FILLER, User
from juesuan_web.org import import_org
from juesuan_web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"
AS_PRINTED = ROOT / "tests" / "fixtures" / "jinkouhe-as-printed" / "dataset.yaml"
PASSWORD = "correct-horse-9"
YEAR = 2024
PG_DSN = os.environ.get("JUESUAN_TEST_PG", "host=127.0.0.1 port=5432 user=postgres")

ORG_CSV = """代码,名称,上级,类型
R,测试区,,地区
D1,乐山市金口河区信访局,R,部门
D2,测试区教育局,R,部门
U11,乐山市金口河区信访局,D1,行政单位
U12,信访局下属中心,D1,事业单位
U21,测试区第一小学,D2,单位
"""

# user name → (role, org code)
USERS = {
    "admin": (ADMIN, None),
    "czj": (BUREAU_REVIEWER, None),
    "bm1": (DEPT_REVIEWER, "D1"),
    "bm2": (DEPT_REVIEWER, "D2"),
    "tb11": (FILLER, "U11"),
    "tb12": (FILLER, "U12"),
    "tb21": (FILLER, "U21"),
}


def _pg_url(name: str) -> str:
    params = dict(p.split("=", 1) for p in PG_DSN.split())
    return (
        f"postgresql+psycopg://{params.get('user', 'postgres')}@{params.get('host', '127.0.0.1')}:"
        f"{params.get('port', '5432')}/{name}"
    )


@contextmanager
def _pg_scratch_database() -> Iterator[str | None]:
    """A new, empty PostgreSQL database (its SQLAlchemy URL), dropped at the end; None when no server."""
    try:
        import psycopg

        admin = psycopg.connect(PG_DSN + " dbname=postgres", autocommit=True, connect_timeout=3)
    except Exception:
        yield None
        return
    name = f"juesuan_test_{uuid.uuid4().hex[:12]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _pg_url(name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _migrated(url: str) -> None:
    engine = make_engine(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str | None]:
    """The session's PostgreSQL database, migrated to the newest revision."""
    with _pg_scratch_database() as url:
        if url is not None:
            _migrated(url)
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the newest revision, for each test to copy."""
    path = tmp_path_factory.mktemp("sqlite-template") / "juesuan.sqlite3"
    _migrated(f"sqlite:///{path}")
    assert not path.with_name(path.name + "-wal").exists()  # all in the one file once the engine is closed
    return path


def _need_pg(url: str | None) -> str:
    if url is None:
        if os.environ.get("JUESUAN_REQUIRE_PG"):
            pytest.fail("PostgreSQL is not reachable and JUESUAN_REQUIRE_PG is set")
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    return url


def _empty_pg_tables(url: str) -> None:
    """Delete every row of the migrated session database and restart its sequences (ids from 1 again)."""
    import psycopg

    from juesuan_web.models import Base

    with psycopg.connect(PG_DSN + f" dbname={url.rsplit('/', 1)[1]}") as conn:
        present = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        tables = [t.name for t in reversed(Base.metadata.sorted_tables)]  # children before their parents
        assert present == {*tables, "alembic_version"}, present ^ {*tables, "alembic_version"}
        for table in tables:
            conn.execute(f'DELETE FROM "{table}"')
        for (sequence,) in conn.execute("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"):
            conn.execute("SELECT setval(%s, 1, false)", (f'"{sequence}"',))
        conn.commit()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, pg_database: str | None, sqlite_template: Path
) -> str:
    """A database at the newest revision with no rows, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "juesuan.sqlite3"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    url = _need_pg(pg_database)
    _empty_pg_tables(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema at all), on SQLite and on PostgreSQL: what a first start migrates."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    with _pg_scratch_database() as url:
        yield _need_pg(url)


def dataset_for(name: str, source: Path | str = EXAMPLE) -> bytes:
    """The example dataset (or another, a path or its text) as the dataset of the unit named ``name`` (its
    单位名称 replaced): an upload names the unit it is for, else it is refused (C005)."""
    text = source.read_text(encoding="utf-8") if isinstance(source, Path) else source
    return text.replace("  name: 乐山市金口河区信访局\n", f"  name: {name}\n", 1).encode("utf-8")


def own_dataset(application: Any, code: str, source: Path | str = EXAMPLE) -> bytes:
    """``dataset_for`` the unit with org code ``code``."""
    from sqlalchemy import select

    from juesuan_web.models import Org

    with application.state.sessions() as db:
        return dataset_for(db.scalar(select(Org.name).where(Org.code == code)), source)


def make_settings(db_url: str, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "db_url": db_url,
        "secret_key": "test-secret",
        "fast_password_hash": True,
        "publish_formats": ("html", "json"),
        "year": YEAR,
    } | extra
    return Settings(**values)


_CHART_SVGS: dict[tuple[Any, str], str] = {}


@pytest.fixture(autouse=True)
def _charts_drawn_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the web tests a report's chart is drawn once per process and its SVG reused by every later report
    showing the same chart (a frozen ``Chart``: same title, labels and values), instead of matplotlib
    drawing the example's seven charts again at each publication or preview (~0.3 s a report). Drawing is
    deterministic, so the SVG is the one a drawing would make; the drawing itself is tested in
    tests/test_charts.py and tests/test_chart_drawings.py, where this does not apply (the engine keeps no
    drawing beyond its report: ``ChartDrawings``)."""
    from juesuan.charts import ChartDrawings

    def once(draw: Any, kind: str) -> Any:
        def drawn(self: ChartDrawings, chart: Any) -> str:
            key = (chart, kind)
            if key not in _CHART_SVGS:
                _CHART_SVGS[key] = draw(self, chart)
            return _CHART_SVGS[key]

        return drawn

    monkeypatch.setattr(ChartDrawings, "svg", once(ChartDrawings.svg, "path"))
    monkeypatch.setattr(ChartDrawings, "svg_text", once(ChartDrawings.svg_text, "text"))


@pytest.fixture(autouse=True)
def _zip_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test keeps its public zips apart from every other test's."""
    from juesuan_web.views import exports

    monkeypatch.setattr(exports, "ZIP_CACHE", tmp_path / "zips")


@pytest.fixture
def app(db_url: str) -> Iterator[Any]:
    application = create_app(make_settings(db_url))
    seed(application)
    yield application
    application.state.engine.dispose()


def seed(application: Any) -> None:
    from sqlalchemy import select

    from juesuan_web.models import Org

    with application.state.sessions() as db:
        import_org(db, "org.csv", ORG_CSV.encode("utf-8"))
        for username, (role, code) in USERS.items():
            org = db.scalar(select(Org).where(Org.code == code)) if code else None
            db.add(
                User(
                    username=username,
                    display_name=username,
                    password_hash=security.hash_password(PASSWORD, fast=True),
                    role=role,
                    org_id=org.id if org else None,
                )
            )
        db.commit()


def org_id(application: Any, code: str) -> int:
    from sqlalchemy import select

    from juesuan_web.models import Org

    with application.state.sessions() as db:
        return db.scalar(select(Org.id).where(Org.code == code))


_TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


class Browser:
    """One browser (its own cookies) driving the app in-process through httpx's ASGI transport."""

    def __init__(self, application: Any, ip: str = "127.0.0.1") -> None:
        self.loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(app=application, client=(ip, 50000))
        self.http = httpx.AsyncClient(transport=transport, base_url="http://testserver")

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kw))

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def token(self, page: str = "/login") -> str:
        response = self.get(page)
        match = _TOKEN.search(response.text)
        assert match, f"no CSRF token on {page}: {response.status_code}"
        return match.group(1)

    def json_token(self) -> str:
        return self.get("/.json").json()["csrf_token"]

    def login(self, username: str, password: str = PASSWORD) -> httpx.Response:
        token = self.token("/login")
        return self.post("/login", data={"username": username, "password": password, "csrf_token": token})

    def act(self, url: str, data: dict[str, Any] | None = None, files: Any = None) -> httpx.Response:
        """POST as a JSON client, with the CSRF token this browser's cookie gives."""
        body = {"csrf_token": self.json_token()} | (data or {})
        return self.post(url, data=body, files=files, headers={"accept": "application/json"})

    def upload(self, unit: int, content: bytes, name: str = "dataset.yaml") -> httpx.Response:
        return self.act(f"/units/{unit}/{YEAR}/upload", files={"file": (name, content)})

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


@pytest.fixture
def browsers(app: Any) -> Iterator[Any]:
    made: list[Browser] = []

    def make(username: str | None = None, ip: str = "127.0.0.1") -> Browser:
        b = Browser(app, ip)
        made.append(b)
        if username is not None:
            response = b.login(username)
            assert response.status_code == 303, response.text
        return b

    yield make
    for b in made:
        b.close()
