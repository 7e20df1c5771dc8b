"""Regenerate the sample Word outputs in sample_docs/outputs/ from the sample register, and PNG
renders of their first pages in sample_docs/outputs/png/ (README, "Word 材料").

    .venv/bin/python scripts/make_samples.py

Everything runs through the `docfiler` command on a throw-away demo database: the catalogue and
the repealed list as of the sample register's "today" (2026-11-26), a filing report to 营口市人民政府,
and the cleanup folder of a 2026 cleanup run here (the register's own 2016 and 2024 cleanups
decided nothing item by item, so their folders would show no decision): four decisions as in
tests/docfiler/outputs/test_cleanup_report.py, finished on 2026-11-20. The compilation is made
when the `compilation` command exists. Needs LibreOffice (soffice) and pdftoppm for the PNGs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sample_docs" / "outputs"
PNG = OUT / "png"
TODAY = "2026-11-26"
CAMPAIGN = "2026年盖州市行政规范性文件清理"
CLEANUP_DIR = "清理结果"
PLAN = {
    "盖政发〔2022〕38号": ("废止", "已被新规定替代"),
    "盖教发〔2025〕15号": ("宣布失效", "调整对象已消失"),
    "盖财发〔2020〕46号": ("宣布失效", "有效期届满"),
    "盖政办发〔2025〕42号": ("修改", "与上位法不一致"),
}
PNG_LIMIT = 150_000


def docfiler(db: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "docfiler", "--db", db, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=check,
    )


def worklist(db: str) -> list[str]:
    """The 文号 of the campaign's documents still without a decision."""
    lines = docfiler(db, "cleanup", "status", CAMPAIGN).stdout.splitlines()
    waiting = lines[lines.index("尚未提出意见：") + 1 :] if "尚未提出意见：" in lines else []
    return [line.strip().split("《")[0] for line in waiting if "《" in line]


def cleanup(db: str) -> None:
    docfiler(db, "cleanup", "start", "--name", CAMPAIGN, "--as-of", "2026-11-01",
             "--basis", "辽宁省规章规范性文件定期清理规定（省政府令第237号）")  # fmt: skip
    for number, (decision, reason) in PLAN.items():
        docfiler(db, "cleanup", "decide", CAMPAIGN, number, "--decision", decision,
                 "--reason", reason)  # fmt: skip
    for number in worklist(db):
        docfiler(db, "cleanup", "decide", CAMPAIGN, number, "--decision", "继续有效")
    docfiler(db, "cleanup", "finish", CAMPAIGN, "--date", "2026-11-20")
    docfiler(db, "cleanup", "report", CAMPAIGN, "-o", str(OUT / CLEANUP_DIR), "--force")


def outputs(db: str) -> None:
    docfiler(db, "catalogue", "--as-of", TODAY, "-o", str(OUT / "现行有效行政规范性文件目录.docx"),
             "--force")  # fmt: skip
    docfiler(db, "repealed-list", "--as-of", TODAY, "-o",
             str(OUT / "废止和失效行政规范性文件目录.docx"), "--force")  # fmt: skip
    docfiler(db, "filing-report", "--body", "营口市人民政府", "--number", "盖政〔2026〕12号",
             "--signer", "张三", "--date", TODAY, "--contact", "李四", "--phone", "0417-7123456",
             "-o", str(OUT / "备案报告.docx"), "--force")  # fmt: skip
    cleanup(db)
    if docfiler(db, "compilation", "--help", check=False).returncode == 0:
        docfiler(db, "compilation", "--as-of", TODAY, "-o", str(OUT / "规范性文件汇编.docx"),
                 "--force")  # fmt: skip


def render_pngs(files: list[Path], prefix: str = "") -> None:
    """First pages at 50 dpi, one PNG per .docx, named after it (with `prefix`)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("需要 LibreOffice（soffice）才能生成 PNG。")
    PNG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        pdf = Path(work) / "pdf"
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{work}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(pdf), *map(str, files)],
            check=True, capture_output=True, timeout=600,
        )  # fmt: skip
        for docx in files:
            target = PNG / f"{prefix}{docx.stem}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", "-singlefile",
                 str(pdf / f"{docx.stem}.pdf"), str(target)],
                check=True,
            )  # fmt: skip
            size = target.with_suffix(".png").stat().st_size
            if size > PNG_LIMIT:
                sys.exit(f"{target}.png is {size} bytes, over {PNG_LIMIT}")


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as work:
        db = f"sqlite:///{work}/samples.db"
        docfiler(db, "demo", "--force", "--quiet")
        outputs(db)
    files = sorted(OUT.glob("*.docx"))
    folder = sorted((OUT / CLEANUP_DIR).glob("*.docx"))
    render_pngs(files)
    render_pngs(folder, prefix=f"{CLEANUP_DIR}-")
    for path in files + folder:
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
