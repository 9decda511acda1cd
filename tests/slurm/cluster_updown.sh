#!/usr/bin/env bash
# tests/slurm/cluster_updown.sh BUILD_DIR NODES - the local cluster comes up, is idempotent
# (up twice, down twice), answers, and leaves no daemon of ours behind. 77 = skip.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:?usage: cluster_updown.sh BUILD_DIR NODES}; nodes=${2:-1}
cluster=$ROOT/slurm/local/cluster.sh
out=$("$cluster" check "$nodes" 2>&1) || { echo "$out"; echo "SKIP: no local Slurm cluster here"; exit 77; }
PARLAB_SLURM_DIR=$(cd "$build" && pwd)/slurm-test/updown-$nodes/cluster
export PARLAB_SLURM_DIR
"$cluster" down >/dev/null 2>&1 || true   # leftovers of a run killed hard
rm -rf "$PARLAB_SLURM_DIR"
trap '"$cluster" down >/dev/null 2>&1' EXIT

fail() { echo "FAIL: $*"; "$cluster" status; exit 1; }
t0=$(date +%s.%N)
"$cluster" up --nodes "$nodes" || fail "up"
t1=$(date +%s.%N)
echo "up took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }') s"
"$cluster" up --nodes "$nodes" | grep -q "already up" || fail "a second up is not a no-op"
eval "$("$cluster" env)"
idle=$("$cluster" run sinfo -h -N -o '%N %T' | grep -c idle)
[ "$idle" -eq "$nodes" ] || fail "$idle of $nodes nodes idle"
# A trivial job runs on every node (srun across the hosts).
hosts=$("$cluster" run srun --nodes="$nodes" --ntasks-per-node=1 --time=1 hostname | sort -u | wc -l)
[ "$hosts" -eq "$nodes" ] || fail "srun ran on $hosts distinct hosts, expected $nodes"
pids=$(cat "$PARLAB_SLURM_DIR"/run/*.pid)
"$cluster" down || fail "down"
"$cluster" down >/dev/null || fail "a second down is not a no-op"
for p in $pids; do
  st=$(awk '/^State:/{print $2}' /proc/$p/status 2>/dev/null || echo gone)
  [ "$st" = gone ] || [ "$st" = Z ] || fail "daemon $p is still running after down (state $st)"
done
if [ "$nodes" -gt 1 ] && ip netns list | grep -q "^${PARLAB_NETNS_PREFIX:-parlabslurm}-"; then fail "namespaces left after down"; fi
echo "PASS: cluster of $nodes node(s): up, idempotent, srun on every node, down leaves nothing"
