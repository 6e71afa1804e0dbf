#!/usr/bin/env bash
# WAL per report, broken down by relation (docs/performance.md, "slimwal"). Not part of the test command.
#
#   deploy/local/wal-per-report.sh [--reports 200] [--checkpoint-first] [--keep]
#
# Starts the private 'bench' cluster on BREACHDESK_BENCH_PG_PORT (default 55448), a fresh database and the service
# (Release build) as a process, posts 20 reports to warm it up, then measures: the idle service's WAL over 10 s, and
# N reports posted one after the other with curl (quiet service, no concurrency), the WAL between
# pg_current_wal_lsn() before and after, read back with pg_waldump and summed by relation (the record's first block
# reference) and by kind (full-page images apart). --checkpoint-first runs CHECKPOINT before the measured reports, so
# every page they touch first costs a full-page image (the worst case after each checkpoint); by default the warm-up
# has touched the pages already since the last checkpoint, the steady state between checkpoints.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
reports=200; checkpoint_first=0; keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --reports) reports="$2"; shift 2 ;;
    --checkpoint-first) checkpoint_first=1; shift ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--reports N] [--checkpoint-first] [--keep]" >&2; exit 2 ;;
  esac
done

port="${BREACHDESK_BENCH_PG_PORT:-55448}"
http_port="${BREACHDESK_WAL_HTTP_PORT:-$((port + 10))}"
pgbin=/usr/lib/postgresql/15/bin
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

dotnet build "$repo/src/BreachDesk.Api/BreachDesk.Api.csproj" -c Release -v q -nologo >/dev/null
"$repo/deploy/local/postgres.sh" start bench "$port" >/dev/null
trap '"$repo/deploy/local/postgres.sh" stop bench' EXIT
data="$(readlink -f "$repo/.local/postgres/bench")/data"

db="walprobe_$(date -u +%Y%m%d%H%M%S)"
psql_db() { psql -h 127.0.0.1 -p "$port" -U breachdesk -d "$db" -qtAX "$@"; }
psql -h 127.0.0.1 -p "$port" -U breachdesk -d postgres -qc "CREATE DATABASE $db"

log="$(mktemp)"
(
  cd "$repo/src/BreachDesk.Api/bin/Release/net10.0"
  ConnectionStrings__BreachDesk="Host=127.0.0.1;Port=$port;Database=$db;Username=breachdesk" \
  BreachDesk__Auth__DevKeys=true BreachDesk__Database__ApplyChangesOnStart=true Logging__LogLevel__Default=Warning \
  ASPNETCORE_URLS="http://127.0.0.1:$http_port" exec dotnet BreachDesk.Api.dll
) >"$log" 2>&1 &
service=$!
trap 'kill "$service" 2>/dev/null; wait "$service" 2>/dev/null; "$repo/deploy/local/postgres.sh" stop bench' EXIT
for _ in $(seq 1 240); do
  curl -fsS "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && break
  kill -0 "$service" 2>/dev/null || { cat "$log" >&2; exit 1; }
  sleep 0.5
done

report() {
  curl -fsS -o /dev/null -X POST "http://127.0.0.1:$http_port/api/incidents" -H 'Content-Type: application/json' \
    -H 'X-Api-Key: dev-reporter' \
    -d "{\"title\":\"WAL probe $1\",\"description\":\"A spreadsheet of customer contact details was e-mailed to the wrong supplier.\",\"discoveredAt\":\"$(date -u -d '1 hour ago' +%Y-%m-%dT%H:%M:%SZ)\",\"source\":\"staff\",\"systems\":[\"mail\"]}"
}
lsn() { psql_db -c "SELECT pg_current_wal_lsn()"; }
bytes() { psql_db -c "SELECT pg_wal_lsn_diff('$2', '$1')"; }

for i in $(seq 1 20); do report "warm-up $i"; done
sleep 5

idle_from="$(lsn)"; sleep 10; idle_to="$(lsn)"
idle_bytes="$(bytes "$idle_from" "$idle_to")"

[ "$checkpoint_first" = 1 ] && psql_db -c CHECKPOINT
from="$(lsn)"; started=$(date +%s.%N)
for i in $(seq 1 "$reports"); do report "$i"; done
sleep 2
to="$(lsn)"; seconds=$(echo "$(date +%s.%N) - $started" | bc)
total="$(bytes "$from" "$to")"

# Relation names by file node (the database's own and the shared catalogs).
names="$(mktemp)"
psql_db -F ' ' -c "SELECT pg_relation_filenode(c.oid), n.nspname || '.' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE pg_relation_filenode(c.oid) IS NOT NULL" >"$names"
dump="$(mktemp)"
as_owner "$pgbin/pg_waldump" -p "$data/pg_wal" -s "$from" -e "$to" >"$dump" 2>/dev/null || true

echo "reports: $reports in $seconds s; WAL $total bytes = $(echo "scale=2; $total / $reports / 1024" | bc) KiB per report"
echo "idle service: $idle_bytes bytes in 10 s (so about $(echo "scale=0; $idle_bytes * $seconds / 10" | bc) bytes of the above are the idle polling)"
echo "checkpoint first: $checkpoint_first; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
printf "%-64s %10s %9s %12s\n" "relation (first block of each record)" "B/report" "records" "of it FPI B"
awk -v reports="$reports" -v total="$total" '
  NR == FNR { name[$1] = $2; next }
  /^rmgr:/ {
    match($0, /len \(rec\/tot\): *[0-9]+\/ *[0-9]+/); split(substr($0, RSTART, RLENGTH), l, /[^0-9]+/)
    rec = l[2]; tot = l[3]
    match($0, /desc: [A-Z_+0-9]+/); kind = $2 " " substr($0, RSTART + 6, RLENGTH - 6)
    rel = "(no relation: " kind ")"
    if (match($0, /rel [0-9]+\/[0-9]+\/[0-9]+/)) {
      split(substr($0, RSTART + 4, RLENGTH - 4), r, "/"); rel = (r[3] in name) ? name[r[3]] : "filenode " r[3]
    }
    bytes[rel] += tot; records[rel]++; sum += tot
    if ($0 ~ /FPW/) { fpi[rel] += tot - rec; fpis += tot - rec }
  }
  END {
    for (k in bytes) printf "%-64s\t%10.0f %9.2f %12.0f\n", k, bytes[k] / reports, records[k] / reports, fpi[k] / reports | "sort -t \"\t\" -k2,2nr"
    close("sort -t \"\t\" -k2,2nr")
    printf "%-64s\t%10.0f %9s %12.0f\n", "total in records (pg_waldump)", sum / reports, "", fpis / reports
    printf "%-64s\t%10.0f\n", "total by LSN (records + page headers)", total / reports
  }' "$names" "$dump" | tr '\t' ' '
[ "$keep" = 1 ] && echo "database kept: $db" || psql -h 127.0.0.1 -p "$port" -U breachdesk -d postgres -qc "DROP DATABASE $db WITH (FORCE)" 2>/dev/null || true
rm -f "$names" "$dump" "$log"
