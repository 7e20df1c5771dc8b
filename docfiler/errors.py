"""Errors a user can act on. Every message is Chinese and says what is wrong and how to fix it.

`explain` is the one place where a fault from the environment — a database locked by another
writer, a read-only or full disk, a damaged file, a database made by a newer docfiler, a lost
connection — becomes such an error. The CLI calls it for every error it did not expect, the TUI
can call it the same way, and `store.engine` calls it when a database cannot be opened. It reads
the exceptions by their codes (SQLite result codes, PostgreSQL SQLSTATEs, errno), so this module
imports no database library.
"""

from __future__ import annotations

import errno
import os
import re


class DocfilerError(Exception):
    """Base class: the message is shown to the clerk as is.

    The core says what is wrong and what to do; how to do it differs by surface (a command's
    option, a form's field or key), so that part is given per surface in `how` ("cli", "tui")
    and appended by `for_surface`. `message` is the CLI's text.
    """

    exit_code = 1

    def __init__(self, message: str, *, how: dict[str, str] | None = None):
        self.core_message = message
        self.how = dict(how or {})
        super().__init__(self.for_surface("cli"))
        self.message = self.for_surface("cli")

    def for_surface(self, surface: str) -> str:
        """The message as the CLI ("cli") or the terminal UI ("tui") says it."""
        return self.core_message + self.how.get(surface, "")

    def __str__(self) -> str:
        return self.message


class ConfigError(DocfilerError):
    pass


class NotFoundError(DocfilerError):
    pass


class ValidationError(DocfilerError):
    pass


class GateError(DocfilerError):
    """A procedure step is refused because an earlier step is missing."""

    def __init__(
        self,
        message: str,
        missing: list[str] | None = None,
        *,
        how: dict[str, str] | None = None,
    ):
        super().__init__(message, how=how)
        self.missing = missing or []


class ConflictError(DocfilerError):
    """Someone else changed the record since it was read."""


class EnvironmentFault(DocfilerError):
    """The machine, the disk, the database server or another writer stopped the work, not the
    clerk's input. `kind` names the fault: busy, read_only, cannot_open, disk_full, disk_error,
    corrupt, not_a_database, newer_schema, connection, login, no_database, permission,
    memory, too_long, missing_file."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


INTERRUPTED = "已中断（Ctrl-C）：正在进行的写入已全部撤销，数据库中没有写了一半的内容。"
"""What a command says when the clerk presses Ctrl-C (exit code 130)."""

INTERRUPTED_EXIT_CODE = 130


def explain(
    exc: BaseException, *, database: str | None = None, busy_seconds: float | None = None
) -> DocfilerError | None:
    """The clerk's message for a fault from the environment, or None when `exc` is not one.

    `database` names the register in the message (a file path, or an address without its
    password); `busy_seconds` is the wait that ran out when another writer held SQLite's lock.
    Follows SQLAlchemy's wrapper (`orig`) and explicit causes (`raise … from`)."""
    for fault in _causes(exc):
        if isinstance(fault, DocfilerError):
            return fault
        code = getattr(fault, "sqlite_errorcode", None)
        if isinstance(code, int):
            return _sqlite(code, str(fault), database, busy_seconds)
        if type(fault).__module__.split(".")[0] == "psycopg":
            state = getattr(fault, "sqlstate", None) or _refused_connection(str(fault))
            return _postgresql(state, database)
        if isinstance(fault, OSError) and fault.errno is not None:
            return _os_error(fault)
        if isinstance(fault, OverflowError):
            return ValidationError(
                "输入的数字或日期太大，超出了程序能处理的范围，本次操作没有执行。请改小后重试。"
            )
        if isinstance(fault, MemoryError):
            return EnvironmentFault(
                "memory",
                "电脑内存不足，本次操作没有完成，数据库没有改动。请关闭其他程序后重试；"
                "如果是在读取很大的文件，请换小一些的文件。",
            )
        newer = _unknown_revision(fault)
        if newer is not None:
            return newer_schema(newer, database=database)
    return None


def newer_schema(
    revision: str, *, database: str | None = None, head: str | None = None
) -> EnvironmentFault:
    """A database whose schema a newer docfiler wrote: refused, never changed."""
    known = f"（第 {head} 版）" if head else ""
    return EnvironmentFault(
        "newer_schema",
        f"{_named(database)}的结构是第 {revision} 版，比本程序认识的最新结构{known}新："
        "它已被更新版本的 docfiler 升级过。本程序没有改动它。请把 docfiler 升级到最新版本后再打开；"
        "不能升级时，请用 --db 打开另一个数据库。",
    )


