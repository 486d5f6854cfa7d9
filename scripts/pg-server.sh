#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL server for dbtool's test suite.
#
# Usage:
#   scripts/pg-server.sh start DIR   # prints the SQLAlchemy URL on stdout
#   scripts/pg-server.sh reader DIR  # adds the read-only role, prints its URL
#   scripts/pg-server.sh owner DIR   # adds an owner role (no superuser), prints its URL
#   scripts/pg-server.sh stop DIR
#
# DIR is a small, root-owned state folder (CI uses `.pg` in the repo root).
# The cluster itself lives in a fresh `mktemp -d /tmp/dbtool-pg.XXXXXX`
# directory whose path is written to DIR/pgdir. Why not inside DIR? The server
# has to run as an unprivileged user (initdb and postgres refuse to run as
# root), and that user must be able to traverse every parent of its data and
# socket directory. A checkout can live anywhere (e.g. under a 0700 home), so
# /tmp is the only location we can rely on.
#
# Environment:
#   PGPORT_DBTOOL  TCP port to listen on (default 54329).
#
# Only the URL goes to stdout so callers can do URL=$(pg-server.sh start DIR);
# everything else goes to stderr.
set -euo pipefail

readonly PG_MAJOR=15
readonly PORT="${PGPORT_DBTOOL:-54329}"
readonly DB_NAME=dbtool_test
readonly TMP_PREFIX=/tmp/dbtool-pg.
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Settings inherited from the caller's shell (PGHOST, PGDATABASE, ...) would
# silently redirect createdb/pg_ctl to some other server; we always pass
# explicit flags, but drop them anyway to be safe.
unset PGHOST PGHOSTADDR PGPORT PGDATABASE PGUSER PGPASSWORD PGSERVICE PGDATA PGOPTIONS

log() { printf 'pg-server: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    cat >&2 <<EOF
usage: $0 start DIR    start a scratch PostgreSQL server, print its URL
       $0 reader DIR   create the read-only role on it, print that role's URL
       $0 owner DIR    create a role that may own dbtool's tables, print its URL
       $0 stop DIR     stop it and delete its data
EOF
    exit 2
}

# Locate the server binaries, installing the Debian packages if necessary.
# Sets PGBIN.
find_pgbin() {
    PGBIN="/usr/lib/postgresql/${PG_MAJOR}/bin"
    if [[ -x "$PGBIN/initdb" ]]; then
        return
    fi
    log "PostgreSQL ${PG_MAJOR} server binaries not found; installing with apt-get"
    # Installation output is noise for the caller; keep it on stderr only.
    {
        apt-get update -qq &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "postgresql-${PG_MAJOR}" ||
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
    } >&2 || die "could not install PostgreSQL with apt-get"
    if [[ -x "$PGBIN/initdb" ]]; then
        return
    fi
    # The fallback package may carry a different major version; use the
    # newest one installed rather than failing.
    local candidate
    candidate=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null |
        sort -V | tail -n 1)
    [[ -n "$candidate" ]] || die "initdb not found under /usr/lib/postgresql after installing"
    PGBIN=$(dirname "$candidate")
    log "using $PGBIN instead of PostgreSQL ${PG_MAJOR}"
}

# The OS user the server runs as. Sets PGOSUSER.
ensure_os_user() {
    if id -u postgres >/dev/null 2>&1; then
        PGOSUSER=postgres
        return
    fi
    PGOSUSER=dbtool-pg
    if ! id -u "$PGOSUSER" >/dev/null 2>&1; then
        log "creating system user $PGOSUSER"
        useradd --system --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin "$PGOSUSER" >&2
    fi
}

# Run a command as the server user. The working directory is switched to a
# directory that user can read, because PostgreSQL tools complain (initdb
# even fails) when they cannot resolve the current directory.
as_pg_user() {
    local user=$1 workdir=$2
    shift 2
    (cd "$workdir" && runuser -u "$user" -- "$@")
}

# Print the scratch directory recorded in STATE_DIR/pgdir, if it is one of
# ours. The prefix check guards the `rm -rf` in stop_server against a
# corrupted or hand-edited state file.
recorded_pgdir() {
    local state_dir=$1 pgdir
    [[ -f "$state_dir/pgdir" ]] || return 0
    pgdir=$(<"$state_dir/pgdir")
    if [[ "$pgdir" != "$TMP_PREFIX"* || "$pgdir" == *..* || "$pgdir" == */ ]]; then
        log "ignoring suspicious path in $state_dir/pgdir: $pgdir"
        return 0
    fi
    printf '%s\n' "$pgdir"
}

stop_server() {
    local state_dir=$1 pgdir owner
    pgdir=$(recorded_pgdir "$state_dir")
    if [[ -z "$pgdir" ]]; then
        log "no server recorded in $state_dir; nothing to stop"
        rm -f "$state_dir/pgdir"
        return 0
    fi
    if [[ -d "$pgdir" ]]; then
        if [[ -f "$pgdir/data/postmaster.pid" ]]; then
            # Run pg_ctl as whoever owns the cluster; PGBIN is looked up from
            # the cluster's own PG_VERSION so a mismatched install cannot
            # break shutdown.
            local bin
            owner=$(stat -c %U "$pgdir/data")
            bin="/usr/lib/postgresql/$(<"$pgdir/data/PG_VERSION")/bin"
            log "stopping server in $pgdir/data"
            if ! as_pg_user "$owner" "$pgdir" "$bin/pg_ctl" -D "$pgdir/data" -m fast -w stop >&2; then
                # A fast shutdown can hang on stuck clients; immediate does
                # not. Errors are ignored: the server may already be gone.
                as_pg_user "$owner" "$pgdir" "$bin/pg_ctl" -D "$pgdir/data" -m immediate -w stop >&2 ||
                    log "pg_ctl stop failed (server not running?)"
            fi
        fi
        # Keep the server log next to the state for post-mortems.
        if [[ -f "$pgdir/log" ]]; then
            cp "$pgdir/log" "$state_dir/log" 2>/dev/null || true
        fi
        rm -rf -- "$pgdir"
    fi
    rm -f "$state_dir/pgdir" "$state_dir/port"
}

