"""Fixtures for the TUI tests: an app on the sample register (see tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def make_app(sample_office):
    """A DocfilerApp on the sample register, cursor blink off so screens are stable."""
    from tui.app import DocfilerApp

    def factory(office=None):
        return DocfilerApp(office or sample_office, cursor_blink=False)

    return factory
