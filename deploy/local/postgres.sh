#!/usr/bin/env bash
# A private PostgreSQL 15 cluster for local runs and tests, kept under .local/ in the repo (git-ignored).
#
#   deploy/local/postgres.sh start <name> <port>   prints the connection string on stdout
#   deploy/local/postgres.sh stop  <name>
#
# PostgreSQL refuses to run as root; when we are root the cluster belongs to the 'postgres' system user
# (created by Debian's package) and its commands run through runuser.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cmd="${1:?start|stop}"; name="${2:?cluster name}"
dir="$repo/.local/postgres/$name"
[ -L "$dir" ] && dir="$(readlink -f "$dir")"
data="$dir/data"

pgbin="${PG_BIN:-}"
if [ -z "$pgbin" ]; then
  for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/initdb" ] && { pgbin="$candidate"; break; }
  done
fi
[ -n "$pgbin" ] && [ -x "$pgbin/pg_ctl" ] || { echo "postgres.sh: no PostgreSQL server binaries found (install Debian's postgresql-15)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
  start)
    port="${3:?port}"
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
      chown postgres: "$dir"
      # A checkout inside a folder the postgres user may not enter (under /root, say) cannot hold its cluster:
      # keep the data in a private folder under /tmp instead, and leave a link to it in .local/.
      if ! runuser -u postgres -- test -w "$dir"; then
        elsewhere="${TMPDIR:-/tmp}/breachdesk-postgres-$(printf %s "$repo" | sha256sum | cut -c1-12)/$name"
        mkdir -p "$elsewhere" && chmod 755 "$(dirname "$elsewhere")" && chown postgres: "$elsewhere"
        rmdir "$dir" 2>/dev/null || rm -f "$dir"
        ln -sfn "$elsewhere" "$dir"
        dir="$elsewhere"; data="$dir/data"
      fi
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$pgbin/initdb" -D "$data" -U breachdesk --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$pgbin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
      # Loopback only; the socket lives in the cluster folder so that no system directory is needed.
      as_owner "$pgbin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 start \
        -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$dir' -c max_connections=${PG_MAX_CONNECTIONS:-300} -c fsync=${PG_FSYNC:-on}" >/dev/null \
        || { tail -20 "$dir/server.log" >&2; exit 1; }
    fi
    as_owner "$pgbin/psql" -h 127.0.0.1 -p "$port" -U breachdesk -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='breachdesk'" | grep -q 1 \
      || as_owner "$pgbin/createdb" -h 127.0.0.1 -p "$port" -U breachdesk breachdesk
    echo "Host=127.0.0.1;Port=$port;Database=breachdesk;Username=breachdesk"
    ;;
  stop)
    if [ -f "$data/PG_VERSION" ]; then as_owner "$pgbin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true; fi
    ;;
  *) echo "usage: $0 start|stop <name> [port]" >&2; exit 2 ;;
esac
