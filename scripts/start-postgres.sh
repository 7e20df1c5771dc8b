#!/usr/bin/env bash
# Start a throw-away local PostgreSQL server for the docfiler test suite.
#
# Meant to be *sourced* so the connection URL lands in the caller's env:
#
#     . scripts/start-postgres.sh && pytest ...
#
# It can also be executed directly (the server is started, but the export
# then only applies to the script's own process).
#
# Environment (all optional):
#   DOCFILER_PG_PORT  TCP port on 127.0.0.1          (default 54329)
#   DOCFILER_PG_DIR   data directory                 (default /tmp/docfiler-pg-$PORT)
#
# Exports:
#   DOCFILER_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$PORT/docfiler_test
#
# Behaviour:
#   * finds initdb/pg_ctl in /usr/lib/postgresql/<highest>/bin or on PATH and,
#     when running as root, installs the Debian `postgresql` package if missing;
#   * as root, runs the server as the `postgres` user (or creates an
#     unprivileged `docfiler-pg` system user if there is none);
#   * initialises the data directory once (trust auth, superuser `postgres`,
#     UTF8, C.UTF-8 locale falling back to C) and reuses a server that is
#     already running on it;
#   * listens on 127.0.0.1 only; the unix socket and the log file
#     (postgresql.log) live inside the data directory;
#   * fsync/synchronous_commit/full_page_writes are off: never use this for
#     data you care about;
#   * creates the `docfiler_test` database if it does not exist.
#
# Stop the server with scripts/stop-postgres.sh.
#
# Everything is wrapped in functions with local variables so that sourcing
# this file does not leak variables or shell options (it is safe under a
# caller's `set -euo pipefail`); on failure it prints a message to stderr and
# returns 1 (or exits 1 when executed rather than sourced).

_dpg_err() { printf 'start-postgres: ERROR: %s\n' "$*" >&2; }
_dpg_info() { printf 'start-postgres: %s\n' "$*" >&2; }

# Quote one word for /bin/sh (pg_ctl hands the -o string to the shell).
_dpg_shquote() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }

# _dpg_find_bin [MAJOR] -> prints a directory holding initdb and pg_ctl.
_dpg_find_bin() {
    local want="${1:-}" d cand initdb_path
    if [ -n "$want" ] && [ -x "/usr/lib/postgresql/$want/bin/initdb" ] \
        && [ -x "/usr/lib/postgresql/$want/bin/pg_ctl" ]; then
        printf '%s\n' "/usr/lib/postgresql/$want/bin"
        return 0
    fi
    cand=""
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && cand="$cand$d"$'\n'
    done
    if [ -n "$cand" ]; then
        printf '%s' "$cand" | sort -V | tail -n 1
        return 0
    fi
    initdb_path="$(command -v initdb 2>/dev/null || true)"
    if [ -n "$initdb_path" ] && command -v pg_ctl >/dev/null 2>&1; then
        # Resolve symlinks so pg_ctl/postgres/psql come from the same install.
        initdb_path="$(readlink -f "$initdb_path" 2>/dev/null || printf '%s' "$initdb_path")"
        d="$(dirname "$initdb_path")"
        if [ -x "$d/pg_ctl" ]; then
            printf '%s\n' "$d"
        else
            dirname "$(command -v pg_ctl)"
        fi
        return 0
    fi
    return 1
}

