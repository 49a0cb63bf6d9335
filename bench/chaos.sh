#!/usr/bin/env bash
# The chaos run, for people: a Lighthouse, two payment nodes, the embedded Kafka and a private PostgreSQL (all real
# processes), a steady load, and a random but reproducible schedule of faults, one at a time, for MINUTES; then the
# invariant checker's verdict (lost, applied twice, wrong, out of order, balances, lag) and each fault's recovery.
# It is the CI's ChaosSpec, run longer: usage: bench/chaos.sh [MINUTES (10)] [SEED (random)] [RATE per second (200)]
# The embedded Kafka keeps ~5 MiB per partition, so keep MINUTES x RATE within what the run can read as it goes
# (an hour at 200/s is fine on 24 GiB; the checker keeps every outcome in memory).
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-10}
seed=${2:-$((RANDOM % 10000 + 1))}
rate=${3:-200}
case "$minutes$seed$rate" in *[!0-9.]*) echo "usage: bench/chaos.sh [MINUTES] [SEED] [RATE]" >&2; exit 2 ;; esac

echo "chaos: $minutes min at $rate/s, seed $seed (rerun the same schedule with: bench/chaos.sh $minutes $seed $rate)"
dotnet build tests/Cluster.IntegrationTests -v q --nologo > /dev/null
log=$(mktemp /tmp/chaos-XXXXXX.log)
set +e
PAYMENTS_CHAOS_MINUTES=$minutes PAYMENTS_CHAOS_SEED=$seed PAYMENTS_CHAOS_RATE=$rate \
  dotnet test tests/Cluster.IntegrationTests --no-build --filter "FullyQualifiedName~Faults.Chaos.ChaosSpec" \
  --logger "console;verbosity=detailed" > "$log" 2>&1
status=$?
set -e
# The schedule, the run's timeline (faults, heals, catch-ups) and the verdict; the processes' own lines stay in the log.
grep -E '\[chaos\]|\[chaos-[0-9]+\]|VERDICT|Passed!|Failed!|Assert' "$log" | sed -E 's/^ +//'
echo "full log: $log"
exit $status
