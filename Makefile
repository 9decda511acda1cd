# parlab - the commands the README names. Each installs what it needs first
# (tools/install-deps.sh: apt as root, else it prints the exact command).
#
#   make run     build and run the tour: matmul ladder + rendered animation
#   make test    build and run every test, then the race check (what CI runs)
#   make race    race check: clang-14 + ThreadSanitizer + Archer build (build/tsan),
#                runs the tests labelled `race` (skipped with a message without clang)
#   make bench   benchmarks at larger sizes, JSON under results/bench/
#   make slurm-test  submit every job script to a private local Slurm (ctest -L slurm)
#   make scaling     local scaling study: tables + plots under results/scaling/
#   make clean   remove build/ and results/

PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
OUT    ?= results

.PHONY: all deps configure build run tour test race bench clean help
.PHONY: slurm-test scaling

all: build

help:
	@sed -n '1,/^$$/p' Makefile

deps:
	@tools/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build tour

tour:
	@tools/modules.sh tour $(BUILD) $(OUT)/tour

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) $(CTEST_ARGS)
	@$(MAKE) --no-print-directory race

# The race check builds only the modules that have race tests (cmake/ParlabRacecheck.cmake).
RACE_CXX ?= clang++-14
race: deps
	@if ! command -v $(RACE_CXX) >/dev/null 2>&1; then \
	  echo "race: $(RACE_CXX) not found - race check SKIPPED (Debian: apt install clang-14 libomp-14-dev libclang-rt-14-dev)"; \
	else \
	  cmake --preset tsan -DCMAKE_CXX_COMPILER=$(RACE_CXX) >/dev/null && \
	  cmake --build --preset tsan -j $(JOBS) && \
	  ctest --test-dir build/tsan -L race --output-on-failure -j $(JOBS); \
	fi

bench: build
	@tools/modules.sh bench $(BUILD) $(OUT)/bench

slurm-test: build
	ctest --test-dir $(BUILD) -L slurm --output-on-failure -j $(JOBS) $(CTEST_ARGS)

scaling: build
	@slurm/local/study.sh $(BUILD) $(OUT)/scaling

clean:
	rm -rf build $(OUT)
