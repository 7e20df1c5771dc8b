"""`docfiler resident`: the resident process that spares each command its start
(docfiler.resident) — start it ahead of the first command, see whether it runs, stop it."""

from __future__ import annotations

import os

import typer

from docfiler.cli.zh import ChineseTyper
from docfiler.resident import (
    IDLE_VARIABLE,
    RUNTIME_VARIABLE,
    SWITCH,
    idle_seconds,
    running,
    runtime_dir,
    start,
    stop_all,
)

app = ChineseTyper(
    help=(
        "常驻进程：第一条命令在后台启动一个已载入程序的进程，之后的命令交给它执行，"
        "每条命令省去约半秒的启动时间；输出、退出码和 Ctrl-C 与直接执行相同。"
        f"空闲 15 分钟（环境变量 {IDLE_VARIABLE}，单位秒，0 为不退出）后自行退出；"
        "登录时执行 docfiler resident start，当天第一条命令也不必等待。"
        f"设置环境变量 {SWITCH}=0 即不使用。"
    )
)


def idle_label(seconds: float | None) -> str:
    """How long it stays without a command (None: until stopped), as the clerk reads it."""
    if seconds is None:
        return "不会自行退出（用 docfiler resident stop 停止）"
    whole = round(seconds)
    if whole % 3600 == 0:
        return f"空闲 {whole // 3600} 小时后自行退出"
    if whole % 60 == 0:
        return f"空闲 {whole // 60} 分钟后自行退出"
    return f"空闲 {whole} 秒后自行退出"


@app.command(
    "start",
    help=("现在就启动常驻进程并等它就绪（例如加入登录时自动执行的命令）；已在运行则不重复启动。"),
)
def start_cmd(
    idle: int | None = typer.Option(
        None,
        "--idle",
        min=0,
        help=(
            "没有命令时等待多少秒后自行退出；0 为一直运行，直到 docfiler resident stop 或关机。"
            f"默认取环境变量 {IDLE_VARIABLE}，未设置时 900 秒。"
        ),
    ),
) -> None:
    if idle is not None:
        os.environ[IDLE_VARIABLE] = str(idle)  # read by the resident process it starts
    outcome, detail = start()
    if outcome == "started":
        typer.echo(f"常驻进程已启动（进程 {detail}），{idle_label(idle_seconds())}。")
    elif outcome == "running":
        typer.echo(
            f"常驻进程已在运行（进程 {detail}），未重复启动。"
            "如需改变空闲时间，先执行 docfiler resident stop 再启动。"
        )
    else:
        typer.echo(_NOT_STARTED[outcome].format(detail=detail), err=True)
        raise typer.Exit(1)


_NOT_STARTED = {
    "unsupported": "本系统不支持常驻进程（仅 Linux 等 POSIX 系统），各命令照常直接执行。",
    "off": f"环境变量 {SWITCH}=0 已关闭常驻进程，未启动；去掉该设置后再执行本命令。",
    "folder": (
        "常驻进程的文件夹 {detail} 不是本用户专用的（应属本用户、权限 700），为安全未启动；"
        f"请改正该文件夹的权限，或用环境变量 {RUNTIME_VARIABLE} 指定另一个文件夹。"
    ),
    "broken": (
        "常驻进程上次启动失败，原因记录在 {detail}；排除原因后执行 docfiler resident stop "
        "清除该记录，再启动。"
    ),
    "failed": "常驻进程在 2 分钟内没有就绪，未能启动；各命令照常直接执行。请告知维护人员。",
}


@app.command("status", help="列出本用户正在运行的常驻进程。")
def status_cmd() -> None:
    found = running()
    if not found:
        typer.echo("没有正在运行的常驻进程。")
        return
    for pid, current in found:
        which = "本程序" if current else "其他版本或其他安装（空闲后自行退出）"
        typer.echo(f"进程 {pid}：{which}")
    typer.echo(f"所在文件夹：{runtime_dir()}（可用环境变量 {RUNTIME_VARIABLE} 指定）")


@app.command("stop", help="停止本用户的常驻进程；正在执行的命令照常完成。下一条命令会重新启动它。")
def stop_cmd() -> None:
    stopped = stop_all()
    typer.echo(f"已停止 {stopped} 个常驻进程。" if stopped else "没有正在运行的常驻进程。")
