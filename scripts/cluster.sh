#!/usr/bin/env bash
# A ThreeSocial cluster on this machine, for anyone to try: a private PostgreSQL (state, reminders, journals and Orleans
# membership), N silo processes on loopback with their own ports, and a front door (YARP) at one URL that balances
# HTTP and carries the live map's WebSockets.
#
#   bash scripts/cluster.sh start [N] [--Setting value …]   N silos (default 3), each given the settings after N;
#                                                          the front door is http://127.0.0.1:5080
#   bash scripts/cluster.sh stop        stops what start started, by process id
#
# Silo i listens on http://127.0.0.1:$((5080+i)) and Orleans port $((11110+i)); PostgreSQL on 127.0.0.1:5433 (CLUSTER_PG_PORT).
# Everything lives in data/cluster/ (logs: data/cluster/*.log). Demo users as for one silo (password threesocial-demo).
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$PWD/data/cluster"
pids="$dir/pids"
pg_port="${CLUSTER_PG_PORT:-5433}"
pg_bin=/usr/lib/postgresql/15/bin
as_pg=()
[ "$(id -u)" -eq 0 ] && as_pg=(/usr/sbin/runuser -u postgres --)

stop() {
  [ -f "$pids" ] || { echo "No cluster is running (no $pids)."; return 0; }
  # Silos and the front door first (SIGTERM: a graceful shutdown), PostgreSQL last.
  tac "$pids" | while read -r name pid; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "Stopping $name (pid $pid)..."
      if [ "$name" = postgres ]; then kill -INT "$pid"; else kill -TERM "$pid"; fi
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
  done
  rm -f "$pids"
  echo "Stopped."
}

wait_for() { # url, what
  for _ in $(seq 1 240); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.5
  done
  echo "$2 did not answer at $1; see $dir/*.log" >&2
  return 1
}

start() {
  local n="${1:-3}"
  shift || true
  local settings=("$@")
  [ -f "$pids" ] && { echo "A cluster is already running ($pids); run: bash scripts/cluster.sh stop" >&2; exit 1; }
  if [ ! -x "$pg_bin/postgres" ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing postgresql-15 from Debian..."
      apt-get install -y --no-install-recommends postgresql-15 >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends postgresql-15 >/dev/null 2>&1; }
    else
      echo "PostgreSQL 15 is needed ($pg_bin/postgres): apt-get install postgresql-15" >&2; exit 1
    fi
  fi
  mkdir -p "$dir"
  echo "Building the silo..."
  dotnet build silo -c Release -v quiet -nologo >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }
  local exe="$PWD/silo/bin/Release/net10.0/ThreeSocial.Silo.dll"

  if [ ! -f "$dir/pgdata/PG_VERSION" ]; then
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
    "${as_pg[@]}" "$pg_bin/initdb" -D "$dir/pgdata" -U threesocial --auth=trust -E UTF8 --no-locale >"$dir/initdb.log"
  fi
  if "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q; then
    echo "Something already answers on port $pg_port (CLUSTER_PG_PORT): stop it or choose another port." >&2; exit 1
  fi
  "${as_pg[@]}" "$pg_bin/postgres" -D "$dir/pgdata" -p "$pg_port" -c listen_addresses=127.0.0.1 -c unix_socket_directories="$dir" \
    -c max_connections=300 >"$dir/postgres.log" 2>&1 &
  for _ in $(seq 1 60); do "$pg_bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q && break; sleep 0.5; done
  # The server's own process id (runuser, which started it as the postgres user, does not pass signals on).
  echo "postgres $(head -n 1 "$dir/pgdata/postmaster.pid")" >>"$pids"
  "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U threesocial -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'threesocial'" | grep -q 1 \
    || "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U threesocial -d postgres -qc "CREATE DATABASE threesocial"
  local connection="Host=127.0.0.1;Port=$pg_port;Username=threesocial;Database=threesocial"

  local silos=()
  for i in $(seq 1 "$n"); do
    local url="http://127.0.0.1:$((5080 + i))"
    silos+=("$url")
    dotnet "$exe" --urls "$url" --Storage:Provider Postgres --Storage:Postgres:ConnectionString "$connection" \
      --Cluster:Provider Postgres --Cluster:SiloPort "$((11110 + i))" "${settings[@]}" >"$dir/silo$i.log" 2>&1 &
    echo "silo$i $!" >>"$pids"
  done
  local door_urls; door_urls=$(IFS=,; echo "${silos[*]}")
  dotnet "$exe" front-door --urls http://127.0.0.1:5080 --silos "$door_urls" >"$dir/front-door.log" 2>&1 &
  echo "front-door $!" >>"$pids"
  for i in $(seq 1 "$n"); do wait_for "${silos[$((i - 1))]}/healthz" "silo$i"; done
  wait_for http://127.0.0.1:5080/healthz "the front door"
  echo "Cluster of $n silos up: http://127.0.0.1:5080 (silos ${silos[*]}); stop it with: bash scripts/cluster.sh stop"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  *) echo "usage: bash scripts/cluster.sh start [N] [--Setting value …] | stop" >&2; exit 2 ;;
esac
