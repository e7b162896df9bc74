"""The app built from environment variables, for servers that start several worker processes.

``juesuan serve --workers N`` hands uvicorn the import string ``juesuan_web.asgi:app_from_env`` (a factory):
each worker process builds its own app from the same settings, which the parent process has put in the
environment (``JUESUAN_DB``, ``JUESUAN_YEAR``, ``JUESUAN_SECRET_KEY``, ``JUESUAN_SECURE_COOKIES``). The
parent has already migrated the database, so the workers find the schema current.
"""

from __future__ import annotations

import os

from starlette.applications import Starlette

from juesuan_web.app import create_app
from juesuan_web.settings import Settings

ENV_DB, ENV_YEAR, ENV_SECRET, ENV_SECURE = (
    "JUESUAN_DB",
    "JUESUAN_YEAR",
    "JUESUAN_SECRET_KEY",
    "JUESUAN_SECURE_COOKIES",
)


def settings_to_env(settings: Settings) -> dict[str, str]:
    """The environment that makes ``settings_from_env`` rebuild ``settings``."""
    env = {
        ENV_DB: settings.db_url,
        ENV_YEAR: str(settings.year),
        ENV_SECURE: "1" if settings.secure_cookies else "",
    }
    if settings.secret_key:
        env[ENV_SECRET] = settings.secret_key
    return env


def settings_from_env() -> Settings:
    year = os.environ.get(ENV_YEAR, "")
    return Settings(
        db_url=os.environ.get(ENV_DB, ""),
        year=int(year) if year.isdigit() else Settings.year,
        secret_key=os.environ.get(ENV_SECRET) or None,
        secure_cookies=os.environ.get(ENV_SECURE) == "1",
        warm_up=True,  # each worker process is a server
    )


def app_from_env() -> Starlette:
    return create_app(settings_from_env())
