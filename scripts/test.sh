#!/usr/bin/env bash
# Runs every test of ThreeSocial on this machine: the dashboard's ESLint and node tests, then restores, builds, runs the
# .NET tests, and ends with one line "N passed, N failed" counted from all their results (dotnet test prints no line CI
# can read).
# Exits non-zero when any test failed or the run broke.
set -uo pipefail
cd "$(dirname "$0")/.."

if ! command -v dotnet >/dev/null 2>&1; then
  echo "dotnet (the .NET 10 SDK) is required" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The dashboard tests drive Debian's Chromium (Playwright's own browser download is not reachable); CJK fonts make
# the screenshots legible. Installed when missing and running as root; otherwise those tests say what is missing.
if [ ! -x /usr/bin/chromium ] || [ ! -d /usr/share/fonts/opentype/noto ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing chromium and fonts-noto-cjk from Debian..."
    (apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null 2>&1 \
      || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null 2>&1; }) \
      || echo "could not install chromium: the dashboard tests will fail" >&2
  fi
fi

# The storage tests start their own real servers: Debian's PostgreSQL 15 (a private cluster per run) and Azurite
# (npm, installed in tests/servers).
if [ ! -x /usr/lib/postgresql/15/bin/postgres ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing postgresql-15 from Debian..."
  (apt-get install -y --no-install-recommends postgresql-15 >/dev/null 2>&1 \
    || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends postgresql-15 >/dev/null 2>&1; }) \
    || echo "could not install postgresql-15: the PostgreSQL tests will fail" >&2
fi
if [ ! -f tests/servers/node_modules/azurite/package.json ]; then
  echo "Installing Azurite (npm)..."
  (cd tests/servers && npm install --no-audit --no-fund --loglevel=error) || echo "could not install Azurite: the Blob storage tests will fail" >&2
fi

# The dashboard's own checks come first, as they take seconds: ESLint and tsc (the modules' JSDoc types) over its
# modules, one check passed or failed, and node's test runner over the modules that need no browser. They count in the last line like the .NET tests.
dashboard_passed=0
dashboard_failed=0
if command -v npm >/dev/null 2>&1; then
  if [ ! -x dashboard/node_modules/.bin/eslint ] || [ ! -x dashboard/node_modules/.bin/tsc ]; then
    echo "Installing the dashboard's npm packages..."
    (cd dashboard && npm install --no-audit --no-fund --loglevel=error) || echo "could not install the dashboard's npm packages: its lint will fail" >&2
  fi
  if (cd dashboard && npm run --silent lint); then
    dashboard_passed=$((dashboard_passed + 1))
  else
    echo "ESLint or tsc found problems in dashboard/ (above)" >&2
    dashboard_failed=$((dashboard_failed + 1))
  fi
  tap=$(cd dashboard && node --test --test-reporter=tap test/*.test.js 2>&1)
  node_status=$?
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' <<<"$tap" | tail -n 1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' <<<"$tap" | tail -n 1)
  dashboard_passed=$((dashboard_passed + ${p:-0}))
  dashboard_failed=$((dashboard_failed + ${f:-0}))
  if [ "$node_status" -ne 0 ]; then
    echo "$tap"
    [ "${f:-0}" -eq 0 ] && dashboard_failed=$((dashboard_failed + 1)) # broke before counting
  fi
  echo "Dashboard: $dashboard_passed passed, $dashboard_failed failed (ESLint and tsc, node --test)"
else
  echo "npm (Node.js) is required for the dashboard's checks" >&2
  dashboard_failed=1
fi

results="artifacts/test-results"
rm -rf "$results"
dotnet test ThreeSocial.sln --configuration Release --logger "trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
shopt -s nullglob
trx_files=("$results"/*.trx)
for trx in "${trx_files[@]}"; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "${#trx_files[@]}" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  # The run broke before or outside the tests (build error, crashed test host): count it as a failure.
  failed=$((failed + 1))
fi
passed=$((passed + dashboard_passed))
failed=$((failed + dashboard_failed))
[ "$dashboard_failed" -gt 0 ] && [ "$status" -eq 0 ] && status=1
echo "$passed passed, $failed failed"
exit "$status"
