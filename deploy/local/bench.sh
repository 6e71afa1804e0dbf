#!/usr/bin/env bash
# The benchmark (docs/performance.md). Not part of the test command.
#
#   deploy/local/bench.sh [--seconds 10] [--incidents 2000] [--checkpoints-incidents 100000] [--escalation-batch 200] [--lateness-ingest 0]
#                         [--planning-timeout-minutes 20] [--phases sidebyside,ingest,commands,read,escalation,rebuild] [--out bench-results.json]
#                         [--side-seconds 15] [--side-clients 8,32] [--peer-url URL --peer-pid PID --peer-database NAME]
#
# The default run takes about 25 minutes on a 2-core machine, most of it planning the escalation checkpoints of
# 100,000 incidents; --checkpoints-incidents 5000 makes a quick run.
# Builds the service and the benchmark in Release, starts a private PostgreSQL 15 cluster 'bench' under .local/ on
# BREACHDESK_BENCH_PG_PORT (default 55448; fsync on, as in production), runs the service as a process against a
# fresh database on it, prints a table and writes bench-results.json (in the current folder unless --out says).
# BREACHDESK_BENCH_CONNECTION instead names an existing server to use.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

"$repo/deploy/local/bridge-nuget.sh"
"$repo/deploy/local/ensure-npm.sh"
# The side-by-side phase loads the services with wrk and the raw limit with pgbench (PostgreSQL's client package).
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else echo "bench.sh: wrk is missing (Debian package 'wrk'); the sidebyside phase needs it" >&2; fi
fi
dotnet build "$repo/tests/BreachDesk.Bench/BreachDesk.Bench.csproj" -c Release -v q -nologo >/dev/null

if [ -z "${BREACHDESK_BENCH_CONNECTION:-}" ]; then
  port="${BREACHDESK_BENCH_PG_PORT:-55448}"
  BREACHDESK_BENCH_CONNECTION="$("$repo/deploy/local/postgres.sh" start bench "$port")"
  trap '"$repo/deploy/local/postgres.sh" stop bench' EXIT
  echo "PostgreSQL for the benchmark on 127.0.0.1:$port."
fi

dotnet "$repo/tests/BreachDesk.Bench/bin/Release/net10.0/BreachDesk.Bench.dll" --connection "$BREACHDESK_BENCH_CONNECTION" "$@"
