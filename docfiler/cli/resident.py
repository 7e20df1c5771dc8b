"""`docfiler resident`: the resident process that spares each command its start
(docfiler.resident) — see whether it runs, and stop it."""

from __future__ import annotations

import typer

from docfiler.cli.zh import ChineseTyper
from docfiler.resident import (
    IDLE_VARIABLE,
    RUNTIME_VARIABLE,
    SWITCH,
    running,
    runtime_dir,
    stop_all,
)

app = ChineseTyper(
    help=(
        "常驻进程：第一条命令在后台启动一个已载入程序的进程，之后的命令交给它执行，"
        "每条命令省去约半秒的启动时间；输出、退出码和 Ctrl-C 与直接执行相同。"
        f"空闲 15 分钟（环境变量 {IDLE_VARIABLE}，单位秒）后自行退出；"
        f"设置环境变量 {SWITCH}=0 即不使用。"
    )
)


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
