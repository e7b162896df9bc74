"""juesuan_web: the web workflow around the engine (units prepare, reviewers check, the public downloads).

A separate package that only calls the engine's public API (``juesuan.build``, ``juesuan.rules``,
``juesuan.excel``); the engine never imports it. ``create_app`` builds the ASGI application. Nothing heavy is
imported here, so ``juesuan``'s command line (which registers ``serve``) works without the ``web`` extra.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Settings", "create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from juesuan_web.app import create_app

        return create_app
    if name == "Settings":
        from juesuan_web.settings import Settings

        return Settings
    raise AttributeError(name)
