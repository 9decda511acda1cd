# parlab - the commands the README names. Each installs what it needs first
# (tools/install-deps.sh: apt as root, else it prints the exact command).
#
#   make run     build and run the tour: matmul ladder + rendered animation, then
#                the page results/tour/index.html (skipped rungs are listed)
#   make test    build and run every test, the race check and MPICH's among them (what CI runs)
#   make test MODULE=03   one module's tests and its race check, with a verdict
#                (done / not yet / failing); MODULE=01,02 for several
#   make mpich   the MPI tests against MPICH (build/mpich), part of make test
#   make race    race check: clang-14 + ThreadSanitizer + Archer build (build/tsan),
#                runs the tests labelled `race` (skipped with a message without clang)
#   make bench   benchmarks at larger sizes, JSON under results/bench/
#   make tune    measure the 04 tiled rung's tile and blocks here (a minute at most):
#                $(BUILD)/tune.json, read by omp_matmul at start (modules/04-openmp/README.md)
#   make slurm-test  submit every job script to a private local Slurm (ctest -L slurm)
#   make scaling     local scaling study: tables + plots under results/scaling/ (STUDY_N, STUDY_FRAMES;
#                    exit 1 when a measurement failed)
#   make predict MODULE=01 the predictions REPORT.md asks for: writes predictions/01-*.md to fill in;
#                run again to seal it (hash + time); make report measures only after that
#   make report MODULE=01  the measurements of modules/01-*/REPORT.md: tables + plots in report/01-*/,
#                with the sealed predictions and cachegrind's cache misses (valgrind) where asked;
#                MODULE=04,05: each module in turn
#   make clean   remove build/ and results/
#   make student [MODULES=01,03] [ASSIGNED=01]         the student release (dist/), leak-checked;
#                ASSIGNED: the modules its `make test` requires (default: those MODULES names);
#                a module the chosen ones build on comes along, unassigned (06 needs 05)
#   make grade ASSIGNMENT=01 SUBMISSION=path          grade one submission (files or a tree)
#   make grade ASSIGNMENT=01 BATCH=folder [PARALLEL=2] grade a folder of submissions (PARALLEL at once)
#   make gradescope ASSIGNMENT=01                     the Gradescope autograder zip (dist/)

PRESET ?= release
BUILD  := build/$(PRESET)
JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
# make test runs two tests more than there are cores: many tests mostly wait (mpirun and
# Slurm's daemons starting, a deadlock's time limit, a grader waiting for free cores), and the
# timed ones run alone (RUN_SERIAL). On 2 cores, 4 at a time kept the CPU 99-100% busy until
# the timed tests (2026-12-05, /proc/stat every 5 s): 8 min 8 s against 8 min 19 s with 3.
TEST_JOBS ?= $(shell echo $$(( $(JOBS) + 2 )))
OUT    ?= results

.PHONY: all deps configure build run tour test race mpich bench tune clean help
.PHONY: slurm-test scaling report predict

all: build

help:
	@sed -n '1,/^$$/p' Makefile

deps:
	@tools/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) $$(tools/ccache-args.sh $(BUILD)) >/dev/null

build: configure
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build tour

tour:
	@tools/modules.sh tour $(BUILD) $(OUT)/tour

# BEGIN SOLUTION
ifeq ($(MODULE),)
# Every test's result and output (ctest keeps a failed test's up to 300 KB, a passed one's
# first KB): $(BUILD)/Testing/make-test.xml (JUnit). Not LastTest.log, which the tests that
# run ctest themselves (the student's loop, the discovery check) overwrite.
test: build
	ctest --test-dir $(BUILD) --output-on-failure --no-tests=error -j $(TEST_JOBS) \
	  --output-junit $(CURDIR)/$(BUILD)/Testing/make-test.xml $(CTEST_ARGS)
else
test: build
	@python3 tools/module_tests.py --build $(BUILD) --modules $(MODULE)
endif
# END SOLUTION
# BEGIN STUDENT
# # The release: per module done / not yet / failing, the race check for the modules that
# # are done; exit 0 when every module in assigned-modules.txt (or MODULE=) is done.
# test: build
# 	@python3 tools/module_tests.py --build $(BUILD) $(if $(MODULE),--modules $(MODULE))
# END STUDENT

# The MPI tests again against MPICH (build/mpich: only what they run; Open MPI is the default),
# and the race check (build/tsan: only what the race tests run, cmake/ParlabRacecheck.cmake).
# make test runs both as the tests check:mpich and check:race.
mpich: deps
	@tools/check_build.sh mpich build/mpich $(JOBS); rc=$$?; [ $$rc -eq 77 ] || exit $$rc

RACE_CXX ?= clang++-14
race: deps
	@RACE_CXX=$(RACE_CXX) tools/check_build.sh race build/tsan $(JOBS); rc=$$?; [ $$rc -eq 77 ] || exit $$rc

bench: build
	@tools/modules.sh bench $(BUILD) $(OUT)/bench

# TUNE_ARGS: omp_gemm_tune's options (--sizes, --threads, --rounds; --dry-run: the model only).
tune: build
	@test -d modules/04-openmp || { echo "tune: module 04-openmp is not in this tree (make tune tunes its tiled rung)"; exit 2; }
	@test -x $(BUILD)/bin/omp_gemm_tune || { echo "tune: no omp_gemm_tune in $(BUILD) (04-openmp needs OpenMP)"; exit 2; }
	@$(BUILD)/bin/omp_gemm_tune --out $(BUILD)/tune.json $(TUNE_ARGS)

slurm-test: build
	ctest --test-dir $(BUILD) -L slurm --output-on-failure -j $(JOBS) $(CTEST_ARGS)

scaling: build
	@slurm/local/study.sh $(BUILD) $(OUT)/scaling

# REPORT_ARGS=--quick: tiny sizes (a check of the tooling, not numbers to analyse).
predict:
	@test -n "$(MODULE)" || { echo "predict: say which module, e.g. make predict MODULE=01"; exit 2; }
	@python3 tools/predict.py $(MODULE)

# The predictions are checked before the build, and again by tools/report.py.
report:
	@test -n "$(MODULE)" || { echo "report: say which module, e.g. make report MODULE=01"; exit 2; }
	@python3 tools/predict.py $(MODULE) --check
	@$(MAKE) --no-print-directory build
	@python3 tools/report.py $(MODULE) --build $(BUILD) --out report $(REPORT_ARGS)

clean:
	rm -rf build $(OUT)

# ---- instructors: student release and autograder (README: Teaching with parlab) --
# BEGIN SOLUTION
.PHONY: student grade gradescope
MODULES    ?= all
RELEASE    ?= dist/parlab-student
ASSIGNMENT ?= 01-sequential

student:
	@python3 tools/make_release.py --out $(RELEASE) --modules $(MODULES) $(if $(ASSIGNED),--assigned $(ASSIGNED))
	@python3 tools/check_release.py --release $(RELEASE)
	@python3 tools/check_answer_leaks.py --release $(RELEASE)

grade: deps
	@if [ -n "$(BATCH)" ]; then \
	  python3 grading/grade.py --assignment $(ASSIGNMENT) --batch $(BATCH) --out $(or $(GRADED),$(BATCH)-graded) \
	    --parallel $(or $(PARALLEL),1) $(GRADE_ARGS); \
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
