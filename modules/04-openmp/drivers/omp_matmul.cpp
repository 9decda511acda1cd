// Driver: the OpenMP matmul ladder, from the naive loop to packed register tiles,
// with Eigen (on the same threads) and OpenBLAS side by side, and the offload rungs (the
// accelerator, or the host where there is none: the banner and records say which).
#include <algorithm>
#include <iostream>

#include "offload.hpp"
#include "openmp.hpp"
#include "parlab/driver.hpp"
#include "parlab/environment.hpp"
#include "parlab/main.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/omp_team.hpp"
#include "parlab/matmul.hpp"
#include "parlab/offload.hpp"

namespace {

// The top rung with this machine's tile and blocks (gemm_model.hpp), named in its records.
parlab::MatmulRung tiled_rung() {
  using namespace parlab;
  const omp::kernel::Choice& c = omp::kernel::machine_params();
  const auto& t = c.params.tile;
  MatmulRung r{"tiled",
               manifest::about("packed panels + " + std::to_string(t.mr) + "x" + std::to_string(t.nr) +
                                   " register tiles + SIMD vectors (" + c.source + ")",
                               manifest::label("omp_matmul", "tiled")),
               [p = c.params](auto& A, auto& B, auto& C, int th) { omp::matmul_tiled(A, B, C, th, p); }, true};
  r.describe = [&c](Record& rec) {
    rec.notes.push_back({"gemm", omp::kernel::to_text(c.params)});
    rec.notes.push_back({"gemm_source", c.source});
  };
  return r;
}

std::vector<parlab::MatmulRung> rungs() {
  using namespace parlab;
  std::vector<MatmulRung> r{
      {"naive", "i-j-k triple loop, 1 thread (the bottom of the ladder)",
       [](auto& A, auto& B, auto& C, int) { matmul_naive(A, B, C); }},
      seq_matmul_rung(),
      {"parallel_rows", manifest::about("parallel for over rows of C", manifest::label("omp_matmul", "parallel_rows")), omp::matmul_parallel_rows, true},
      {"collapse", manifest::about("cache-blocked tiles of C, collapse(2)", manifest::label("omp_matmul", "collapse")),
       [](auto& A, auto& B, auto& C, int t) { omp::matmul_collapse(A, B, C, t); }, true},
      tiled_rung(),
      {"tasks", manifest::about("divide and conquer with omp task", manifest::label("omp_matmul", "tasks")),
       [](auto& A, auto& B, auto& C, int t) { omp::matmul_tasks(A, B, C, t); }, true},
      {"taskloop", manifest::about("tiles of C as a taskloop", manifest::label("omp_matmul", "taskloop")),
       [](auto& A, auto& B, auto& C, int t) { omp::matmul_taskloop(A, B, C, t); }, true},
      {"eigen", "Eigen 3 built with OpenMP, on the same threads (reference)", omp::matmul_eigen_omp, true},
  };
  return r;  // then openblas: our eigen (multi-threaded) replaces the reference's
}

}  // namespace

int main(int argc, char** argv) {
  // Inside run_main: a bad OMP_NUM_THREADS (default_thread_counts) or PARLAB_GEMM (the tiled
  // rung's tile, read while the rungs are built) is a usage error, exit 2.
  return parlab::run_main([&] {
    using namespace parlab;
    std::string device;  // where the offload rungs run: probed only when one of them is selected
    std::vector<MatmulRung> all = rungs();
    if (offload_rungs_enabled()) {
      for (auto&& pair : {omp::offload_pair("offload", "offload_copies",
                                            "target teams distribute parallel for, a row of C per device thread",
                                            manifest::label("omp_matmul", "offload"), omp::matmul_offload, device),
                          omp::offload_pair("offload_tuned", "offload_tuned_copies",
                                            "your loop mapping over teams, threads and simd lanes",
                                            manifest::label("omp_matmul", "offload_tuned"), omp::matmul_offload_tuned,
                                            device)})
        all.insert(all.end(), pair.begin(), pair.end());
    }
    std::vector<std::string> offload;  // the offload rungs' names (all is moved into the driver)
    for (const auto& r : all)
      if (r.device) offload.push_back(r.name);
    const auto offload_selected = [offload](const RunOptions& opt) {
      return std::any_of(offload.begin(), offload.end(), [&](const std::string& name) { return opt.wants(name); });
    };
    return parlab::run_matmul_driver(
        argc, argv,
        {.module = "04-openmp",
         .program = "omp_matmul",
         .about = "The OpenMP matmul ladder: parallel loops, collapse, tasks, packed register tiles with SIMD; "
                  "OpenMP target offload.",
         .rungs = std::move(all),
         .baseline = "seq",
         .default_n = 512,
         .default_threads = parlab::default_thread_counts(),
         .team = parlab::omp_team_size,
         .prepare = [&](RunOptions& opt, long, long, long) {
           if (offload_selected(opt)) device = offload_device();
         },
         // The tiled rung's tile and blocks and where they came from (banner, note, context);
         // the offload rungs' device when one of them is selected.
         .params = [&] {
           const auto& c = parlab::omp::kernel::machine_params();
           std::string p = parlab::omp::kernel::to_text(c.params);
           std::replace(p.begin(), p.end(), ' ', ',');
           return " gemm=" + p + "/" + c.source + (device.empty() ? std::string() : " device=" + device);
         },
         .after_banner = [&] {
           const auto& c = parlab::omp::kernel::machine_params();
           std::cout << "tiled: " << parlab::omp::kernel::to_text(c.params) << " (" << c.source
                     << (c.note.empty() ? "" : ": " + c.note) << ")\n";
           if (!device.empty() && !offload_device_name().empty())
             std::cout << "Offload device " << device << ": " << offload_device_name() << '\n';
         },
         .context = {{"gemm", parlab::omp::kernel::choice_json(parlab::omp::kernel::machine_params())}}});
  });
}