def _causes(exc: BaseException):
    """`exc`, the driver's exception SQLAlchemy wrapped, and what each was raised from."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        fault = pending.pop(0)
        if id(fault) in seen:
            continue
        seen.add(id(fault))
        yield fault
        for inner in (getattr(fault, "orig", None), fault.__cause__):
            if isinstance(inner, BaseException):
                pending.append(inner)


def _named(database: str | None) -> str:
    return f"数据库 {database} " if database else "数据库"


# SQLite's primary result codes (https://sqlite.org/rescode.html).
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_NOMEM = 3, 5, 6, 7
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL = 8, 10, 11, 13
_SQLITE_CANTOPEN, _SQLITE_AUTH, _SQLITE_NOTADB = 14, 23, 26


def _sqlite(
    code: int, text: str, database: str | None, busy_seconds: float | None
) -> DocfilerError | None:
    primary = code & 0xFF
    name = _named(database)
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED):
        waited = f"等了 {busy_seconds:g} 秒" if busy_seconds is not None else "等待后"
        return EnvironmentFault(
            "busy",
            f"{name}正由另一个程序写入（另一位同事的 docfiler，或一次批量导入），{waited}仍未轮到，"
            "本次操作没有执行，数据库没有改动。请稍后重试；经常出现时，可在配置文件 config.toml 的 "
            "[database] 一节调大 busy_timeout（秒），几位同事同时使用时建议改用 PostgreSQL。",
        )
    if primary in (_SQLITE_READONLY, _SQLITE_PERM, _SQLITE_AUTH):
        return EnvironmentFault(
            "read_only",
            f"{name}只能读、不能写（数据库文件或它所在的文件夹不允许当前用户写入，或磁盘是只读的），"
            "本次操作没有执行。请让管理员给该文件和所在文件夹开放写权限，或用 --db 指定可以写入的位置。",
        )
    if primary == _SQLITE_CANTOPEN:
        return EnvironmentFault(
            "cannot_open",
            f"无法打开{name.rstrip()}：文件夹不存在，或当前用户不能在其中建立文件（SQLite 要在数据库文件旁边"
            "建立 -wal、-shm 两个辅助文件，所以所在文件夹必须可以写入），或磁盘是只读的。"
            "请检查路径和文件夹权限，或用 --db 指定另一个位置。",
        )
    if primary == _SQLITE_FULL:
        return _disk_full(f"{name}所在的磁盘", "已写入的部分已全部撤销，数据库没有改动。")
    if primary == _SQLITE_IOERR:
        return EnvironmentFault(
            "disk_error",
            f"读写{name}时磁盘出错（磁盘可能已满、已断开或损坏），本次操作没有完成，"
            "已写入的部分已全部撤销。请检查磁盘空间和连接后重试；反复出现时请运行 docfiler check。",
        )
    if primary == _SQLITE_CORRUPT:
        return _corrupt(name)
    if primary == _SQLITE_NOTADB:
        return EnvironmentFault(
            "not_a_database",
            f"{name}不是 SQLite 数据库文件（--db 可能指错了文件，或文件已严重损坏），无法打开，"
            "程序没有改动它。请核对数据库地址；如果它原本是登记簿，请用最近的备份替换它。",
        )
    if primary == _SQLITE_NOMEM:
        return EnvironmentFault("memory", "电脑内存不足，本次操作没有完成，数据库没有改动。")
    if "pattern too complex" in text or "too big" in text:
        return EnvironmentFault(
            "too_long", "输入的文字太长，数据库无法处理，本次操作没有执行。请缩短后重试。"
        )
    return None


def _corrupt(name: str) -> EnvironmentFault:
    return EnvironmentFault(
        "corrupt",
        f"{name}已损坏，本次操作没有完成。请立即停止使用登记簿，关闭所有打开它的 docfiler；"
        "先把损坏的文件复制一份留存，再用最近的备份替换它；运行 docfiler check 可查看损坏情况。",
    )


def _disk_full(where: str, undone: str) -> EnvironmentFault:
    return EnvironmentFault(
        "disk_full", f"{where}空间已满，本次操作没有完成，{undone}请清理磁盘空间后重试。"
    )


def _postgresql(sqlstate: str | None, database: str | None) -> DocfilerError | None:
    """A psycopg error by its SQLSTATE; one without (no answer from the server) is a failed
    connection."""
    name = _named(database)
    state = sqlstate or ""
    if state in ("40001", "40P01", "55P03") or state == "57014":
        return EnvironmentFault(
            "busy",
            "另一位同事正在修改同一处内容，本次操作等待后仍未能执行，数据库没有改动。请稍后重试。",
        )
    if state in ("53100",):
        return _disk_full("数据库服务器的磁盘", "已写入的部分已全部撤销，数据库没有改动。")
    if state in ("28P01", "28000"):
        return EnvironmentFault(
            "login",
            f"数据库服务器拒绝登录（{database or '数据库地址'}）：用户名或密码不对，或该用户无权连接。"
            "请核对 --db、环境变量 DOCFILER_DATABASE_URL 或 config.toml 中数据库地址的用户名和密码。",
        )
    if state == "3D000":
        return EnvironmentFault(
            "no_database",
            f"数据库服务器上没有这个数据库（{database or '数据库地址'}）。请管理员先建立它"
            "（createdb 库名），或核对数据库地址中的库名。",
        )
    if state in ("42501",):
        return EnvironmentFault(
            "permission",
            f"连接{name}的用户没有权限做这项操作，本次操作没有执行。"
            "请让数据库管理员授予该用户对 docfiler 各表的读写权限。",
        )
    if state == "25006":
        return EnvironmentFault(
            "read_only",
            f"{name}是只读的（连接的可能是备用服务器），本次操作没有执行。请连接主服务器。",
        )
    if state in ("XX001", "XX002"):
        return _corrupt(name)
    if state in ("53200",):
        return EnvironmentFault("memory", "数据库服务器内存不足，本次操作没有执行。请稍后重试。")
    if state == "53300":
        return EnvironmentFault(
            "connection",
            "数据库服务器的连接数已满，本次操作没有执行。请稍后重试，或请管理员调大 max_connections。",
        )
    if not state or state.startswith(("08", "57P")):
        server = f"（{database}）" if database else ""
        return EnvironmentFault(
            "connection",
            f"无法连接数据库服务器{server}，或连接中途断开：服务器没有运行或正在重启、主机名或端口"
            "不对，或网络不通。未完成的操作已全部撤销。请确认 PostgreSQL 已启动、数据库地址正确后重试。",
        )
    return None


_CONNECTION_REFUSALS = (
    (re.compile(r'database "[^"]*" does not exist'), "3D000"),
    (re.compile(r"password authentication failed|role \"[^\"]*\" does not exist"), "28P01"),
    (re.compile(r"no pg_hba\.conf entry"), "28000"),
)


def _refused_connection(text: str) -> str | None:
    """The SQLSTATE of a server's refusal to connect, which libpq reports only in words (an
    English server's words; any other language gives the general connection message)."""
    for pattern, state in _CONNECTION_REFUSALS:
        if pattern.search(text):
            return state
    return None


