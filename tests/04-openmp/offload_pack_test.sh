#!/usr/bin/env bash
# tools/offload-pack.sh as far as a machine without a GPU can test it: it packs a build,
# the packed driver finds its libraries in the pack, the packed run works on the host
# (OMP_TARGET_OFFLOAD=DISABLED) writing JSON records, and its default (MANDATORY) either
# stops clearly (no device: exit 1 and the reason, no hang) or runs on a device.
#   offload_pack_test.sh BUILD_DIR
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:?usage: offload_pack_test.sh BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }

pk=$tmp/pack
"$root/tools/offload-pack.sh" --build "$build" --out "$pk" > "$tmp/pack.log" 2>&1 || { cat "$tmp/pack.log"; fail "packing"; }
for f in bin/omp_matmul bin/heat_stencil lib/libgomp.so.1 lib/libstdc++.so.6 run.sh BUILD.txt; do
  [ -e "$pk/$f" ] || fail "the pack has no $f"
done
gomp=$(ldd "$build/bin/omp_matmul" | awk '$1 == "libgomp.so.1" { print $3 }')
if [ -e "$(dirname "$gomp")/libgomp-plugin-nvptx.so.1" ]; then
  [ -e "$pk/lib/libgomp-plugin-nvptx.so.1" ] || fail "libgomp's nvptx plugin is installed here but not packed"
  ok "libgomp's nvptx plugin packed"
fi
[ -e "$pk/lib/libc.so.6" ] && fail "the C library was packed (it must be the other machine's)"
# (ldd's output whole first: with pipefail, grep -q closing the pipe early fails the pipeline)
deps=$(LD_LIBRARY_PATH=$pk/lib ldd "$pk/bin/omp_matmul")
grep -q "libgomp.so.1 => $pk/lib/libgomp.so.1" <<<"$deps" || fail "the packed driver does not load the packed libgomp"
ok "packed: $(ls "$pk/lib" | wc -l) libraries; the driver loads them from the pack"

"$root/tools/offload-pack.sh" --build "$build" --out "$pk" > "$tmp/again.log" 2>&1 && fail "packing over an existing folder"
grep -q "exists" "$tmp/again.log" || fail "no reason given for refusing an existing folder"
"$root/tools/offload-pack.sh" --bogus > /dev/null 2>&1; [ $? = 2 ] || fail "an unknown argument is not exit 2"
ok "refuses an existing folder and an unknown argument"

# On the host: every offload rung validated, the records say host-fallback.
OMP_TARGET_OFFLOAD=DISABLED REPS=1 HEAT_N=19 HEAT_STEPS=3 OUT=$tmp/host timeout 300 "$pk/run.sh" 24 > "$tmp/host.log" 2>&1 ||
  { cat "$tmp/host.log"; fail "the packed run with OMP_TARGET_OFFLOAD=DISABLED"; }
rec=$tmp/host/omp_matmul-offload-n24.json
[ -s "$rec" ] && [ -s "$tmp/host/omp_matmul-cpu-n24.json" ] || fail "no JSON records from the packed run"
[ "$(grep -o '"device": "host-fallback"' "$rec" | wc -l)" = 4 ] || fail "the records do not say device host-fallback 4 times: $rec"
heat=$tmp/host/heat_stencil-offload-n19.json
[ -s "$heat" ] && [ -s "$tmp/host/heat_stencil-cpu-n19.json" ] || fail "no JSON records from the packed heat_stencil run"
[ "$(grep -o '"device": "host-fallback"' "$heat" | wc -l)" = 4 ] || fail "the heat records do not say device host-fallback 4 times: $heat"
[ "$(grep -c 'Solution validates' "$tmp/host.log")" = 10 ] || { cat "$tmp/host.log"; fail "not every packed rung validated"; }
ok "the packed run on the host: 4 offload rungs and tiled, 4 stencil offload rungs and omp validated, records say host-fallback"

# The default: MANDATORY.
REPS=1 HEAT_N=19 HEAT_STEPS=3 OUT=$tmp/dev timeout 300 "$pk/run.sh" 24 > "$tmp/dev.log" 2>&1
rc=$?
if [ $rc = 0 ]; then
  grep -q '"device": "nvptx:' "$tmp/dev/omp_matmul-offload-n24.json" || fail "MANDATORY passed but the records name no device"
  ok "a device is here: the packed MANDATORY run ran on it"
else
  [ $rc = 1 ] || { cat "$tmp/dev.log"; fail "MANDATORY without a device: exit $rc, wanted 1 (124: it hung)"; }
  grep -q "OMP_TARGET_OFFLOAD=MANDATORY, but" "$tmp/dev.log" || { cat "$tmp/dev.log"; fail "MANDATORY without a device gave no reason"; }
  ok "no device here: the packed MANDATORY run stops with exit 1 and says why"
fi
