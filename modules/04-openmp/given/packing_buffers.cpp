// The packing buffers of the tiled rung, kept between products as OpenBLAS keeps its own:
// a fresh 8 MiB packed B at n = 1024 cost about 2000 page faults (the kernel zeroes every
// page) on each of the product's 2 GFLOP, a few percent of its time. A freed buffer goes
// back to a small pool and the next make_buffer that fits takes it; a request none fits
// empties the pool, so it holds about one product's buffers. (On a machine of several
// memory nodes a reused buffer stays where it was first touched.)
#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <new>
#include <vector>

#include "gemm_kernel.hpp"

namespace parlab::omp::kernel {

namespace {

struct Spare {
  double* p;
  std::size_t bytes;
};

class Pool {
 public:
  double* take(std::size_t bytes, std::size_t& got) {
    const std::lock_guard<std::mutex> lock(mu_);
    auto best = spares_.end();  // the smallest spare that fits
    for (auto it = spares_.begin(); it != spares_.end(); ++it)
      if (it->bytes >= bytes && (best == spares_.end() || it->bytes < best->bytes)) best = it;
    if (best == spares_.end()) {  // the products grew: what is held is too small for them now
      for (const Spare& s : spares_) std::free(s.p);
      spares_.clear(), held_ = 0;
      return nullptr;
    }
    double* p = best->p;
    got = best->bytes, held_ -= got;
    spares_.erase(best);
    return p;
  }
  void give(double* p, std::size_t bytes) {
    {
      const std::lock_guard<std::mutex> lock(mu_);
      if (spares_.size() < kMaxSpares && held_ + bytes <= kMaxBytes) {
        spares_.push_back({p, bytes});
        held_ += bytes;
        return;
      }
    }
    std::free(p);
  }

 private:
  // A team's buffers for one product: a packed B and one packed A a thread.
  static constexpr std::size_t kMaxSpares = 64, kMaxBytes = std::size_t(1) << 30;
  std::mutex mu_;
  std::vector<Spare> spares_;
  std::size_t held_ = 0;
};

Pool& pool() {
  static Pool& p = *new Pool;  // never destroyed: buffers may be freed by static destructors
  return p;
}

}  // namespace

void AlignedFree::operator()(double* p) const {
  if (p) pool().give(p, bytes);
}

Buffer make_buffer(std::size_t doubles) {
  const std::size_t bytes = round_up(std::max<std::size_t>(doubles, 1) * sizeof(double), 64);
  std::size_t got = bytes;
  double* p = pool().take(bytes, got);
  if (!p) p = static_cast<double*>(std::aligned_alloc(64, bytes));
  if (!p) throw std::bad_alloc();
  return Buffer(p, AlignedFree{got});
}

}  // namespace parlab::omp::kernel
