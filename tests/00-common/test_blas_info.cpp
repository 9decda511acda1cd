// Which BLAS kernel ran: the names ranked, the warning when the kernel is below the CPU,
// and the JSON context that carries it.
#include "support/catch.hpp"

#include "parlab/blas_info.hpp"
#include "parlab/oracle.hpp"
#include "parlab/report.hpp"

using namespace parlab;

TEST_CASE("OpenBLAS core names are ranked by SIMD width", "[blas]") {
  CHECK(blas_core_level("SkylakeX") == 3);
  CHECK(blas_core_level("cooperlake") == 3);
  CHECK(blas_core_level("Haswell") == 2);
  CHECK(blas_core_level("Zen") == 2);
  CHECK(blas_core_level("Sandybridge") == 1);
  CHECK(blas_core_level("Nehalem") == 0);
  CHECK(blas_core_level("NoSuchCore") == -1);
}

TEST_CASE("a kernel below the CPU warns in one line and says how to get the right one", "[blas]") {
  const std::string forced = blas_kernel_warning("Haswell", 3, "Haswell");
  CHECK(forced.find("warning: OpenBLAS runs its Haswell kernel (AVX2) on a CPU with AVX-512") == 0);
  CHECK(forced.find("unset OPENBLAS_CORETYPE") != std::string::npos);
  CHECK(forced.find('\n') == std::string::npos);
  CHECK(blas_kernel_warning("Haswell", 3, "").find("newer OpenBLAS") != std::string::npos);
  CHECK(blas_kernel_warning("Prescott", 3, "").find("OPENBLAS_CORETYPE=SkylakeX selects") != std::string::npos);
  CHECK(blas_kernel_warning("SkylakeX", 3, "SkylakeX").empty());  // the best there is
  CHECK(blas_kernel_warning("Haswell", 2, "").empty());           // an AVX2 CPU
  CHECK(blas_kernel_warning("NoSuchCore", 3, "").empty());        // unknown: no guess
}

TEST_CASE("every JSON context names the BLAS library and core", "[blas][report]") {
  const BlasInfo b = blas_info();
  CHECK(!b.library.empty());
  CHECK(!b.core.empty());
  if (!have_blas()) CHECK(b.library == "none");
  const std::string ctx = context_json();
  CHECK(ctx.find("\"blas\": {\"library\": \"" + json_escape(b.library) + "\", \"core\": \"" + json_escape(b.core) + "\"}") !=
        std::string::npos);
}
