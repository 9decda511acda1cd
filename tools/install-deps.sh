#!/usr/bin/env bash
# Installs what parlab needs to build, test and run the tour.
#   tools/install-deps.sh            # build + test + tour packages
#   tools/install-deps.sh --check    # only report what is missing
#   tools/install-deps.sh --list     # the Debian package names, one a line
#   tools/install-deps.sh --browser  # also chromium, for the tour page's test (tests/tour)
# As root on Debian/Ubuntu it runs apt-get; otherwise it prints the exact command
# for this system (apt, dnf, brew) and exits non-zero so the caller stops.
set -euo pipefail

# Debian 12 package names. Each group says why it is there.
APT_PKGS=(
  g++ cmake make pkg-config              # the build
  libopenmpi-dev openmpi-bin             # 05-mpi, 06-hybrid (mpirun; the default MPI)
  mpich libmpich-dev                     # the same tests against MPICH (make mpich, part of make test)
  libeigen3-dev                          # the oracle and reference rung
  catch2                                 # tests (Catch2 v2.13 here; v3 on Debian 13 / Ubuntu 24.04 works too)
  libopenblas-dev                        # optional BLAS reference rung
  libscalapack-openmpi-dev               # optional PDGEMM reference rung of 05-mpi
  libpng-dev zlib1g-dev                  # real PNG frames; their .a archives: the portable preset's static drivers
  clang-14 libomp-14-dev libclang-rt-14-dev  # race build: TSan + Archer
  slurm-wlm munge                        # local test cluster (slurm/)
  iproute2 util-linux                    # network-namespace hosts (ip, nsenter, unshare)
  python3 python3-matplotlib             # scaling plots
  ffmpeg                                 # frames -> animation
  valgrind                               # cachegrind: simulated cache misses (tools/cachegrind.py, make report)
)

# Optional: GCC's nvptx offload back end, for 04's `offload` rungs on an NVIDIA GPU (issue:
# OpenMP target). It must match the default g++ (Debian 12: gcc-12-offload-nvptx, Ubuntu
# 24.04: gcc-13-offload-nvptx). Without it those rungs build and run on the host.
offload_pkg() {
  local major=""
  if command -v g++ >/dev/null 2>&1; then major=$(g++ -dumpversion 2>/dev/null | cut -d. -f1)
  elif command -v apt-cache >/dev/null 2>&1; then  # g++ not installed yet: the version apt would install
    major=$(apt-cache depends g++ 2>/dev/null | sed -n 's/.*Depends: g++-\([0-9][0-9]*\)$/\1/p' | head -n1)
  fi
  [ -n "$major" ] || return 1
  command -v apt-cache >/dev/null 2>&1 && apt-cache show "gcc-$major-offload-nvptx" >/dev/null 2>&1 || return 1
  echo "gcc-$major-offload-nvptx"
}
if pkg=$(offload_pkg); then
  APT_PKGS+=("$pkg")
elif command -v apt-get >/dev/null 2>&1; then
  echo "deps: skipped (optional): no GCC nvptx offload package for this g++ here; 04's offload rungs will run on the host" >&2
fi

if [ "${1:-}" = "--list" ]; then printf '%s\n' "${APT_PKGS[@]}"; exit 0; fi
# Optional: a real browser to load the tour page in its test (skipped without it).
if [ "${1:-}" = "--browser" ]; then APT_PKGS+=(chromium); shift; fi

missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ "${1:-}" = "--check" ]; then
  [ ${#missing[@]} -eq 0 ] && { echo "deps: all installed"; exit 0; }
  echo "deps: missing: ${missing[*]}"; exit 1
fi

[ ${#missing[@]} -eq 0 ] && { echo "deps: all installed"; exit 0; }

if command -v apt-get >/dev/null 2>&1; then
  cmd="apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then
    echo "deps: installing: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    echo "deps: done"
    exit 0
  fi
  echo "deps: missing packages. Run as root:"
  echo "  sudo apt-get update && sudo $cmd"
elif command -v dnf >/dev/null 2>&1; then
  echo "deps: on Fedora/RHEL run:"
  echo "  sudo dnf install -y gcc-c++ cmake make openmpi-devel eigen3-devel catch2-devel openblas-devel scalapack-openmpi-devel libpng-devel clang libomp-devel compiler-rt python3-matplotlib valgrind"
  echo "  module load mpi/openmpi-x86_64   # puts mpicxx/mpirun on PATH"
  echo "  (optional: sudo dnf install -y gcc-offload-nvptx, for 04's offload rungs on an NVIDIA GPU; without it they run on the host)"
elif command -v brew >/dev/null 2>&1; then
  # Homebrew: Catch2 v3 and Eigen 5 (both accepted), libomp is keg-only (OpenMP_ROOT finds
  # it), openblas too (CMAKE_PREFIX_PATH). Not verified on a Mac (README: platforms).
  echo "deps: on macOS run:"
  echo "  brew install cmake libomp open-mpi eigen catch2 libpng openblas scalapack"
  echo "  export OpenMP_ROOT=\$(brew --prefix libomp)   # Apple clang has no OpenMP of its own"
  echo "  export CMAKE_PREFIX_PATH=\$(brew --prefix openblas)   # keg-only: the BLAS reference rung"
  echo "  (the race check needs Linux: clang's TSan + Archer; make race skips it with a message)"
  echo "  (skipped: no GPU offload compiler on macOS; 04's offload rungs run on the host)"
else
  echo "deps: unknown system; install a C++20 compiler, CMake >= 3.20, OpenMP, Open MPI or MPICH, Eigen 3.4+, Catch2 2.13 or 3.x, libpng."
fi
exit 1
