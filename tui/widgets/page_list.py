"""PageList: one page of rows drawn line by line, and the Cell and Column it is made of."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


def fit(text: str, width: int) -> str:
    """`text` padded or cut to exactly `width` terminal cells (CJK characters take two).

    A cut text ends with “…”; a wide character that would straddle the edge is left out.
    """
    length = cell_len(text)
    if length <= width:
        return text + " " * (width - length)
    kept: list[str] = []
    used = 0
    for char in text:
        size = get_character_cell_size(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…" + " " * (width - 1 - used)


@dataclass(frozen=True)
class Column:
    label: str
    width: int  # 0: takes the width the other columns leave
    key: str | None = None  # sort key offered by clicking the header
    least: int = 20  # a flexible column: the width it keeps before other columns give way
    hide: int = 0  # when the row is too narrow, columns hide in this order (1 first); 0 never


def column_widths(columns: Sequence[Column], width: int) -> list[int]:
    """Each column's width in `width` cells (one space each side of every column besides).

    A narrow list first narrows its flexible columns (the title) down to their `least`, then
    hides columns in their `hide` order until the rest fits; a hidden column's width is 0. What
    the fixed columns leave goes to the flexible ones, so a wide list shows longer titles.
    """
    shown = list(range(len(columns)))
    hiding = sorted((i for i, c in enumerate(columns) if c.hide), key=lambda i: columns[i].hide)
    while True:
        fixed = sum(columns[i].width + 2 for i in shown if columns[i].width)
        flexible = [i for i in shown if not columns[i].width]
        least = sum(columns[i].least + 2 for i in flexible)
        if fixed + least <= width or not hiding:
            break
        shown.remove(hiding.pop(0))
    share = max((width - fixed) // max(len(flexible), 1) - 2, 4)
    return [(columns[i].width or share) if i in shown else 0 for i in range(len(columns))]


@dataclass(frozen=True)
class Cell:
    text: str
    style: str = ""
    marks: tuple[tuple[int, int], ...] = ()  # (start, end) spans to highlight: a search's match


class _RowMessage(Message):
    """A message about one row of a PageList, by its key (no handler listens to this base)."""

    def __init__(self, page_list: PageList, key: str) -> None:
        super().__init__()
        self.page_list = page_list
        self.key = key

    @property
    def control(self) -> PageList:
        return self.page_list


class PageList(Widget, can_focus=True):
    """A list of one page of rows, drawn line by line (no per-cell Rich rendering).

    Holds only the rows it is given. Moving past the first or last row, or PageUp on the first
    and PageDown on the last, posts EdgeReached so the screen can read the neighbouring page.
    """

    DEFAULT_CSS = """
    PageList {
        background: $surface;
        color: $foreground;
        height: 1fr;
        & > .page-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .page-list--even {
            background: $surface-lighten-1 50%;
        }
        & > .page-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .page-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .page-list--match {
            text-style: bold underline;
            color: $accent;
        }
        &:dark > .page-list--even {
            background: $surface-darken-1 40%;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "page-list--header",
        "page-list--even",
        "page-list--cursor",
        "page-list--match",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "上移", show=False, id="list.up"),
        Binding("down", "cursor_down", "下移", show=False, id="list.down"),
        Binding("pageup", "page_up", "上一屏", show=False, id="list.page_up"),
        Binding("pagedown", "page_down", "下一屏", show=False, id="list.page_down"),
        Binding("home", "first", "首行", show=False, id="list.first"),
        Binding("end", "last", "末行", show=False, id="list.last"),
        Binding("enter", "select", "打开", show=False, id="list.select"),
    ]

    cursor_row: reactive[int] = reactive(0, repaint=False, always_update=True)

    class EdgeReached(Message):
        """The cursor tried to leave the page: +1 past the last row, -1 before the first."""

        def __init__(self, page_list: PageList, direction: int) -> None:
            super().__init__()
            self.page_list = page_list
            self.direction = direction

        @property
        def control(self) -> PageList:
            return self.page_list

    class Selected(_RowMessage):
        """Enter (or a click) on a row."""

    class RowHighlighted(_RowMessage):
        """The cursor came to another row (the screen may say more about it)."""

    class HeaderClicked(Message):
        def __init__(self, page_list: PageList, column: Column) -> None:
            super().__init__()
            self.page_list = page_list
            self.column = column

        @property
        def control(self) -> PageList:
            return self.page_list

    def __init__(self, columns: Sequence[Column], **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns = list(columns)
        self.keys: list[str] = []
        self.rows: list[list[Cell]] = []
        self.top = 0  # first row shown
        self._line_cache: dict[tuple[int, int], Strip] = {}  # a row's cells, unstyled
        self._frame: _Frame | None = None

    # ------------------------------------------------------------------ data

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_rows(self, keys: list[str], rows: list[list[Cell]], *, cursor: int = 0) -> None:
        self.keys = keys
        self.rows = rows
        self._line_cache.clear()
        self.top = 0
        self.move_cursor(cursor)
        self.refresh(layout=self.styles.height is not None and self.styles.height.is_auto)

    def move_cursor(self, row: int) -> None:
        self.cursor_row = max(0, min(row, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor_row(self, row: int) -> None:
        visible = self._visible_rows()
        if row < self.top:
            self.top = row
        elif row >= self.top + visible:
            self.top = row - visible + 1
        self.refresh()
        if 0 <= row < len(self.keys):
            self.post_message(PageList.RowHighlighted(self, self.keys[row]))

    def get_content_height(self, container, viewport, width: int) -> int:
        """Header and every row (for `height: auto`; the CSS max-height still applies)."""
        return len(self.rows) + 1

    def _visible_rows(self) -> int:
        return max(self.size.height - 1, 1)

    def on_resize(self) -> None:
        self._line_cache.clear()
        self.watch_cursor_row(self.cursor_row)

    # ------------------------------------------------------------------ drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual draws the lines of one frame here: their styles are worked out once for all.

        (`rich_style` walks every ancestor; asked for on each line it was half the drawing.)
        """
        self._frame = self._frame_styles()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _frame_styles(self) -> _Frame:
        base = self.rich_style
        return _Frame(
            width=self.size.width,
            widths=self._widths(),
            base=base,
            even=base + self.get_component_rich_style("page-list--even"),
            cursor=base + self.get_component_rich_style("page-list--cursor"),
            header=self.get_component_rich_style("page-list--header"),
            match=self.get_component_rich_style("page-list--match", partial=True),
        )

    def _widths(self) -> list[int]:
        return column_widths(self.columns, self.size.width)

    def _segments(
        self, cells: Sequence[Cell], widths: list[int], match: Style | None = None
    ) -> list[Segment]:
        segments = []
        for cell, width in zip(cells, widths, strict=False):
            if not width:
                continue  # a column hidden in a narrow list
            style = Style.parse(cell.style) if cell.style else None
            text = " " + fit(cell.text, width) + " "
            if cell.marks and match is not None:
                segments += _marked(text, cell, style, match)
            else:
                segments.append(Segment(text, style))
        return segments

    def render_line(self, y: int) -> Strip:
        frame = self._frame or self._frame_styles()
        width = frame.width
        if y == 0:
            cells = [Cell(c.label) for c in self.columns]
            strip = Strip(self._segments(cells, frame.widths))
            return strip.extend_cell_length(width).apply_style(frame.header)
        index = self.top + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, frame.base)
        key = (index, width)
        strip = self._line_cache.get(key)
        if strip is None:
            strip = Strip(self._segments(self.rows[index], frame.widths, frame.match))
            strip = strip.extend_cell_length(width)
            self._line_cache[key] = strip
        if index == self.cursor_row:
            return _over(strip, frame.cursor)
        return strip.apply_style(frame.even if index % 2 else frame.base)

    # ------------------------------------------------------------------ keys and mouse

    def action_cursor_down(self) -> None:
        if not self.rows or self.cursor_row >= len(self.rows) - 1:
            self.post_message(self.EdgeReached(self, +1))
        else:
            self.cursor_row += 1

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.EdgeReached(self, -1))
        else:
            self.cursor_row -= 1

    def action_page_down(self) -> None:
        if not self.rows or self.cursor_row >= len(self.rows) - 1:
            self.post_message(self.EdgeReached(self, +1))
        else:
            self.move_cursor(self.cursor_row + self._visible_rows())

    def action_page_up(self) -> None:
        if self.cursor_row <= 0:
            self.post_message(self.EdgeReached(self, -1))
        else:
            self.move_cursor(self.cursor_row - self._visible_rows())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.rows) - 1)

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.Selected(self, self.keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = 0
            for column, width in zip(self.columns, self._widths(), strict=False):
                x += width + 2 if width else 0
                if width and event.x < x:
                    self.post_message(self.HeaderClicked(self, column))
                    return
            return
        index = self.top + event.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor_row and event.chain >= 2:
                self.action_select()
            self.cursor_row = index


@dataclass(frozen=True)
class _Frame:
    """What every line of one frame of a PageList shares."""

    width: int
    widths: list[int]
    base: Style
    even: Style
    cursor: Style
    header: Style
    match: Style


def _marked(text: str, cell: Cell, style: Style | None, match: Style) -> list[Segment]:
    """`text` (the cell fitted, a space each side) in segments, the marked spans in `match`.

    Spans count characters of the cell's own text; a span cut off by “…” is shown up to it."""
    shown = len(cell.text) if cell_len(cell.text) <= cell_len(text) - 2 else text.rfind("…") - 1
    marked = style + match if style else match
    segments, at = [], 0  # `at`: where in `text` the next segment starts
    for start, end in cell.marks:
        first, last = min(start, shown) + 1, min(end, shown) + 1
        if last <= first or first < at:
            continue
        segments += [Segment(text[at:first], style), Segment(text[first:last], marked)]
        at = last
    segments.append(Segment(text[at:], style))
    return [s for s in segments if s.text]


def _over(strip: Strip, style: Style) -> Strip:
    """The cursor row: its colours win over the cells' own."""
    return Strip([Segment(text, (s or Style()) + style) for text, s, _ in strip])


def flush_repaint(widget: Widget) -> None:
    """Hand `widget`'s pending repaint to its screen now rather than on the widget's next idle.

    Textual posts a refreshed widget's update to the screen only once the widget's own message
    loop goes idle; a screen that ends a batch of changes right away draws a frame without it
    and the widget a frame later. (Textual's `_check_refresh`; a version without it just keeps
    the later frame.)
    """
    check = getattr(widget, "_check_refresh", None)
    if check is not None:
        check()
