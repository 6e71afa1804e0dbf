#!/usr/bin/env bash
# Runs BreachDesk on http://127.0.0.1:5080 (pass --urls to change it) with the development keys on.
# Uses ConnectionStrings__BreachDesk when it is set; otherwise starts a private PostgreSQL 15 under .local/
# and stops it again when the service exits.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

"$repo/deploy/local/bridge-nuget.sh"
"$repo/deploy/local/ensure-npm.sh"

if [ -z "${ConnectionStrings__BreachDesk:-}" ]; then
  port="${BREACHDESK_PG_PORT:-55433}"
  ConnectionStrings__BreachDesk="$("$repo/deploy/local/postgres.sh" start dev "$port")"
  export ConnectionStrings__BreachDesk
  trap '"$repo/deploy/local/postgres.sh" stop dev' EXIT
  echo "Started a private PostgreSQL on 127.0.0.1:$port (data in .local/postgres/dev)."
fi

export BreachDesk__Auth__DevKeys=true
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
urls=(--urls "http://127.0.0.1:5080")
for arg in "$@"; do [ "$arg" = "--urls" ] && urls=(); done

dotnet build "$repo/src/BreachDesk.Api/BreachDesk.Api.csproj" -c Release -nologo -v quiet
# Not exec: the EXIT trap must still stop PostgreSQL when the service ends. Ctrl+C or a TERM sent to this
# script is passed on to the service, which shuts down gracefully.
dotnet "$repo/src/BreachDesk.Api/bin/Release/net10.0/BreachDesk.Api.dll" "${urls[@]}" "$@" &
service=$!
trap 'kill -TERM "$service" 2>/dev/null' INT TERM
wait "$service" || wait "$service"
