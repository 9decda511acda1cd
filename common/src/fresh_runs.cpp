#include "parlab/fresh_runs.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>

#include "parlab/oracle.hpp"

namespace parlab {

namespace {
// A rung's input drawn afresh: into `kept` (what the check trusts), then copied into `input`.
void redraw(Matrix& kept, Matrix& input, std::uint64_t draw) {
  if (kept.rows() != input.rows() || kept.cols() != input.cols()) kept = Matrix(input.rows(), input.cols());
  kept.fill_random(draw);
  std::copy(kept.data(), kept.data() + kept.size(), input.data());
}

void nothing_here(Ladder& l) {
  l.refresh = [](std::uint64_t) {};
  l.verify = [](int, std::uint64_t) { return Verdict::check(true, ""); };
}

// Enough that a render with a part of its work skipped or reused fails almost surely,
// few enough that checking costs nothing beside the run.
constexpr int kSampledPixels = 128;
}  // namespace

void fresh_products(Ladder& l, Matrix& A, Matrix& B, Matrix& C, bool here) {
  if (!here) return nothing_here(l);
  struct Drawn {
    Matrix A, B;
  };
  auto drawn = std::make_shared<Drawn>();
  l.refresh = [&A, &B, &C, drawn](std::uint64_t draw) {
    redraw(drawn->A, A, draw);
    redraw(drawn->B, B, draw + 1);
    C.fill_random(draw + 2);  // not NaN: a poison a rung could not tell from a product
  };
  l.verify = [&C, drawn](int, std::uint64_t draw) {
    const CheckResult r = check_product_freivalds(drawn->A, drawn->B, C, draw);
    return Verdict::check(r.ok, r.message());
  };
}

void fresh_frames(Ladder& l, Animation& anim, std::vector<Image>& frames, bool here) {
  l.poison = [&anim, before = l.poison] {
    anim.reseed(0);
    if (before) before();
  };
  auto kept = std::make_shared<Animation>(anim);
  l.refresh = [&anim, &frames, kept, here](std::uint64_t draw) {
    anim.reseed(draw);
    kept->reseed(draw);
    if (!here) return;
    std::mt19937_64 noise(draw);
    for (Image& img : frames)
      for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x) {
          const std::uint64_t z = noise();
          img.at(x, y) = {std::uint8_t(z), std::uint8_t(z >> 8), std::uint8_t(z >> 16)};
        }
  };
  if (!here) {
    l.verify = [](int, std::uint64_t) { return Verdict::check(true, ""); };
    return;
  }
  l.verify = [&frames, kept](int, std::uint64_t draw) {
    const Animation& a = *kept;
    if (int(frames.size()) != a.frames()) return Verdict::check(false, "the rung changed the number of frames");
    std::mt19937_64 gen(draw);
    for (int s = 0; s < kSampledPixels; ++s) {
      const int f = int(gen() % unsigned(a.frames())), x = int(gen() % unsigned(a.width())),
                y = int(gen() % unsigned(a.height()));
      const Image& img = frames[std::size_t(f)];
      if (img.width() != a.width() || img.height() != a.height())
        return Verdict::check(false, "frame " + std::to_string(f) + " changed its size");
      if (!(img.at(x, y) == a.shade(f, x, y)))
        return Verdict::check(false, "pixel (" + std::to_string(x) + ", " + std::to_string(y) + ") of frame " +
                                         std::to_string(f) + " differs from the sequential shader's");
    }
    return Verdict::check(true, std::to_string(kSampledPixels) + " sampled pixels equal the sequential shader's");
  };
}

}  // namespace parlab
