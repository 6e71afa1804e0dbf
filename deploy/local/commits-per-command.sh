#!/usr/bin/env bash
# Commits per command, by kind and by statement, one command at a time (docs/performance.md; not a test).
#
#   BREACHDESK_BENCH_PG_PORT=55631 deploy/local/commits-per-command.sh [--build DIR] [--count 20] [--label after]
#
# Starts a private PostgreSQL 15 cluster 'probe' under .local/ on BREACHDESK_BENCH_PG_PORT with pg_stat_statements
# loaded, a fresh database, the Release build of DIR (default: this checkout) as the benchmark starts it (Production,
# development keys, the benchmark's one webhook target `dpo-deputy`, level 3 and up), a webhook receiver and an SMTP
# sink (Python, on loopback). It reports --count incidents, lets them settle, then runs each kind of command --count
# times, 0.5 s apart, each on a fresh incident where it needs one, waits for alerts to drain, and prints per kind:
# pg_stat_database.xact_commit per command with the idle rate (measured over the same span with nothing sent)
# subtracted, and the statements that ran per command, each less its own idle rate (a commit is a COMMIT or an
# autocommit statement; the idle polling is periodic, so what remains of it is noise of a few hundredths).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$repo"; count=20; label=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$(cd "$2" && pwd)"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --label) label="$2"; shift 2 ;;
    *) echo "commits-per-command.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
port="${BREACHDESK_BENCH_PG_PORT:-55448}"
http_port=$((port + 10)); hook_port=$((port + 11)); smtp_port=$((port + 12))
dir="$repo/.local/probe"; mkdir -p "$dir"

"$build/deploy/local/bridge-nuget.sh" >/dev/null
dotnet build "$build/src/BreachDesk.Api/BreachDesk.Api.csproj" -c Release -nologo -v quiet >/dev/null

server="$("$repo/deploy/local/postgres.sh" start probe "$port")"
psql_() { psql "postgresql://breachdesk@127.0.0.1:$port/$1" -v ON_ERROR_STOP=1 -qtAX -c "$2"; }
if [ "$(psql_ postgres "SHOW shared_preload_libraries")" != "pg_stat_statements" ]; then
  psql_ postgres "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
  "$repo/deploy/local/postgres.sh" stop probe
  server="$("$repo/deploy/local/postgres.sh" start probe "$port")"
fi
db="probe_$(date -u +%H%M%S)"
psql_ postgres "CREATE DATABASE $db" >/dev/null
psql_ "$db" "CREATE EXTENSION pg_stat_statements" >/dev/null

# The receivers: a webhook that answers 200, an SMTP server that takes every mail.
python3 - "$hook_port" "$smtp_port" >"$dir/receivers.log" 2>&1 <<'PY' &
import socketserver, sys, threading
from http.server import BaseHTTPRequestHandler, HTTPServer
class Hook(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0))); self.send_response(200); self.end_headers()
        print('webhook', flush=True)
    def log_message(self, *a): pass
class Smtp(socketserver.StreamRequestHandler):
    def handle(self):
        w = lambda s: self.wfile.write((s + '\r\n').encode())
        w('220 probe ESMTP')
        while line := self.rfile.readline():
            verb = line.decode(errors='replace').strip().upper()
            if verb.startswith('EHLO'): w('250 probe')
            elif verb.startswith('DATA'):
                w('354 go')
                while (l := self.rfile.readline()) and l not in (b'.\r\n', b'.\n'): pass
                w('250 taken'); print('mail', flush=True)
            elif verb.startswith('QUIT'): w('221 bye'); return
            else: w('250 ok')
threading.Thread(target=HTTPServer(('127.0.0.1', int(sys.argv[1])), Hook).serve_forever, daemon=True).start()
socketserver.ThreadingTCPServer.allow_reuse_address = True
socketserver.ThreadingTCPServer(('127.0.0.1', int(sys.argv[2])), Smtp).serve_forever()
PY
receivers=$!

ConnectionStrings__BreachDesk="$(sed "s/Database=breachdesk/Database=$db/" <<<"$server")" \
ASPNETCORE_ENVIRONMENT=Production BreachDesk__Auth__DevKeys=true BreachDesk__Database__ApplyChangesOnStart=true \
BreachDesk__RateLimits__WritesPerMinute=100000000 \
BreachDesk__Escalation__Targets__dpo_deputy__0__Channel=webhook \
BreachDesk__Escalation__Targets__dpo_deputy__0__Url="http://127.0.0.1:$hook_port/hook" \
BreachDesk__Escalation__Targets__dpo_deputy__0__Secret=probe \
BreachDesk__Escalation__Smtp__Host=127.0.0.1 BreachDesk__Escalation__Smtp__Port="$smtp_port" \
BreachDesk__Dpo__Email=dpo@example.org \
  dotnet "$build/src/BreachDesk.Api/bin/Release/net10.0/BreachDesk.Api.dll" --urls "http://127.0.0.1:$http_port" >"$dir/service.log" 2>&1 &
service=$!
trap 'kill $service $receivers 2>/dev/null || true; wait $service 2>/dev/null || true; "$repo/deploy/local/postgres.sh" stop probe' EXIT
for _ in $(seq 120); do curl -sf "http://127.0.0.1:$http_port/health/ready" >/dev/null && break; sleep 1; done
base="http://127.0.0.1:$http_port/api/incidents"
post() { curl -s -o /dev/null -w '%{http_code}' -X POST "$@" -H 'X-Api-Key: dev-dpo' -H 'Content-Type: application/json'; }

