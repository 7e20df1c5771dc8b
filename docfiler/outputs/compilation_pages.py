"""Page numbers for a compilation's table of contents, as LibreOffice lays the pages out.

The compilation's body is converted to PDF in parts (`soffice --headless --convert-to pdf`, each
process with a private profile so a LibreOffice the clerk has open is not disturbed) and read
with `pdftotext -layout`:
each document starts a page with its title and 文号, and the page number printed at the foot of
that page (— 3 —) is the number its TOC entry gets. Word recounts them on 更新域 with its own
fonts; without LibreOffice the entries are written without numbers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

_FOOTER = re.compile(r"^—\s*(\d+)\s*—$")
"""The page number line of a body page: — 12 —."""
_TIMEOUT_S = 1800
_WORKERS = 4
_LOOK_AHEAD = 80
"""How far into a page (squeezed characters, after its heading) the title and 文号 are sought."""


class PagingError(Exception):
    """LibreOffice could not lay out the compilation; the message says why (Chinese)."""


@dataclass(frozen=True)
class Start:
    """What begins a document's first page: the squeezed title and 文号, and its bookmark."""

    bookmark: str
    title: str
    number: str


def tools() -> tuple[str, str] | None:
    """(soffice, pdftotext), or None when either is not installed."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    return (soffice, pdftotext) if soffice and pdftotext else None


@dataclass(frozen=True)
class Draft:
    """A part of the compilation laid out on its own: its file and the documents it starts."""

    path: Path
    starts: tuple[Start, ...]


def _convert(soffice: str, files: Sequence[Path], work: Path, profile: str) -> None:
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *map(str, files),
        ],
        check=True,
        capture_output=True,
        timeout=_TIMEOUT_S,
    )


def rendered(files: Sequence[Path], work: Path) -> list[list[list[str]]]:
    """The pages of each file as LibreOffice prints them (each page a list of its non-empty
    lines). LibreOffice's layout time grows faster than the pages, so the compilation comes in
    parts, converted by up to _WORKERS LibreOffice processes side by side."""
    found = tools()
    if found is None:
        raise PagingError("没有安装 LibreOffice（soffice）或 pdftotext")
    soffice, pdftotext = found
    workers = max(1, min(_WORKERS, os.cpu_count() or 1, len(files)))
    shares = [list(files[k::workers]) for k in range(workers)]
    try:
        with ThreadPoolExecutor(workers) as pool:
            jobs = [
                pool.submit(_convert, soffice, share, work, f"lo-profile-{k}")
                for k, share in enumerate(shares)
            ]
            for job in jobs:
                job.result()
        texts = [
            subprocess.run(
                [pdftotext, "-layout", str(work / (path.stem + ".pdf")), "-"],
                check=True,
                capture_output=True,
                timeout=_TIMEOUT_S,
            ).stdout.decode("utf-8", errors="replace")
            for path in files
        ]
    except (OSError, subprocess.SubprocessError) as exc:
        raise PagingError(f"LibreOffice 转换 PDF 失败（{type(exc).__name__}）") from exc
    return [
        [[line for line in page.splitlines() if line.strip()] for page in text.split("\f")]
        for text in texts
    ]


def number_pages(drafts: Sequence[Draft], work: Path) -> dict[str, int]:
    """bookmark → the page each document starts on, the drafts' pages counted on from one
    draft to the next (each document starts a page: a part lays out as it does in the whole)."""
    found: dict[str, int] = {}
    offset = 0
    for draft, pages in zip(drafts, rendered([d.path for d in drafts], work), strict=True):
        local = find_starts(pages, draft.starts)
        found.update({bookmark: offset + page for bookmark, page in local.items()})
        offset += max((page_number(lines) or 0 for lines in pages), default=0)
    return found


def squeezed(value: str) -> str:
    return "".join(value.split())


def page_number(lines: Sequence[str]) -> int | None:
    """The number printed at the foot of a body page (— 3 —); None on the cover and the TOC
    pages (— I —) and on a blank page."""
    for line in reversed(lines[-2:]):
        match = _FOOTER.match(line.strip())
        if match:
            return int(match.group(1))
    return None


def find_starts(pages: Sequence[Sequence[str]], starts: Sequence[Start]) -> dict[str, int]:
    """bookmark → the printed number of the page each document starts on, looked for in order
    among the numbered pages: a page whose text opens (after a 制定机关 heading, if any) with the
    document's title and 文号. A document not found gets no number."""
    body = [(number, squeezed("".join(lines))) for lines in pages if (number := page_number(lines))]
    found: dict[str, int] = {}
    at = 0
    for start in starts:
        wanted = start.title + start.number
        for index in range(at, len(body)):
            number, text = body[index]
            if wanted in text[: len(wanted) + _LOOK_AHEAD]:
                found[start.bookmark] = number
                at = index + 1
                break
    return found
