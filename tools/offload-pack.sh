#!/usr/bin/env bash
# Packs a build's offload drivers to run on another Linux machine with an NVIDIA GPU
# (docs/offload.md), and the script that runs them there.
#   tools/offload-pack.sh [--build DIR] [--out DIR]
#     --build  a configured and built parlab build (default build/release); for another
#              machine's CPU, configure it with -DPARLAB_NATIVE=OFF (no -march=native)
#     --out    the folder to create (default dist/offload; it must not exist)
# The folder holds bin/ (omp_matmul, heat_stencil), lib/ (every shared library `ldd` lists but the C
# library's own, plus libgomp's nvptx plugin, which libgomp opens at run time and ldd
# cannot see), ./run.sh and BUILD.txt. Copy it over (scp -r, rsync) and run
#   ./run.sh            # OMP_TARGET_OFFLOAD=MANDATORY: a device run, or exit 1 saying why
# there: JSON records under results/. The other machine needs a glibc at least as new as
# this one's and the NVIDIA driver (libcuda.so.1); no CUDA toolkit, no compiler.
set -euo pipefail

build=build/release
out=dist/offload
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=${2:?--build needs a folder}; shift 2 ;;
    --out) out=${2:?--out needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "offload-pack: unknown argument '$1' (--help)" >&2; exit 2 ;;
  esac
done

drivers=(omp_matmul heat_stencil)  # the drivers with offload rungs
for d in "${drivers[@]}"; do
  [ -x "$build/bin/$d" ] || { echo "offload-pack: $build/bin/$d is not built (cmake --build $build --target $d)" >&2; exit 1; }
done
[ -e "$out" ] && { echo "offload-pack: $out exists; choose another --out or remove it" >&2; exit 1; }
command -v ldd >/dev/null || { echo "offload-pack: needs ldd (Linux)" >&2; exit 1; }

mkdir -p "$out/bin" "$out/lib"
# The C library's own stay: they must match the other machine's kernel and loader.
system='^(linux-vdso|linux-gate|ld-linux|libc|libm|libdl|libpthread|librt|libresolv|libutil)\.so'
for d in "${drivers[@]}"; do
  cp "$build/bin/$d" "$out/bin/"
  ldd "$build/bin/$d" | awk '/=> \// { print $1, $3 }' | while read -r name path; do
    [[ "$name" =~ $system ]] || cp -L "$path" "$out/lib/$name"
  done
done
# libgomp opens its device plugin by name at run time: next to the libgomp that was packed.
plugin=""
gomp=$(ldd "$build/bin/omp_matmul" | awk '$1 == "libgomp.so.1" { print $3 }')
if [ -n "$gomp" ] && [ -e "$(dirname "$gomp")/libgomp-plugin-nvptx.so.1" ]; then
  plugin="$(dirname "$gomp")/libgomp-plugin-nvptx.so.1"
  cp -L "$plugin" "$out/lib/"
fi

device_code=no
# (grep reads all of nm's output: with -q, nm's SIGPIPE would fail the pipeline)
nm "$build/bin/omp_matmul" 2>/dev/null | grep 'GOMP_offload_register' >/dev/null && device_code=yes
native=$(sed -n 's/^PARLAB_NATIVE:BOOL=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
{
  echo "packed: $(date -u +%Y-%m-%dT%H:%M:%SZ) from $build on $(uname -n)"
  echo "commit: $(git -C "$(dirname "$0")/.." rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "compiler: $(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null)"
  echo "device code (nvptx) linked in: $device_code"
  echo "PARLAB_NATIVE: ${native:-unknown}"
  echo "glibc here: $(ldd --version 2>&1 | head -n1)"
  echo "libraries: $(cd "$out/lib" && ls | tr '\n' ' ')"
} > "$out/BUILD.txt"

cat > "$out/run.sh" <<'RUN'
#!/usr/bin/env bash
# Runs the packed offload rungs on this machine (see BUILD.txt for what was packed).
#   ./run.sh [N ...]        matrix orders (default 1024 4096); results/ gets the JSON records
# Then the heat stencil (module 07) on an HEAT_N x HEAT_N grid (default 4096), HEAT_STEPS steps
# (default 50): the grids mapped every step, resident, and the device's triad in the same run.
# Environment: OMP_TARGET_OFFLOAD (default MANDATORY: a run without a device stops with
# exit 1 and a message), REPS (default 5), OUT (default results beside this script).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export OMP_TARGET_OFFLOAD=${OMP_TARGET_OFFLOAD:-MANDATORY}
out=${OUT:-$here/results}
reps=${REPS:-5}
mkdir -p "$out"
[ $# -gt 0 ] || set -- 1024 4096
cores=$(nproc)
echo "run.sh: OMP_TARGET_OFFLOAD=$OMP_TARGET_OFFLOAD, $cores cores, records in $out"
status=0
for n in "$@"; do
  # The four offload rungs (kernel alone and with its copies), then the CPU's best on every core.
  "$here/bin/omp_matmul" --n "$n" --variants offload,offload_copies,offload_tuned,offload_tuned_copies \
    --reps "$reps" --json "$out/omp_matmul-offload-n$n.json" || { status=$?; break; }
  "$here/bin/omp_matmul" --n "$n" --variants tiled --threads "$cores" --reps "$reps" \
    --json "$out/omp_matmul-cpu-n$n.json" || status=$?
done
if [ "$status" = 0 ]; then
  hn=${HEAT_N:-4096}
  hs=${HEAT_STEPS:-50}
  # The offload rungs and the device's copy bandwidth (device_triad) in one run, so the resident
  # rung's GB/s reads against it; then the CPU's OpenMP sweep on every core.
  "$here/bin/heat_stencil" --nx "$hn" --ny "$hn" --steps "$hs" --variants offload_naive,offload,offload_copies,device_triad \
    --reps "$reps" --min-time 0 --json "$out/heat_stencil-offload-n$hn.json" || status=$?
  [ "$status" = 0 ] && { "$here/bin/heat_stencil" --nx "$hn" --ny "$hn" --steps "$hs" --variants omp --threads "$cores" \
    --reps "$reps" --min-time 0 --json "$out/heat_stencil-cpu-n$hn.json" || status=$?; }
fi
[ "$status" = 0 ] && echo "run.sh: done; records in $out" || echo "run.sh: stopped (exit $status)" >&2
exit "$status"
RUN
chmod +x "$out/run.sh"

echo "offload-pack: $out ($(du -sh "$out" | cut -f1)): bin/ ${drivers[*]}, lib/ $(ls "$out/lib" | wc -l) libraries"
[ -n "$plugin" ] || echo "offload-pack: warning: no libgomp-plugin-nvptx.so.1 beside $gomp: the packed run cannot reach a GPU (Debian: the offload compiler's package brings it)" >&2
[ "$device_code" = yes ] || echo "offload-pack: warning: $build has no nvptx device code (configured without an offload compiler): the packed rungs run on host-fallback and MANDATORY refuses" >&2
[ "$native" = ON ] && echo "offload-pack: note: $build uses -march=native: the other machine's CPU needs this one's instruction sets (configure with -DPARLAB_NATIVE=OFF to be safe)" >&2
exit 0