def _os_error(fault: OSError) -> DocfilerError | None:
    path = fault.filename or ""
    shown = f" {path}" if path else ""
    if fault.errno in (errno.ENOSPC, errno.EDQUOT):
        where = f"文件夹 {_folder(path)} 所在的磁盘" if path else "磁盘"
        return _disk_full(where, "")
    if fault.errno == errno.EROFS:
        where = f"文件夹 {_folder(path)} 所在的磁盘" if path else "磁盘"
        return EnvironmentFault(
            "read_only", f"{where}是只读的，不能写入，本次操作没有完成。请换一个可以写入的位置。"
        )
    if fault.errno in (errno.EACCES, errno.EPERM):
        return EnvironmentFault(
            "permission",
            f"没有权限读写{shown or '该文件'}，本次操作没有完成。请检查该文件和所在文件夹的权限，"
            "或换一个位置。",
        )
    if fault.errno == errno.ENOENT:
        return EnvironmentFault(
            "missing_file", f"找不到{shown or '文件'}（文件或文件夹不存在）。请检查路径。"
        )
    if fault.errno == errno.ENAMETOOLONG:
        return EnvironmentFault("too_long", "文件名或路径太长，请换一个短一些的名称。")
    if fault.errno == errno.EISDIR:
        return EnvironmentFault("missing_file", f"{path} 是一个文件夹，这里需要一个文件名。")
    if fault.errno == errno.ENOTDIR:
        return EnvironmentFault("missing_file", f"路径{shown}中有一段不是文件夹，请检查路径。")
    if fault.errno == errno.EIO:
        return EnvironmentFault(
            "disk_error",
            f"读写{shown or '文件'}时磁盘出错（磁盘可能已断开或损坏），本次操作没有完成。",
        )
    return None


def _folder(path: str) -> str:
    return os.path.dirname(os.path.abspath(path)) or path


_UNKNOWN_REVISION = re.compile(r"Can't locate revision identified by '([^']+)'")


def _unknown_revision(fault: BaseException) -> str | None:
    """The revision Alembic could not find: the database is newer than this program."""
    match = _UNKNOWN_REVISION.search(str(fault))
    return match.group(1) if match else None
