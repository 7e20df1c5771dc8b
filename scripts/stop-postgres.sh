#!/usr/bin/env bash
# Stop the local PostgreSQL test server started by scripts/start-postgres.sh.
#
#     scripts/stop-postgres.sh          (or: . scripts/stop-postgres.sh)
#
# Uses the same defaults: DOCFILER_PG_PORT (54329) and
# DOCFILER_PG_DIR (/tmp/docfiler-pg-$PORT). The data directory is kept, so a
# later start reuses it (rm -rf it for a fresh cluster). Not running is not
# an error. Unsets DOCFILER_TEST_PG_URL when sourced.

_dpgs_err() { printf 'stop-postgres: ERROR: %s\n' "$*" >&2; }
_dpgs_info() { printf 'stop-postgres: %s\n' "$*" >&2; }

_dpgs_main() {
    local port dir pgver bindir d cand user status p
    port="${DOCFILER_PG_PORT:-54329}"
    case "$port" in
        '' | *[!0-9]*) _dpgs_err "DOCFILER_PG_PORT must be a number (got '$port')"; return 1 ;;
    esac
    dir="${DOCFILER_PG_DIR:-/tmp/docfiler-pg-$port}"
    case "$dir" in
        /*) ;;
        *) dir="$PWD/$dir" ;;
    esac

    if [ ! -f "$dir/PG_VERSION" ]; then
        _dpgs_info "no PostgreSQL data directory at $dir; nothing to stop"
        return 0
    fi
    if [ ! -f "$dir/postmaster.pid" ]; then
        _dpgs_info "PostgreSQL on $dir is not running"
        return 0
    fi

    # pg_ctl matching the cluster's major version, else highest, else PATH.
    pgver="$(head -n 1 "$dir/PG_VERSION" 2>/dev/null || true)"
    bindir=""
    if [ -n "$pgver" ] && [ -x "/usr/lib/postgresql/$pgver/bin/pg_ctl" ]; then
        bindir="/usr/lib/postgresql/$pgver/bin"
    else
        cand=""
        for d in /usr/lib/postgresql/*/bin; do
            [ -x "$d/pg_ctl" ] && cand="$cand$d"$'\n'
        done
        if [ -n "$cand" ]; then
            bindir="$(printf '%s' "$cand" | sort -V | tail -n 1)"
        elif p="$(command -v pg_ctl 2>/dev/null)"; then
            bindir="$(dirname "$(readlink -f "$p" 2>/dev/null || printf '%s' "$p")")"
        fi
    fi
    if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
        _dpgs_err "pg_ctl not found in /usr/lib/postgresql/*/bin or PATH"
        return 1
    fi

    # pg_ctl refuses to run as root: act as the data directory's owner.
    local -a run=()
    if [ "$(id -u)" -eq 0 ]; then
        user="$(stat -c %U "$dir" 2>/dev/null || true)"
        if [ -z "$user" ] || [ "$user" = root ] || [ "$user" = UNKNOWN ]; then
            _dpgs_err "cannot determine a non-root owner of $dir"
            return 1
        fi
        if command -v runuser >/dev/null 2>&1; then
            run=(runuser -u "$user" --)
        else
            run=(su "$user" -s /bin/sh -c '"$0" "$@"')
        fi
    fi

    status=0
    (cd / && "${run[@]}" "$bindir/pg_ctl" status -D "$dir" >/dev/null 2>&1) || status=$?
    if [ "$status" -ne 0 ]; then
        _dpgs_info "PostgreSQL on $dir is not running"
        return 0
    fi
    if ! (cd / && "${run[@]}" "$bindir/pg_ctl" stop -D "$dir" -m fast -w -t 60 -s </dev/null >&2); then
        _dpgs_err "pg_ctl stop failed for $dir (see $dir/postgresql.log)"
        return 1
    fi
    _dpgs_info "stopped PostgreSQL on $dir (port $port)"
    return 0
}

_dpgs_rc=0
_dpgs_main || _dpgs_rc=$?
unset -f _dpgs_err _dpgs_info _dpgs_main
if [ "${BASH_SOURCE[0]}" != "$0" ]; then
    # Sourced: never exit the caller's shell.
    if [ "$_dpgs_rc" -ne 0 ]; then unset _dpgs_rc; return 1; fi
    unset _dpgs_rc
    unset DOCFILER_TEST_PG_URL
    return 0
else
    if [ "$_dpgs_rc" -ne 0 ]; then exit 1; fi
    exit 0
fi
