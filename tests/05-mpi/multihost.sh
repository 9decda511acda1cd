#!/usr/bin/env bash
# multihost.sh BIN_DIR - MPI across "hosts" over real TCP: three network namespaces made by
# tests/support/netns-hosts.sh (n1, n2, n3 on a private bridge), mpirun started inside n1, the
# other ranks launched through the netns rsh agent, Open MPI restricted to btl tcp,self
# on 10.77.0.0/24 (no shared memory). Checks that the ranks sit on three different hosts
# and that the matmul rungs and the frame farm validate. Exit 77 (skip) where namespaces
# cannot be made (not root, no CAP_NET_ADMIN, a container without them).
set -uo pipefail
bin=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
hosts=$root/tests/support/netns-hosts.sh
export PARLAB_NETNS_PREFIX=plmh$$   # our own set: a Slurm test cluster may be up beside us

if ! "$hosts" check; then
  echo "multihost: SKIP - network namespaces cannot be created here (see the reason above)"
  exit 77
fi
trap '"$hosts" down >/dev/null 2>&1' EXIT INT TERM
"$hosts" up 3 || { echo "multihost: FAIL - could not bring up 3 hosts"; exit 1; }
eval "$("$hosts" mpi-env)"
export OMPI_MCA_mpi_yield_when_idle=1 OMP_NUM_THREADS=1

fail=0
run() {  # run on n1: mpirun across n1, n2, n3 (one rank each)
  timeout 120 "$hosts" exec n1 mpirun -np 3 --host n1:1,n2:1,n3:1 "$@" 2>&1 | grep -v 'setpgid'
  return "${PIPESTATUS[0]}"
}
expect() {  # expect TEXT OUTPUT
  if grep -qF -- "$1" <<<"$2"; then echo "multihost: ok - $1"; else echo "multihost: FAIL - missing '$1'"; fail=1; fi
}

echo "== mpi_matmul across n1, n2, n3 over TCP =="
out=$(run "$bin/mpi_matmul" --n 61 --nb 8 --variants rowblock,summa,overlap --reps 1 --min-time 0); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "multihost: FAIL - mpi_matmul exit $rc"; fail=1; }
expect "Placement: rank 0 on n1, rank 1 on n2, rank 2 on n3" "$out"
for v in rowblock summa overlap; do expect "Solution validates [$v]" "$out"; done

echo "== mpi_render (frame farm) across n1, n2, n3 over TCP =="
out=$(run "$bin/mpi_render" --width 48 --height 27 --frames 2 --samples 1 --band 3 --variants static,dynamic \
      --reps 1 --min-time 0); rc=$?
echo "$out"
[ $rc -eq 0 ] || { echo "multihost: FAIL - mpi_render exit $rc"; fail=1; }
expect "Placement: rank 0 on n1, rank 1 on n2, rank 2 on n3" "$out"
for v in static dynamic; do expect "Solution validates [$v]" "$out"; done

echo "== mpi_pingpong n1 <-> n2 over TCP (for the record: compare with shared memory) =="
out=$(timeout 60 "$hosts" exec n1 mpirun -np 2 --host n1:1,n2:1 "$bin/mpi_pingpong" --max-bytes 1048576 \
      --reps 1 --min-time 0.01 2>&1 | grep -v setpgid); rc=$?
echo "$out"
expect "Placement: rank 0 on n1, rank 1 on n2" "$out"
expect "Solution validates [pingpong]" "$out"

[ $fail -eq 0 ] && echo "multihost: PASS" || echo "multihost: FAILED"
exit $fail
