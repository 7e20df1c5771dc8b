"""The clerks' terminal UI (Textual). Start it with `tui.app.run_app(office)`."""

import os

# Textual repaints at most TEXTUAL_FPS times a second (default 60): a changed list waits up to
# one frame before it is drawn. 120 halves that wait for the register's search-as-you-type; it
# costs nothing while the screen is still. Set before Textual is imported; the clerk's own
# TEXTUAL_FPS wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
