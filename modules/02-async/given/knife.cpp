// The knife experiment's workloads and scenarios (given: the lesson is the table).
#include "knife.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "parlab/render.hpp"

namespace parlab::async {

namespace {

const Animation& knife_animation() {
  static const Animation anim(RenderSettings{96, 64, 8, 2, 4});
  return anim;
}

void write_all(int fd, const void* p, std::size_t n) {
  const char* c = static_cast<const char*>(p);
  while (n) {
    const ssize_t w = ::write(fd, c, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) _exit(3);
    c += w, n -= static_cast<std::size_t>(w);
  }
}

bool read_all(int fd, void* p, std::size_t n) {
  char* c = static_cast<char*>(p);
  while (n) {
    const ssize_t r = ::read(fd, c, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    c += r, n -= static_cast<std::size_t>(r);
  }
  return true;
}

// Separate kitchens: one child process per task; each sends its 8-byte result
// back through its own pipe. The children are forked from a process with no
// other threads running, then only compute and _exit.
std::vector<std::uint64_t> run_processes(Workload w, const KnifeConfig& c) {
  struct Child {
    pid_t pid;
    int fd;
  };
  std::vector<Child> kids;
  auto reap = [&] {
    for (auto& k : kids) {
      if (k.fd >= 0) ::close(k.fd);
      int status = 0;
      while (::waitpid(k.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  };
  for (int i = 0; i < c.tasks; ++i) {
    int fds[2];
    if (::pipe(fds) != 0) {
      reap();
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      ::close(fds[0]), ::close(fds[1]);
      reap();
      throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {  // the child
      ::close(fds[0]);
      const std::uint64_t r = run_knife_task(w, c, i);
      write_all(fds[1], &r, sizeof r);
      _exit(0);  // no atexit handlers, no flushing the parent's buffers twice
    }
    ::close(fds[1]);
    kids.push_back({pid, fds[0]});
  }
  std::vector<std::uint64_t> out(c.tasks);
  bool ok = true;
  for (int i = 0; i < c.tasks; ++i) ok = read_all(kids[i].fd, &out[i], sizeof out[i]) && ok;
  reap();
  if (!ok) throw std::runtime_error("a child process died before sending its result");
  return out;
}

// A real wait: write a block to a fresh temp file and fsync it, disk_writes times; the
// thread sleeps in the kernel until the device (or its cache flush) answers.
std::uint64_t disk_task(const KnifeConfig& c, int i) {
  std::string dir = c.disk_dir;
  if (dir.empty()) dir = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
  std::string path = dir + "/parlab-knife-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) throw std::runtime_error("disk task: cannot create a temp file in " + dir + ": " + std::strerror(errno));
  ::unlink(path.c_str());  // gone when closed, even if we throw
  const std::string block(4096, static_cast<char>('a' + i % 26));
  bool ok = true;
  for (int k = 0; k < c.disk_writes && ok; ++k)
    ok = ::write(fd, block.data(), block.size()) == static_cast<ssize_t>(block.size()) && ::fsync(fd) == 0;
  const int err = errno;
  ::close(fd);
  if (!ok) throw std::runtime_error(std::string("disk task: write/fsync failed: ") + std::strerror(err));
  return static_cast<std::uint64_t>(i);
}

}  // namespace

std::uint64_t run_knife_task(Workload w, const KnifeConfig& c, int i) {
  if (w == Workload::io) {
    std::this_thread::sleep_for(c.io_wait);  // waiting for the disk, the network, the toaster
    return static_cast<std::uint64_t>(i);
  }
  if (w == Workload::disk) return disk_task(c, i);
  // CPU: shade cpu_pixels pixels of the animation, starting at a task-dependent place.
  const Animation& a = knife_animation();
  const long per_frame = a.pixels_per_frame();
  std::uint64_t sum = 1469598103934665603ull;
  for (long p = 0; p < c.cpu_pixels; ++p) {
    const long q = (static_cast<long>(i) * 7919 + p) % (per_frame * a.frames());
    const Rgb8 px = a.shade(static_cast<int>(q / per_frame), static_cast<int>(q % a.width()),
                            static_cast<int>(q % per_frame / a.width()));
    sum = (sum ^ (px.r | px.g << 8 | px.b << 16)) * 1099511628211ull;  // FNV-1a style
  }
  return sum;
}

std::vector<std::uint64_t> run_scenario(Workload w, Scenario s, const KnifeConfig& c) {
  if (c.tasks < 1 || c.tasks > kMaxKnifeTasks)
    throw std::invalid_argument("tasks must be 1 to " + std::to_string(kMaxKnifeTasks) + ", got " +
                                std::to_string(c.tasks));
  std::vector<std::uint64_t> out(c.tasks);
  switch (s) {
    case Scenario::sync:
      for (int i = 0; i < c.tasks; ++i) out[i] = run_knife_task(w, c, i);
      break;
    case Scenario::async: {
      // One thread. A timer overlaps I/O waits; a CPU task is a callback that
      // occupies the only thread until it returns: nothing to overlap.
      EventLoop loop;
      for (int i = 0; i < c.tasks; ++i) {
        if (w == Workload::io)
          loop.call_after(c.io_wait, [&out, i] { out[i] = static_cast<std::uint64_t>(i); });
        else  // a callback: CPU work, or a blocking fsync, holds the only thread
          loop.post([&out, &c, w, i] { out[i] = run_knife_task(w, c, i); });
      }
      loop.run();
      break;
    }
    case Scenario::threads: {
      std::vector<std::jthread> cooks;
      for (int i = 0; i < c.tasks; ++i) cooks.emplace_back([&out, &c, w, i] { out[i] = run_knife_task(w, c, i); });
      break;  // the jthreads join here
    }
    case Scenario::processes:
      out = run_processes(w, c);
      break;
  }
  return out;
}

std::vector<int> allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) throw std::runtime_error("sched_getaffinity failed");
  std::vector<int> cpus;
  for (int i = 0; i < CPU_SETSIZE; ++i)
    if (CPU_ISSET(i, &set)) cpus.push_back(i);
  return cpus;
}

void pin(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int c : cpus) CPU_SET(c, &set);
  if (sched_setaffinity(0, sizeof set, &set) != 0)
    throw std::runtime_error(std::string("sched_setaffinity: ") + std::strerror(errno));
}

std::string name(Workload w) { return w == Workload::cpu ? "cpu" : w == Workload::io ? "io" : "disk"; }
std::string name(Scenario s) {
  switch (s) {
    case Scenario::sync: return "sync";
    case Scenario::async: return "async";
    case Scenario::threads: return "threads";
    case Scenario::processes: return "processes";
  }
  return "?";
}

}  // namespace parlab::async
