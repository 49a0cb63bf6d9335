#!/usr/bin/env bash
# Reproduces the table in docs/benchmarks.md: a Release build, then the sweep of ours, the baseline and the Streamiz
# peer on SQLite and PostgreSQL, in one run. PostgreSQL: PAYMENTS_BENCH_POSTGRES if set, else a throwaway server from the local
# initdb/pg_ctl on a free loopback port (as the postgres user when run as root), removed at the end.
# Extra arguments go to the sweep, e.g. bench/run.sh --duration 20 (a later --target overrides, e.g. --target both)
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet build -c Release bench/Payments.Bench >/dev/null

if [ -z "${PAYMENTS_BENCH_POSTGRES:-}" ]; then
  initdb=$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -n 1 || true)
  [ -n "$initdb" ] || { echo "PostgreSQL not found: apt-get install postgresql, or set PAYMENTS_BENCH_POSTGRES" >&2; exit 2; }
  bin=$(dirname "$initdb")
  dir=$(mktemp -d /tmp/bench-pg-XXXXXX)
  as_pg=()
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; as_pg=(runuser -u postgres --); fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
  trap '"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null; rm -rf "$dir"' EXIT INT TERM
  export PAYMENTS_BENCH_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
fi

dotnet bench/Payments.Bench/bin/Release/net10.0/Payments.Bench.dll sweep --target all --journal both \
  --out docs/bench-results.md "$@"
