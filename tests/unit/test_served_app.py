"""``shoal serve`` runs ``served_app``: the app with its startup objects frozen out of the garbage collector and
rarer young-generation collections (``bench/README.md``); the app itself is ``create_app``'s."""

from __future__ import annotations

import gc

from shoal import main


def test_the_served_app_freezes_its_startup_objects(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    built = object()
    monkeypatch.setattr(main, "create_app", lambda: built)
    before = gc.get_threshold()
    try:
        assert main.served_app() is built
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] == main.GC_YOUNG_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_shoal_serve_runs_the_served_app(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import uvicorn
    from typer.testing import CliRunner

    from shoal.cli import app

    ran: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: ran.update(target=target, **options))
    result = CliRunner().invoke(app, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert ran["target"] == "shoal.main:served_app" and ran["factory"] is True and ran["port"] == 8123
