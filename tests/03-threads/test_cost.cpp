// Pay the cooks (cost.hpp): what the threads_cost driver measures must be true -
// which worker shares memory, the stack sizes, and that every measurement runs to
// the end. Speed is the driver's job (a benchmark), never a test's.
#include "support/catch.hpp"

#include <cmath>

#include "cost.hpp"

using namespace parlab::threads;

TEST_CASE("a thread and a coroutine see their creator's memory and a process a copy", "[03][cost]") {
  CHECK(sees_parent_write(Worker::thread) == 42);
  CHECK(sees_parent_write(Worker::coroutine) == 42);
  CHECK(sees_parent_write(Worker::process) == 0);
}

TEST_CASE("a thread has a stack of its own and a coroutine only a heap frame", "[03][cost]") {
  const std::size_t stack = stack_bytes(Worker::thread);
  CHECK(stack >= 64 * 1024);              // glibc's default is the 8 MiB of ulimit -s
  CHECK(stack_bytes(Worker::coroutine) == 0);
  CHECK(stack_bytes(Worker::process) == 0);
  const std::size_t frame = coroutine_frame_bytes();
  CHECK(frame > 0);
  CHECK(frame < stack / 100);             // the point of the comparison
}

TEST_CASE("create and switch measurements finish for every worker", "[03][cost]") {
  for (Worker w : {Worker::process, Worker::thread, Worker::coroutine}) {
    INFO(name(w));
    const double c = create_seconds(w, 3), s = switch_seconds(w, 50);
    CHECK(std::isfinite(c));
    CHECK(c > 0);
    CHECK(std::isfinite(s));
    CHECK(s > 0);
  }
}