_dpg_main() {
    local port dir is_root=0 lockfd="" rc=0

    port="${DOCFILER_PG_PORT:-54329}"
    case "$port" in
        '' | *[!0-9]*) _dpg_err "DOCFILER_PG_PORT must be a number (got '$port')"; return 1 ;;
    esac
    dir="${DOCFILER_PG_DIR:-/tmp/docfiler-pg-$port}"
    case "$dir" in
        /*) ;;
        *) dir="$PWD/$dir" ;;
    esac
    [ "$(id -u)" -eq 0 ] && is_root=1

    # Serialise concurrent invocations for the same port (best effort).
    if command -v flock >/dev/null 2>&1; then
        # (braces: a bare `exec ... 2>/dev/null` would silence stderr for good)
        if { exec {lockfd}>"${TMPDIR:-/tmp}/docfiler-pg-$port.lock"; } 2>/dev/null; then
            if ! flock -w 120 "$lockfd"; then
                exec {lockfd}>&-
                _dpg_err "timed out waiting for lock ${TMPDIR:-/tmp}/docfiler-pg-$port.lock"
                return 1
            fi
        else
            lockfd=""
        fi
    fi
    if [ -n "$lockfd" ]; then
        # Hide the lock fd from children (bash keeps its saved copy
        # close-on-exec) so the daemonised postmaster does not inherit the
        # lock and hold it forever.
        _dpg_start "$port" "$dir" "$is_root" {lockfd}>&- || rc=$?
    else
        _dpg_start "$port" "$dir" "$is_root" || rc=$?
    fi
    [ -n "$lockfd" ] && exec {lockfd}>&-
    return "$rc"
}

# Run a command as $_dpg_user (when root) from a neutral cwd.
_dpg_as_user() {
    if [ "$_dpg_is_root" -eq 1 ]; then
        if command -v runuser >/dev/null 2>&1; then
            (cd / && runuser -u "$_dpg_user" -- "$@")
        else
            local cmd="" a
            for a in "$@"; do cmd="$cmd $(_dpg_shquote "$a")"; done
            (cd / && su "$_dpg_user" -s /bin/sh -c "$cmd")
        fi
    else
        "$@"
    fi
}

_dpg_start() {
    local port="$1" dir="$2" is_root="$3"
    local bindir user owner pgver binver psql initlog status running_port pg_opts exists locale_ok
    # Read by _dpg_as_user through bash's dynamic scoping; not leaked.
    local _dpg_user="" _dpg_is_root="$is_root"

    # ---- 1. binaries --------------------------------------------------------
    pgver=""
    [ -f "$dir/PG_VERSION" ] && pgver="$(head -n 1 "$dir/PG_VERSION" 2>/dev/null || true)"
    if ! bindir="$(_dpg_find_bin "$pgver")"; then
        if [ "$is_root" -ne 1 ]; then
            _dpg_err "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or PATH;" \
                "install the 'postgresql' package (needs root)"
            return 1
        fi
        if ! command -v apt-get >/dev/null 2>&1; then
            _dpg_err "PostgreSQL server binaries not found and apt-get is unavailable to install them"
            return 1
        fi
        _dpg_info "PostgreSQL server binaries not found; installing the 'postgresql' package..."
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
            </dev/null >&2; then
            _dpg_err "apt-get install postgresql failed"
            return 1
        fi
        if ! bindir="$(_dpg_find_bin "$pgver")"; then
            _dpg_err "installed 'postgresql' but still cannot find initdb/pg_ctl"
            return 1
        fi
    fi
    psql="$bindir/psql"
    [ -x "$psql" ] || psql="$(command -v psql 2>/dev/null || true)"
    if [ -z "$psql" ]; then
        _dpg_err "psql not found (looked in $bindir and PATH)"
        return 1
    fi
    binver="$("$bindir/pg_ctl" --version 2>/dev/null | sed -n 's/^pg_ctl (PostgreSQL) \([0-9][0-9]*\).*/\1/p' | head -n 1)"
    if [ -n "$pgver" ] && [ -n "$binver" ] && [ "$pgver" != "$binver" ]; then
        _dpg_err "data directory $dir was initialised by PostgreSQL $pgver but only $binver binaries" \
            "were found ($bindir); remove the directory or set DOCFILER_PG_DIR"
        return 1
    fi

    # ---- 2. user to run the server as ------------------------------------------
    if [ "$is_root" -eq 1 ]; then
        user=""
        if [ -n "$pgver" ]; then
            owner="$(stat -c %U "$dir" 2>/dev/null || true)"
            if [ -n "$owner" ] && [ "$owner" != root ] && [ "$owner" != UNKNOWN ] \
                && id -u "$owner" >/dev/null 2>&1; then
                user="$owner"
            fi
        fi
        if [ -z "$user" ]; then
            if id -u postgres >/dev/null 2>&1; then
                user=postgres
            else
                if ! id -u docfiler-pg >/dev/null 2>&1; then
                    _dpg_info "creating unprivileged system user 'docfiler-pg' to run PostgreSQL"
                    if ! useradd --system --no-create-home --home-dir /nonexistent \
                        --shell /usr/sbin/nologin docfiler-pg >&2; then
                        _dpg_err "useradd docfiler-pg failed"
                        return 1
                    fi
                fi
                user=docfiler-pg
            fi
        fi
    else
        user="$(id -un)"
    fi
    _dpg_user="$user"

    # ---- 3. data directory ------------------------------------------------------
    if ! mkdir -p "$dir" 2>/dev/null; then
        _dpg_err "cannot create data directory $dir"
        return 1
    fi
    if [ "$is_root" -eq 1 ]; then
        if [ "$(stat -c %U "$dir")" != "$user" ] && ! chown -R "$user:" "$dir"; then
            _dpg_err "cannot chown $dir to $user"
            return 1
        fi
    fi
    chmod 700 "$dir" 2>/dev/null || true
    if ! _dpg_as_user test -w "$dir" -a -x "$dir"; then
        _dpg_err "user '$user' cannot access $dir (is a parent directory private?); set DOCFILER_PG_DIR"
        return 1
    fi

    if [ ! -f "$dir/PG_VERSION" ]; then
        if [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
            _dpg_err "$dir exists, is not empty and is not a PostgreSQL data directory;" \
                "remove it or set DOCFILER_PG_DIR"
            return 1
        fi
        initlog="$(mktemp "${TMPDIR:-/tmp}/docfiler-initdb.XXXXXX")" || { _dpg_err "mktemp failed"; return 1; }
        _dpg_info "initialising PostgreSQL $binver cluster in $dir (user $user)"
        locale_ok=""
        if _dpg_as_user "$bindir/initdb" -D "$dir" --auth=trust -U postgres --encoding=UTF8 \
            --locale=C.UTF-8 >"$initlog" 2>&1; then
            locale_ok=C.UTF-8
        else
            _dpg_info "initdb with --locale=C.UTF-8 failed; retrying with --locale=C"
            # A failed initdb empties the directory again; make sure of it.
            find "$dir" -mindepth 1 -delete 2>/dev/null || true
            if _dpg_as_user "$bindir/initdb" -D "$dir" --auth=trust -U postgres --encoding=UTF8 \
                --locale=C >>"$initlog" 2>&1; then
                locale_ok=C
            fi
        fi
        if [ -z "$locale_ok" ]; then
            cat "$initlog" >&2
            rm -f "$initlog"
            _dpg_err "initdb failed for $dir (output above)"
            return 1
        fi
        rm -f "$initlog"
    fi

    # ---- 4. start (or reuse) ---------------------------------------------------
    status=0
    _dpg_as_user "$bindir/pg_ctl" status -D "$dir" >/dev/null 2>&1 || status=$?
    if [ "$status" -eq 0 ]; then
        running_port="$(sed -n 4p "$dir/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$running_port" ] && [ "$running_port" != "$port" ]; then
            _dpg_err "a server is already running on $dir but on port $running_port, not $port;" \
                "stop it with DOCFILER_PG_PORT=$running_port DOCFILER_PG_DIR=$dir scripts/stop-postgres.sh"
            return 1
        fi
        _dpg_info "reusing PostgreSQL server already running on $dir (port $port)"
    else
        pg_opts="-h 127.0.0.1 -p $port -k $(_dpg_shquote "$dir")"
        pg_opts="$pg_opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _dpg_info "starting PostgreSQL $binver on 127.0.0.1:$port (data $dir, log $dir/postgresql.log)"
        if ! _dpg_as_user "$bindir/pg_ctl" start -D "$dir" -w -t 60 -s \
            -l "$dir/postgresql.log" -o "$pg_opts" </dev/null >&2; then
            if [ -f "$dir/postgresql.log" ]; then
                printf '%s\n' "---- last lines of $dir/postgresql.log ----" >&2
                tail -n 20 "$dir/postgresql.log" >&2
            fi
            _dpg_err "pg_ctl start failed (is port $port already in use by another server?)"
            return 1
        fi
    fi

    # ---- 5. database ----------------------------------------------------------------
    if ! exists="$("$psql" -X -w -h 127.0.0.1 -p "$port" -U postgres -d postgres -tA \
        -c "SELECT 1 FROM pg_database WHERE datname = 'docfiler_test'" </dev/null)"; then
        _dpg_err "cannot connect to PostgreSQL at 127.0.0.1:$port as postgres"
        return 1
    fi
    if [ "$exists" != 1 ]; then
        if ! "$psql" -X -w -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
            -v ON_ERROR_STOP=1 -c "CREATE DATABASE docfiler_test" </dev/null >&2; then
            _dpg_err "could not create database docfiler_test"
            return 1
        fi
    fi

    # ---- 6. export ----------------------------------------------------------------
    export DOCFILER_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:$port/docfiler_test"
    printf 'PostgreSQL ready: DOCFILER_TEST_PG_URL=%s\n' "$DOCFILER_TEST_PG_URL"
    return 0
}

_dpg_rc=0
_dpg_main || _dpg_rc=$?
unset -f _dpg_err _dpg_info _dpg_shquote _dpg_find_bin _dpg_main _dpg_as_user _dpg_start
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # Sourced: never exit the caller's shell.
    if [ "$_dpg_rc" -ne 0 ]; then unset _dpg_rc; return 1; fi
    unset _dpg_rc
    return 0
else
    if [ "$_dpg_rc" -ne 0 ]; then exit 1; fi
    exit 0
fi
