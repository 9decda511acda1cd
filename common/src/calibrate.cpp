#include "parlab/calibrate.hpp"

#include <cmath>
#include <vector>

#include "parlab/team.hpp"

#if defined(__x86_64__) && (defined(__AVX512F__) || defined(__FMA__))
#include <immintrin.h>
#endif

namespace parlab {

namespace {
constexpr int kChains = 12;  // independent chains: enough to cover the FMA latency on two ports
#if defined(__AVX512F__)
constexpr int kLanes = 8;
#elif defined(__FMA__)
constexpr int kLanes = 4;
#else
constexpr int kLanes = 1;
#endif
}  // namespace

double fma_chains_flops(long iterations) { return 2.0 * kLanes * kChains * double(iterations); }

double fma_chains(long iterations) {
#if defined(__AVX512F__)
  __m512d acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm512_set1_pd(0.001 * c);
  const __m512d a = _mm512_set1_pd(0.999999), b = _mm512_set1_pd(1e-9);
  for (long i = 0; i < iterations; ++i)
    for (int c = 0; c < kChains; ++c) acc[c] = _mm512_fmadd_pd(acc[c], a, b);
  double lanes[kLanes], sink = 0;
  for (int c = 0; c < kChains; ++c) {
    _mm512_storeu_pd(lanes, acc[c]);
    for (double l : lanes) sink += l;
  }
#elif defined(__FMA__)
  __m256d acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = _mm256_set1_pd(0.001 * c);
  const __m256d a = _mm256_set1_pd(0.999999), b = _mm256_set1_pd(1e-9);
  for (long i = 0; i < iterations; ++i)
    for (int c = 0; c < kChains; ++c) acc[c] = _mm256_fmadd_pd(acc[c], a, b);
  double lanes[kLanes], sink = 0;
  for (int c = 0; c < kChains; ++c) {
    _mm256_storeu_pd(lanes, acc[c]);
    for (double l : lanes) sink += l;
  }
#else
  double acc[kChains];
  for (int c = 0; c < kChains; ++c) acc[c] = 0.001 * c;
  for (long i = 0; i < iterations; ++i)
    for (int c = 0; c < kChains; ++c) acc[c] = std::fma(acc[c], 0.999999, 1e-9);
  double sink = 0;
  for (int c = 0; c < kChains; ++c) sink += acc[c];
#endif
  return sink;
}

double ideal_loop(long iterations, int threads) {
  if (threads < 1) threads = 1;
  std::vector<double> out(std::size_t(threads), 0);
  const long share = iterations / threads;
  team_run(threads, [&](int t) { out[std::size_t(t)] = fma_chains(t ? share : iterations - share * (threads - 1)); });
  double sum = 0;
  for (double v : out) sum += v;
  return sum;
}

}  // namespace parlab
