#!/usr/bin/env bash
# Runs every test. Integration tests use BREACHDESK_TEST_CONNECTION when it is set; otherwise, where no Docker
# engine answers (so Testcontainers cannot start PostgreSQL), this starts a private PostgreSQL 15 under .local/
# and sets it. Ends with one line 'tests: N passed, N failed'.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

"$repo/deploy/local/bridge-nuget.sh"
"$repo/deploy/local/ensure-npm.sh"

# The dashboard's browser tests drive Debian's Chromium (never Playwright's own download). Installed only when missing.
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Debian's chromium for the dashboard tests..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
# The printed-PDF tests read what Chromium printed with poppler-utils (pdftotext, pdftoppm). Installed only when missing.
if [ ! -x /usr/bin/pdftotext ] || [ ! -x /usr/bin/pdftoppm ]; then
  echo "Installing Debian's poppler-utils for the printed-PDF tests..."
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq poppler-utils >/dev/null
fi

# The OpenAPI linter the tests run (OpenApiLintTests), pinned by its package-lock.json.
npm ci --prefix "$repo/tests/openapi-lint" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null

if [ -z "${BREACHDESK_TEST_CONNECTION:-}" ] && ! docker info >/dev/null 2>&1; then
  port="${BREACHDESK_TEST_PG_PORT:-55439}"
  # Durability of test data does not matter; speed does.
  BREACHDESK_TEST_CONNECTION="$(PG_FSYNC=off PG_MAX_CONNECTIONS=1000 "$repo/deploy/local/postgres.sh" start test "$port")"
  export BREACHDESK_TEST_CONNECTION
  trap '"$repo/deploy/local/postgres.sh" stop test' EXIT
  echo "No Docker engine: testing against a private PostgreSQL on 127.0.0.1:$port."
fi

results="$repo/.local/test-results"
rm -rf "$results"
status=0
dotnet test "$repo/BreachDesk.sln" -c Release --logger "trx" --logger "console;verbosity=normal" \
  --results-directory "$results" "$@" || status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
echo "tests: $passed passed, $failed failed"
[ "$passed" -gt 0 ] || status=1
exit $status
