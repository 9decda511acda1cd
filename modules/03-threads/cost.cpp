#include "cost.hpp"

#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <coroutine>
#include <exception>
#include <semaphore>
#include <system_error>
#include <thread>
#include <utility>

#include "parlab/timing.hpp"

namespace parlab::threads {

namespace {

[[noreturn]] void os_error(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

// A coroutine that suspends at every co_await and is resumed by its owner; the
// smallest thing that can be switched to and back.
struct Yielder {
  struct promise_type {
    static inline std::size_t last_frame_bytes = 0;
    static void* operator new(std::size_t n) {
      last_frame_bytes = n;
      return ::operator new(n);
    }
    static void operator delete(void* p) { ::operator delete(p); }
    Yielder get_return_object() { return Yielder{std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  explicit Yielder(std::coroutine_handle<promise_type> h) : h(h) {}
  Yielder(Yielder&& o) noexcept : h(std::exchange(o.h, {})) {}
  Yielder(const Yielder&) = delete;
  ~Yielder() {
    if (h) h.destroy();
  }
  std::coroutine_handle<promise_type> h;
};

Yielder nothing() { co_return; }
Yielder write42(int* target) {
  *target = 42;
  co_return;
}
Yielder ping(int trips) {
  for (int i = 0; i < trips; ++i) co_await std::suspend_always{};
}

pid_t fork_or_throw() {
  const pid_t pid = fork();
  if (pid < 0) os_error("fork");
  return pid;
}
void wait_child(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) os_error("waitpid");
}

}  // namespace

const char* name(Worker w) {
  switch (w) {
    case Worker::process: return "process";
    case Worker::thread: return "thread";
    case Worker::coroutine: return "coroutine";
  }
  return "?";
}

double create_seconds(Worker w, int count) {
  Stopwatch clock;
  for (int i = 0; i < count; ++i) {
    if (w == Worker::process) {
      const pid_t pid = fork_or_throw();
      if (pid == 0) _exit(0);
      wait_child(pid);
    } else if (w == Worker::thread) {
      std::thread([] {}).join();
    } else {
      Yielder y = nothing();
      y.h.resume();
    }
  }
  return clock.seconds() / count;
}

double switch_seconds(Worker w, int round_trips) {
  Stopwatch clock;
  if (w == Worker::process) {
    int there[2], back[2];
    if (pipe(there) || pipe(back)) os_error("pipe");
    const pid_t pid = fork_or_throw();
    char b = 0;
    if (pid == 0) {  // the echo: read one byte, send it back
      for (int i = 0; i < round_trips; ++i)
        if (read(there[0], &b, 1) != 1 || write(back[1], &b, 1) != 1) _exit(1);
      _exit(0);
    }
    clock.reset();  // the fork is not a switch
    for (int i = 0; i < round_trips; ++i)
      if (write(there[1], &b, 1) != 1 || read(back[0], &b, 1) != 1) os_error("pipe round trip");
    const double t = clock.seconds();
    wait_child(pid);
    for (int fd : {there[0], there[1], back[0], back[1]}) close(fd);
    return t / (2.0 * round_trips);
  }
  if (w == Worker::thread) {
    std::binary_semaphore there(0), back(0);
    std::thread echo([&] {
      for (int i = 0; i < round_trips; ++i) there.acquire(), back.release();
    });
    clock.reset();
    for (int i = 0; i < round_trips; ++i) there.release(), back.acquire();
    const double t = clock.seconds();
    echo.join();
    return t / (2.0 * round_trips);
  }
  Yielder y = ping(round_trips);
  clock.reset();
  for (int i = 0; i <= round_trips; ++i) y.h.resume();
  return clock.seconds() / (2.0 * round_trips);
}

int sees_parent_write(Worker w) {
  int value = 0;
  if (w == Worker::process) {
    const pid_t pid = fork_or_throw();
    if (pid == 0) {
      value = 42;  // the child's copy of the page
      _exit(0);
    }
    wait_child(pid);
  } else if (w == Worker::thread) {
    std::thread([&] { value = 42; }).join();
  } else {
    Yielder y = write42(&value);
    y.h.resume();
  }
  return value;
}

std::size_t stack_bytes(Worker w) {
  if (w != Worker::thread) return 0;
  std::size_t bytes = 0;
  std::thread([&] {
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) == 0) {
      pthread_attr_getstacksize(&attr, &bytes);
      pthread_attr_destroy(&attr);
    }
  }).join();
  return bytes;
}

std::size_t coroutine_frame_bytes() {
  Yielder y = ping(1);
  return Yielder::promise_type::last_frame_bytes;
}

}  // namespace parlab::threads
