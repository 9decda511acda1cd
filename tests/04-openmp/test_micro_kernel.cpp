// Module 04, exercise 3a: the micro-kernel of every compiled tile (micro_kernel.hpp), on its
// own: one thread, the given packing and macro-kernel around it, none of exercise 3b's
// parallel loops. Depths of 1, below the unrolling and not a multiple of it; blocks of C
// that are smaller than a tile, a tile plus one row and column, and several tiles, at odd
// offsets inside a larger C with an odd row length (the kernel's stores are unaligned and
// must stay inside the block); C overwritten and accumulated into. Small integers: every
// sum is exact, so the check is equality.
#include "support/catch.hpp"

#include <string>

#include "micro_kernel.hpp"

using namespace parlab;
using namespace parlab::omp::kernel;

namespace {

// Entries in -4..4 from (i, j, salt): exact in double, different for A, B and C.
double small(std::size_t i, std::size_t j, std::size_t salt) { return double((i * 7 + j * 3 + salt) % 9) - 4.0; }

// C[i0:i0+m, j0:j0+n] (=, or += if accumulate) A * B through pack_a, pack_b and macro_kernel
// with tile t; every other element of C keeps its value.
void check_block(const MicroTile& t, std::size_t m, std::size_t k, std::size_t n, bool accumulate) {
  const std::size_t i0 = 3, j0 = 5;
  Matrix A(m, k), B(k, n), C(i0 + m + 2, j0 + n + 3);
  for (std::size_t i = 0; i < m; ++i)
    for (std::size_t p = 0; p < k; ++p) A(i, p) = small(i, p, 1);
  for (std::size_t p = 0; p < k; ++p)
    for (std::size_t j = 0; j < n; ++j) B(p, j) = small(p, j, 2);
  for (std::size_t i = 0; i < C.rows(); ++i)
    for (std::size_t j = 0; j < C.cols(); ++j) C(i, j) = small(i, j, 5);
  const Matrix before = C;

  Buffer pa = make_buffer(packed_a_size(m, k, t.mr)), pb = make_buffer(packed_b_size(k, n, t.nr));
  pack_a(A, 0, m, 0, k, t.mr, pa.get());
  pack_b(B, 0, k, 0, n, t.nr, pb.get());
  macro_kernel(t, pa.get(), pb.get(), k, C, i0, m, j0, n, accumulate);

  std::size_t wrong = 0, first_i = 0, first_j = 0;
  for (std::size_t i = 0; i < C.rows(); ++i)
    for (std::size_t j = 0; j < C.cols(); ++j) {
      double want = before(i, j);
      const bool inside = i >= i0 && i < i0 + m && j >= j0 && j < j0 + n;
      if (inside) {
        double sum = accumulate ? want : 0.0;
        for (std::size_t p = 0; p < k; ++p) sum += A(i - i0, p) * B(p, j - j0);
        want = sum;
      }
      if (C(i, j) != want && wrong++ == 0) first_i = i, first_j = j;
    }
  INFO("tile " << t.mr << "x" << t.nr << " unroll=" << t.unroll << ", block " << m << "x" << k << "x" << n
               << (accumulate ? ", accumulate" : ", overwrite") << ": " << wrong << " wrong elements, the first at C("
               << first_i << ", " << first_j << ") (the block starts at (" << i0 << ", " << j0 << "))");
  CHECK(wrong == 0);
}

}  // namespace

TEST_CASE("the micro-kernel: every compiled tile at odd shapes and depths, stores inside the block", "[04][matmul][gemm]") {
  for (const MicroTile& t : compiled_tiles())
    for (std::size_t k : {1u, 2u, 3u, 7u, 64u, 131u})
      for (bool accumulate : {false, true}) {
        check_block(t, t.mr, k, t.nr, accumulate);              // exactly one full tile
        check_block(t, 1, k, 1, accumulate);                    // one element: an edge tile
        check_block(t, t.mr + 1, k, t.nr + 1, accumulate);      // a tile and its edges
        check_block(t, 3 * t.mr - 2, k, 2 * t.nr + 5, accumulate);  // several, odd remainders
      }
}