ids=()
for i in $(seq "$count"); do
  id=$(curl -s -X POST "$base" -H 'X-Api-Key: dev-reporter' -H 'Content-Type: application/json' \
    -d "{\"title\":\"Probe $i\",\"description\":\"Laptop lost\",\"discoveredAt\":\"$(date -u -d '-1 hour' +%FT%TZ)\"}" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
  ids+=("$id")
done
sleep 20

snapshot() { psql_ "$db" "SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database())" ; }
statements() { psql_ "$db" "SELECT queryid || E'\t' || calls || E'\t' || left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND toplevel"; }
# Calls per statement between two snapshots: queryid, calls, text.
delta() {
  LC_ALL=C join -t $'\t' -a 2 -e 0 -o '2.1,1.2,2.2,2.3' <(LC_ALL=C sort "$1") <(LC_ALL=C sort "$2") \
    | awk -F'\t' '$3-$2 > 0 && $4 !~ /pg_stat_(database|statements)/ { print $1 "\t" $3-$2 "\t" $4 }' | LC_ALL=C sort
}
# Per command, each statement's calls less its idle rate over the span (the idle service's polling); the probe's own reads left out.
per_command() { # s0, s1, commands, seconds
  delta "$1" "$2" >"$dir/d"
  LC_ALL=C join -t $'\t' -a 1 -e 0 -o '1.1,1.2,2.2,1.3' "$dir/d" "$dir/idle" \
    | awk -F'\t' -v n="$3" -v t="$4" '{ net = ($2 - $3 * t) / n; if (net >= 0.05) printf "  %6.2f  %s\n", net, $4 }' | sort -rn
}
span=$(awk -v n="$count" 'BEGIN { print n * 0.5 + 11 }')
measure() { # kind, then the command for command number $i
  local kind="$1"; shift
  # A backend flushes its counts at most once a second, else within 10 s of going idle: wait that out on both sides.
  sleep 11; local c0; c0=$(snapshot); statements >"$dir/s0"
  local start; start=$(date +%s.%N)
  for i in $(seq 0 $((count - 1))); do code=$("$@" "$i"); [ "${code:0:1}" = 2 ] || echo "  $kind $i: HTTP $code" >&2; sleep 0.5; done
  sleep 11 # alerts drained, counts flushed
  local c1; c1=$(snapshot); statements >"$dir/s1"
  local took; took=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
  awk -v k="$kind" -v c="$((c1 - c0))" -v n="$count" -v t="$took" -v idle="$idle_rate" \
    'BEGIN { printf "%-44s %6.2f commits per command (%d commits over %.1f s, idle %.2f/s subtracted)\n", k, (c - idle * t - 2) / n, c, t, idle }'
  per_command "$dir/s0" "$dir/s1" "$count" "$took"
}

# The idle rate: the same span with nothing sent.
sleep 11; c0=$(snapshot); statements >"$dir/s0"; t0=$(date +%s.%N); sleep "$span"; c1=$(snapshot); statements >"$dir/s1"
idle_seconds=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
idle_rate=$(awk -v c="$((c1 - c0 - 2))" -v t="$idle_seconds" 'BEGIN { printf "%.3f", c / t }')
delta "$dir/s0" "$dir/s1" | awk -F'\t' -v t="$idle_seconds" '{ print $1 "\t" $2 / t }' >"$dir/idle"
echo "== $label $(git -C "$build" rev-parse --short HEAD 2>/dev/null || echo "$build"), load $(cut -d' ' -f1-3 /proc/loadavg), idle $idle_rate commits/s"

impact() { post "$base/${ids[$1]}/impact" -d '{"breachTypes":["confidentiality"],"dataCategories":["contact"],"approxDataSubjects":40,"identifiability":"maximum"}'; }
notice() { post "$base/${ids[$1]}/dpo-notification" -d "{\"notifiedAt\":\"$(date -u +%FT%TZ)\",\"channel\":\"email\",\"howItOccurred\":\"Misaddressed e-mail.\",\"likelyImpact\":\"Low.\"}"; }
fresh() { # a new incident for each e-mailed notice, reported before the span
  curl -s -X POST "$base" -H 'X-Api-Key: dev-reporter' -H 'Content-Type: application/json' \
    -d "{\"title\":\"Probe\",\"description\":\"Laptop lost\",\"discoveredAt\":\"$(date -u -d '-1 hour' +%FT%TZ)\"}" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}
mailed=(); keyed=()
for i in $(seq "$count"); do mailed+=("$(fresh)"); keyed+=("$(fresh)"); done
sleep 10
send() { post "$base/${mailed[$1]}/dpo-notice/send"; }
send_keyed() { post "$base/${keyed[$1]}/dpo-notice/send" -H "Idempotency-Key: probe-$1"; }

measure "impact (POST …/impact)" impact
measure "DPO notice (POST …/dpo-notification)" notice
measure "e-mailed DPO notice (…/dpo-notice/send)" send
measure "e-mailed, Idempotency-Key (…/dpo-notice/send)" send_keyed
echo "  mails taken: $(grep -c mail "$dir/receivers.log" || true), webhook deliveries: $(grep -c webhook "$dir/receivers.log" || true)"
