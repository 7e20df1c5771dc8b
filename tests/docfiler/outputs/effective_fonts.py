"""The font Word actually uses for a run, resolved the way Word resolves it — not the name written
on one element. For each property the first layer that sets it wins:

    run rPr → the run's character style (and its basedOn chain)
            → the paragraph's style (or the default paragraph style) and its basedOn chain
            → the table's style and its basedOn chain (runs in a table)
            → the document defaults (docDefaults/rPrDefault)

and a font given as a theme font (asciiTheme, eastAsiaTheme …) overrides the plain name in the
same rFonts element and is looked up in the theme (word/theme/theme1.xml). Independent of the
code under test on purpose.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@dataclass(frozen=True)
class RunFont:
    text: str
    east_asia: str | None
    ascii: str | None
    size: float | None
    """Points."""
    from_theme: bool
    """Some font came from the theme (a theme attribute decided it)."""


class Package:
    """One .docx: its styles, defaults and theme, and the runs of its body and footers."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            self.document = etree.fromstring(package.read("word/document.xml"))
            self.styles = etree.fromstring(package.read("word/styles.xml"))
            self.footers = [
                etree.fromstring(package.read(n))
                for n in sorted(names)
                if n.startswith("word/footer")
            ]
            theme = "word/theme/theme1.xml"
            self.theme = etree.fromstring(package.read(theme)) if theme in names else None
        self.by_id = {s.get(f"{W}styleId"): s for s in self.styles.iter(f"{W}style")}
        self.default_paragraph = next(
            (
                s.get(f"{W}styleId")
                for s in self.styles.iter(f"{W}style")
                if s.get(f"{W}type") == "paragraph" and s.get(f"{W}default") in ("1", "true")
            ),
            None,
        )

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        """The rPr of a style and of each style it is based on, nearest first."""
        out, seen = [], set()
        while style_id and style_id not in seen and style_id in self.by_id:
            seen.add(style_id)
            style = self.by_id[style_id]
            rpr = style.find(f"{W}rPr")
            if rpr is not None:
                out.append(rpr)
            based = style.find(f"{W}basedOn")
            style_id = based.get(f"{W}val") if based is not None else None
        return out

    def layers(self, paragraph: etree._Element, run: etree._Element) -> list[etree._Element]:
        layers = []
        rpr = run.find(f"{W}rPr")
        if rpr is not None:
            layers.append(rpr)
            rstyle = rpr.find(f"{W}rStyle")
            if rstyle is not None:
                layers += self._chain(rstyle.get(f"{W}val"))
        pstyle = paragraph.find(f"{W}pPr/{W}pStyle")
        layers += self._chain(
            pstyle.get(f"{W}val") if pstyle is not None else self.default_paragraph
        )
        table = next((a for a in paragraph.iterancestors(f"{W}tbl")), None)
        if table is not None:
            tstyle = table.find(f"{W}tblPr/{W}tblStyle")
            if tstyle is not None:
                layers += self._chain(tstyle.get(f"{W}val"))
        default = self.styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if default is not None:
            layers.append(default)
        return layers

    def _theme_font(self, name: str, east_asian: bool) -> str:
        if self.theme is None:
            return f"(theme {name}, no theme part)"
        major = name.startswith("major")
        scheme = self.theme.find(f".//{A}fontScheme/{A}{'majorFont' if major else 'minorFont'}")
        slot = scheme.find(f"{A}ea" if east_asian else f"{A}latin")
        face = slot.get("typeface") if slot is not None else ""
        if not face and east_asian:
            hans = scheme.find(f"{A}font[@script='Hans']")
            face = hans.get("typeface") if hans is not None else ""
        return face or f"(theme {name})"

    def _font(self, layers: list[etree._Element], attr: str) -> tuple[str | None, bool]:
        for layer in layers:
            fonts = layer.find(f"{W}rFonts")
            if fonts is None:
                continue
            theme = fonts.get(f"{W}{attr}Theme")
            if theme:
                return self._theme_font(theme, attr == "eastAsia"), True
            if fonts.get(f"{W}{attr}"):
                return fonts.get(f"{W}{attr}"), False
        return None, False

    def run_font(self, paragraph: etree._Element, run: etree._Element) -> RunFont:
        layers = self.layers(paragraph, run)
        east_asia, theme_ea = self._font(layers, "eastAsia")
        latin, theme_latin = self._font(layers, "ascii")
        size = next(
            (
                int(sz.get(f"{W}val")) / 2
                for layer in layers
                if (sz := layer.find(f"{W}sz")) is not None
            ),
            None,
        )
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        return RunFont(text, east_asia, latin, size, theme_ea or theme_latin)


def style_of(package: Package, paragraph: etree._Element) -> str | None:
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val") if style is not None else package.default_paragraph


def body_runs(path: Path) -> list[tuple[str, RunFont]]:
    """(where, font) for every run with text in the body: where is the paragraph's style id,
    or 'table-head' / 'table-body' for a run in a table's header rows / other rows."""
    package = Package(path)
    found = []
    for paragraph in package.document.iter(f"{W}p"):
        row = next(paragraph.iterancestors(f"{W}tr"), None)
        if row is not None:
            where = "table-head" if row.find(f"{W}trPr/{W}tblHeader") is not None else "table-body"
        else:
            where = style_of(package, paragraph)
        for run in paragraph.iter(f"{W}r"):
            font = package.run_font(paragraph, run)
            if font.text.strip():
                found.append((where, font))
    return found


def footer_runs(path: Path) -> list[RunFont]:
    package = Package(path)
    return [
        package.run_font(paragraph, run)
        for footer in package.footers
        for paragraph in footer.iter(f"{W}p")
        for run in paragraph.iter(f"{W}r")
        if "".join(t.text or "" for t in run.iter(f"{W}t")).strip()
    ]
