// The exit-code rule every driver shares, and the main() wrapper that applies it:
// 0 ok, 1 validation failed or a runtime error, 2 bad usage, 3 an exercise not
// implemented yet, 4 a deadlock caught by mpi_deadlock's watchdog, 5 a result (JSON,
// image) could not be saved. (MPI drivers: parlab::mpi::run_main, same codes.)
#pragma once
#include <functional>

namespace parlab {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailed = 1,
  kExitUsage = 2,
  kExitNotImplemented = 3,
  kExitDeadlock = 4,
  kExitIo = 5,
};

// A failure outranks a missing exercise: 1 if any failed, else 3 if any missing, else 0.
int exit_code(int failed, int missing);

// Runs a driver's body and maps its exceptions to the codes above.
int run_main(const std::function<int()>& body);

}  // namespace parlab
