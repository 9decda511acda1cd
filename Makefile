# parlab - the commands the README names. Each installs what it needs first
# (tools/install-deps.sh: apt as root, else it prints the exact command).
#
#   make run     build and run the tour: matmul ladder + rendered animation
#   make test    build and run every test (what CI runs)
#   make bench   benchmarks at larger sizes, JSON under results/bench/
#   make clean   remove build/ and results/
#   make student [MODULES=01,03]                      the student release (dist/), leak-checked
#   make grade ASSIGNMENT=01 SUBMISSION=path          grade one submission (files or a tree)
#   make grade ASSIGNMENT=01 BATCH=folder             grade a folder of submissions
#   make gradescope ASSIGNMENT=01                     the Gradescope autograder zip (dist/)

PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
OUT    ?= results

.PHONY: all deps configure build run tour test bench clean help

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

clean:
	rm -rf build $(OUT)

# ---- instructors: student release and autograder (README: Teaching with parlab) --
# BEGIN SOLUTION
.PHONY: student grade gradescope
MODULES    ?= all
RELEASE    ?= dist/parlab-student
ASSIGNMENT ?= 01-sequential

student:
	@python3 tools/make_release.py --out $(RELEASE) --modules $(MODULES)
	@python3 tools/check_release.py --release $(RELEASE)

grade: deps
	@if [ -n "$(BATCH)" ]; then \
	  python3 grading/grade.py --assignment $(ASSIGNMENT) --batch $(BATCH) --out $(or $(GRADED),$(BATCH)-graded) $(GRADE_ARGS); \
	elif [ -n "$(SUBMISSION)" ]; then \
	  python3 grading/grade.py --assignment $(ASSIGNMENT) --submission $(SUBMISSION) \
	    --results $(or $(GRADED),$(OUT)/grade)/results.json --junit $(or $(GRADED),$(OUT)/grade)/junit.xml $(GRADE_ARGS); \
	else echo "usage: make grade ASSIGNMENT=01-sequential SUBMISSION=path  (or BATCH=folder)"; exit 2; fi

gradescope:
	@python3 grading/grade.py --assignment $(ASSIGNMENT) --package dist/gradescope-$(ASSIGNMENT).zip $(GRADE_ARGS)
# END SOLUTION
# BEGIN STUDENT
# student grade gradescope:
# 	@echo "make $@: this is the student release - run your tests with: make test"
# END STUDENT
