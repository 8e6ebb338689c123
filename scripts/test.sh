#!/usr/bin/env bash
# Runs every test of ThreeSocial on this machine: restores, builds, runs, and ends with one line
# "N passed, N failed" counted from the test results (dotnet test prints no line CI can read).
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
echo "$passed passed, $failed failed"
exit "$status"