start_server() {
    local state_dir=$1 pgdir

    find_pgbin
    ensure_os_user

    mkdir -p "$state_dir"
    # "Idempotent-ish": a second start replaces the previous server instead
    # of failing on the port it still holds.
    if [[ -n "$(recorded_pgdir "$state_dir")" ]]; then
        log "a previous server is recorded in $state_dir; stopping it first"
        stop_server "$state_dir"
    fi

    pgdir=$(mktemp -d "${TMP_PREFIX}XXXXXX")
    # Record the path before anything else can fail so `stop` always finds
    # (and removes) it, even after a half-finished start.
    printf '%s\n' "$pgdir" >"$state_dir/pgdir"
    # The scratch dir holds the data dir, the server log and the Unix socket,
    # so the server user must own it. 0700: nobody else needs access.
    chown "$PGOSUSER:" "$pgdir"
    chmod 700 "$pgdir"

    log "initialising cluster in $pgdir/data (running as $PGOSUSER)"
    # -U postgres: the superuser name in the URL, whatever the OS user is.
    # trust auth: a loopback-only, throwaway server used by tests.
    # --no-sync: fsyncing a cluster we delete after the run only costs time.
    if ! as_pg_user "$PGOSUSER" "$pgdir" "$PGBIN/initdb" -D "$pgdir/data" -U postgres \
        --auth=trust -E UTF8 --locale=C --no-sync >&2; then
        stop_server "$state_dir"
        die "initdb failed"
    fi
    chmod 700 "$pgdir/data"

    log "starting server on 127.0.0.1:$PORT"
    # Durability is pointless for test data; turning it off makes the
    # suite's many small transactions much faster.
    if ! as_pg_user "$PGOSUSER" "$pgdir" "$PGBIN/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $pgdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        -w start >&2; then
        log "server failed to start; last lines of its log:"
        tail -n 20 "$pgdir/log" >&2 || true
        stop_server "$state_dir"
        die "could not start PostgreSQL (is port $PORT already in use? set PGPORT_DBTOOL)"
    fi

    if ! "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DB_NAME" >&2; then
        stop_server "$state_dir"
        die "could not create database $DB_NAME"
    fi

    printf '%s\n' "$PORT" >"$state_dir/port"
    log "ready: data in $pgdir/data, log in $pgdir/log"
    printf 'postgresql+psycopg://postgres@127.0.0.1:%s/%s\n' "$PORT" "$DB_NAME"
}

# Create the role of scripts/pg-readonly-role.sql (docs/security.md) on the
# running server, so tests can run `dbtool sql` as it; print its URL. The role
# is cluster-wide; its grants are per database, so tests that make their own
# databases run the same script on each.
reader_role() {
    local state_dir=$1 port
    [[ -n "$(recorded_pgdir "$state_dir")" && -f "$state_dir/port" ]] ||
        die "no server recorded in $state_dir; run: $0 start $state_dir"
    port=$(<"$state_dir/port")
    find_pgbin
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$DB_NAME" \
        -f "$SCRIPT_DIR/pg-readonly-role.sql" >&2 || die "could not create the read-only role"
    printf 'postgresql+psycopg://dbtool_reader@127.0.0.1:%s/%s\n' "$port" "$DB_NAME"
}

# A role that may own dbtool's tables and write them, but is no superuser and holds
# none of the predefined roles that reach server files: what a deployment connects as
# for `dbtool check` and `seed`. The tests create a database owned by it and run the
# hostile `dbtool sql` cases as it. Print its URL.
owner_role() {
    local state_dir=$1 port
    [[ -n "$(recorded_pgdir "$state_dir")" && -f "$state_dir/port" ]] ||
        die "no server recorded in $state_dir; run: $0 start $state_dir"
    port=$(<"$state_dir/port")
    find_pgbin
    "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d "$DB_NAME" >&2 <<'SQL' ||
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dbtool_owner') THEN
        CREATE ROLE dbtool_owner LOGIN;
    END IF;
END
$$;
ALTER ROLE dbtool_owner NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
SQL
        die "could not create the owner role"
    printf 'postgresql+psycopg://dbtool_owner@127.0.0.1:%s/%s\n' "$port" "$DB_NAME"
}

main() {
    [[ $# -eq 2 ]] || usage
    [[ $EUID -eq 0 ]] || die "must run as root (it switches to an unprivileged user for the server)"
    case "$1" in
        start) start_server "$2" ;;
        reader) reader_role "$2" ;;
        owner) owner_role "$2" ;;
        stop) stop_server "$2" ;;
        *) usage ;;
    esac
}

main "$@"
