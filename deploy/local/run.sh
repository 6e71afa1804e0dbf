#!/usr/bin/env bash
# Runs BreachDesk on http://127.0.0.1:5080 (pass --urls to change it) with the development keys on.
# Uses ConnectionStrings__BreachDesk when it is set; otherwise starts a private PostgreSQL 15 under .local/ on
# 127.0.0.1:55433 (BREACHDESK_PG_PORT; when unset and 55433 is taken, the next free port) and stops it again when
# the service exits.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

"$repo/deploy/local/bridge-nuget.sh"
"$repo/deploy/local/ensure-npm.sh"

# Something (another PostgreSQL, say) accepts connections on this loopback port.
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

urls=(--urls "http://127.0.0.1:5080")
for arg in "$@"; do [ "$arg" = "--urls" ] || [ "${arg#--urls=}" != "$arg" ] && urls=(); done
if [ "${#urls[@]}" -gt 0 ] && in_use 5080; then
  echo "run.sh: 127.0.0.1:5080 is in use by another program; pass another address: deploy/local/run.sh --urls http://127.0.0.1:5081" >&2
  exit 1
fi

if [ -z "${ConnectionStrings__BreachDesk:-}" ]; then
  port="${BREACHDESK_PG_PORT:-}"
  pidfile="$repo/.local/postgres/dev/data/postmaster.pid"
  if [ -z "$port" ] && [ -f "$pidfile" ] && kill -0 "$(head -1 "$pidfile")" 2>/dev/null; then
    port="$(sed -n 4p "$pidfile")"   # our own cluster, still running from an earlier run: its port
  elif [ -z "$port" ]; then
    # The default port may be taken by another PostgreSQL: take the next free one and say which.
    port=55433
    while in_use "$port"; do port=$((port + 1)); done
    [ "$port" = 55433 ] || echo "Port 55433 is in use; the private PostgreSQL takes $port (set BREACHDESK_PG_PORT to choose)."
  elif in_use "$port"; then
    echo "run.sh: 127.0.0.1:$port (BREACHDESK_PG_PORT) is in use by another program; set BREACHDESK_PG_PORT to a free port." >&2
    exit 1
  fi
  ConnectionStrings__BreachDesk="$("$repo/deploy/local/postgres.sh" start dev "$port")"
  export ConnectionStrings__BreachDesk
  trap '"$repo/deploy/local/postgres.sh" stop dev' EXIT
  echo "Started a private PostgreSQL on 127.0.0.1:$port (data in .local/postgres/dev)."
fi

export BreachDesk__Auth__DevKeys=true
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"

dotnet build "$repo/src/BreachDesk.Api/BreachDesk.Api.csproj" -c Release -nologo -v quiet
# Not exec: the EXIT trap must still stop PostgreSQL when the service ends. Ctrl+C or a TERM sent to this
# script is passed on to the service, which shuts down gracefully.
dotnet "$repo/src/BreachDesk.Api/bin/Release/net10.0/BreachDesk.Api.dll" "${urls[@]}" "$@" &
service=$!
trap 'kill -TERM "$service" 2>/dev/null' INT TERM
wait "$service" || wait "$service"
