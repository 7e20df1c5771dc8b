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
