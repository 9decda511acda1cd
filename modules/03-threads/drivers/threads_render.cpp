// Driver: render the animation with block, cyclic, work-queue and thread-pool
// partitioning, side by side, against the sequential render.
#include "parlab/driver.hpp"
#include "parlab/environment.hpp"
#include "parlab/main.hpp"
#include "parlab/rung_labels.hpp"
#include "threads.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  RenderDriver d;
  d.module = "03-threads";
  d.program = "threads_render";
  d.about =
      "Render the animation with more cooks. Block partitioning gives each cook a band of rows and suffers\n"
      "from the scene's uneven cost; cyclic, work-queue and pool partitioning balance it.";
  d.rungs = {
      seq_render_rung(),
      {"block", manifest::about("contiguous bands of rows", manifest::label("threads_render", "block")), threads::render_block, true},
      {"cyclic", manifest::about("rows dealt round-robin", manifest::label("threads_render", "cyclic")), threads::render_cyclic, true},
      {"queue", manifest::about("shared atomic row counter", manifest::label("threads_render", "queue")), threads::render_queue, true},
      {"pool", manifest::about("16x16 tiles as ThreadPool tasks", manifest::label("threads_render", "pool")),
       [](const Animation& a, std::vector<Image>& f, int t) { threads::render_pool(a, f, t); }, true},
  };
  d.baseline = "seq";
  d.defaults = RenderSettings{320, 180, 4, 4, 5};
  return run_main([&] {  // default_thread_counts: a bad OMP_NUM_THREADS is a usage error
    d.default_threads = default_thread_counts();
    return run_render_driver(argc, argv, d);
  });
}
