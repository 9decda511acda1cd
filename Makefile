# parlab - the commands the README names. Each installs what it needs first
# (tools/install-deps.sh: apt as root, else it prints the exact command).
#
#   make run     build and run the tour: matmul ladder + rendered animation
#   make test    build and run every test (what CI runs)
#   make bench   benchmarks at larger sizes, JSON under results/bench/
#   make slurm-test  submit every job script to a private local Slurm (ctest -L slurm)
#   make scaling     local scaling study: tables + plots under results/scaling/
#   make clean   remove build/ and results/

PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
OUT    ?= results

.PHONY: all deps configure build run tour test bench clean help slurm-test scaling

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
	@tools/tour.sh $(BUILD) $(OUT)/tour

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS) $(CTEST_ARGS)

bench: build
	@tools/bench.sh $(BUILD) $(OUT)/bench

slurm-test: build
	ctest --test-dir $(BUILD) -L slurm --output-on-failure -j $(JOBS) $(CTEST_ARGS)

scaling: build
	@slurm/local/study.sh $(BUILD) $(OUT)/scaling

clean:
	rm -rf build $(OUT)
