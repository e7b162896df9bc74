"""A server warms up once at start (``Settings.warm_up``): the renderers are loaded before the first publish
and start-up is kept out of the garbage collector's walks; tests and one-off requests do not."""

from __future__ import annotations

import asyncio
import gc
from dataclasses import replace
from typing import Any

from juesuan import api
from juesuan_web import create_app
from tests.web.conftest import make_settings


def _start_and_stop(app: Any) -> None:
    async def run() -> None:
        async with app.router.lifespan_context(app):
            pass

    asyncio.run(run())


def test_a_server_warms_up_at_start_and_a_test_app_does_not(db_url, monkeypatch) -> None:
    calls: list[tuple[str, ...]] = []
    monkeypatch.setattr(api, "warm_up", lambda formats=api.DEFAULT_FORMATS: calls.append(tuple(formats)))
    cold = create_app(make_settings(db_url))
    _start_and_stop(cold)
    assert calls == []
    settings = replace(make_settings(db_url), warm_up=True)
    warm = create_app(settings)
    _start_and_stop(warm)
    assert calls == [tuple(settings.publish_formats)]
    cold.state.engine.dispose()
    warm.state.engine.dispose()


def test_warm_up_renders_in_memory_and_freezes_what_is_loaded(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    before = gc.get_freeze_count()
    try:
        api.warm_up(("html", "json"))
        assert gc.get_freeze_count() > before
    finally:
        gc.unfreeze()
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_server_sets_the_collectors_policy_at_start(db_url, monkeypatch) -> None:
    monkeypatch.setattr(api, "warm_up", lambda formats=api.DEFAULT_FORMATS: None)
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        cold = create_app(make_settings(db_url))
        _start_and_stop(cold)
        assert gc.get_threshold() == (700, 10, 10)  # a test app leaves the process as it is
        warm = create_app(replace(make_settings(db_url), warm_up=True))
        _start_and_stop(warm)
        assert gc.get_threshold() == api.GC_THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
    cold.state.engine.dispose()
    warm.state.engine.dispose()
