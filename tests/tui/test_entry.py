"""The `docfiler` command: a bare call in a terminal opens the UI without the CLI's imports."""

from __future__ import annotations

import sys

import pytest

import tui.entry as entry


@pytest.mark.parametrize(
    "args, options",
    [
        ([], {}),
        (["--db", "sqlite:///x.db"], {"--db": "sqlite:///x.db"}),
        (["--db=sqlite:///x.db", "--operator", "李四"], {"--db": "sqlite:///x.db", "--operator": "李四"}),
        (["--operator=李四"], {"--operator": "李四"}),
        # Anything else is the CLI's: a command, help, an option without its value, twice.
        (["remind"], None),
        (["--db", "sqlite:///x.db", "list"], None),
        (["--help"], None),
        (["-h"], None),
        (["--db"], None),
        (["--db", "--operator", "李四"], None),
        (["--db", "a", "--db", "b"], None),
        (["--verbose"], None),
    ],
)  # fmt: skip
def test_a_bare_docfiler_is_told_from_a_command(args, options):
    assert entry.bare_ui_options(args) == options


def test_a_bare_docfiler_in_a_terminal_opens_the_ui_on_the_named_office(monkeypatch, sample_office):
    url = sample_office.engine.url.render_as_string(hide_password=False)
    sample_office.close()
    opened = []
    monkeypatch.setattr(sys, "argv", ["docfiler", "--db", url, "--operator", "李四"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(entry, "open_terminal_ui", lambda open_office: opened.append(open_office()))
    with pytest.raises(SystemExit) as done:
        entry.main()
    assert done.value.code == 0
    office = opened[0]
    try:
        assert office.operator == "李四"
        assert str(office.engine.url) == str(sample_office.engine.url)
    finally:
        office.close()


def test_without_a_terminal_a_bare_docfiler_goes_to_the_cli(monkeypatch):
    handed = {}
    monkeypatch.setattr(sys, "argv", ["docfiler"])
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    monkeypatch.setattr("docfiler.cli.main", lambda **kwargs: handed.update(kwargs) or 0)
    with pytest.raises(SystemExit):
        entry.main()
    assert handed == {"open_ui": entry.open_terminal_ui}


def test_the_collector_waits_for_the_first_frame(monkeypatch, sample_office):
    """About 140 cyclic collections (some 80 ms) ran while Textual was imported and the
    dashboard composed: the collector is off until the first frame is drawn, then on again, with
    what the start loaded kept out of its passes."""
    import asyncio
    import gc

    from tui.app import DocfilerApp

    seen = {}

    def run_app(office):
        seen["while starting"] = gc.isenabled()

        async def first_frame():
            app = DocfilerApp(office, cursor_blink=False)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                seen["after the first frame"] = gc.isenabled()
                seen["kept"] = gc.get_freeze_count()

        asyncio.run(first_frame())

    monkeypatch.setattr("tui.app.run_app", run_app)
    try:
        entry.open_terminal_ui(sample_office)
    finally:
        gc.enable()
    assert seen["while starting"] is False
    assert seen["after the first frame"] is True
    assert seen["kept"] > 100_000
