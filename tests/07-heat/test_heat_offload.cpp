// Module 07, offload: the offload rungs' fields against the oracle at odd shapes, wherever the
// target regions run (CI: the host fallback, bit for bit; a GPU: the proven bound), and the
// device check itself, both of its branches exercised on the host.
#include "support/catch.hpp"

#include <cmath>

#include "heat_offload.hpp"
#include "heat_shapes.hpp"
#include "parlab/offload.hpp"

using namespace parlab;
using namespace parlab::heat;
using namespace parlab::heat::test;

namespace {
template <class Rung>
void check_every_shape(Rung rung) {
  const std::string device = offload_device();
  on_every_shape(rung, [&](const Problem& p, const Field& u, const Field& ref) {
    INFO(p.nx << " x " << p.ny << ", " << p.steps << " steps on " << device);
    const Verdict v = device_check(p, u, ref, device);
    INFO(v.detail);
    CHECK(v.kind == Verdict::Kind::pass);
    if (device == "host-fallback") CHECK(same_bits(u, ref));
  });
}
}  // namespace

TEST_CASE("offload_naive is bit-identical to the oracle at odd shapes on the host fallback", "[07][offload]") {
  check_every_shape(heat_offload_naive);
}

TEST_CASE("offload is bit-identical to the oracle at odd shapes on the host fallback", "[07][offload]") {
  check_every_shape([](const Problem& p, Field& u, Field& tmp) {
    heat_offload_enter(p, u, tmp);
    heat_offload_steps(p, u, tmp);
    heat_offload_exit(u, tmp);
  });
}

TEST_CASE("offload's device check: bit for bit on the host fallback, the proven bound on a GPU", "[07][offload]") {
  const Problem p{23, 19, 40, 0.25};
  const Field ref = reference_run(p);
  const double bound = device_bound(p);
  // 40 steps, hottest 100, alpha 1/4: 40 * 2 * 5 * 2^-53 * 3 * 100 (and a little), about 1.33e-11.
  CHECK(bound > 40 * 2 * 5 * std::ldexp(1.0, -53) * 3 * 100);
  CHECK(bound < 1.34e-11);
  CHECK(device_bound({23, 19, 80, 0.25}) == Approx(2 * bound));
  Field near = ref, far = ref, nan = ref;
  const std::size_t mid = std::size_t(9 * p.nx + 11);
  near.v[mid] = std::nextafter(ref.v[mid], 1e9);
  far.v[mid] += 2 * bound;
  nan.v[mid] = std::nan("");
  CHECK(device_check(p, ref, ref, "host-fallback").kind == Verdict::Kind::pass);
  CHECK(device_check(p, near, ref, "host-fallback").kind == Verdict::Kind::fail);  // one ulp
  CHECK(device_check(p, near, ref, "nvptx:0").kind == Verdict::Kind::pass);
  CHECK(device_check(p, far, ref, "nvptx:0").kind == Verdict::Kind::fail);
  CHECK(device_check(p, nan, ref, "nvptx:0").kind == Verdict::Kind::fail);  // the poison never passes
}

TEST_CASE("offload's device triad computes a = b + 3c on its resident arrays", "[07][offload]") {
  for (long points : {1L, 7L, 1001L}) {
    DeviceTriad t;
    t.enter(points);
    t.run(3);
    t.exit();
    INFO(points << " points");
    CHECK(t.correct());
    CHECK(t.bytes(3) == 72.0 * double(points));
  }
  DeviceTriad none;  // never run: a stays 0, which is not b + 3c
  none.enter(5);
  none.exit();
  CHECK_FALSE(none.correct());
}
