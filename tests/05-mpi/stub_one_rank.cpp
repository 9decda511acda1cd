// A rung that rank 0 runs alone (a seq baseline) and that throws there, while the other ranks
// go on to the next rung's collectives: the Runner must end every rank alike, never hang.
//   stub_one_rank stub    the rung is a stub: skipped everywhere, exit 3 with the usual line
//   stub_one_rank error   any other exception: every rank ends, exit 1 with its message
#include <stdexcept>
#include <string>

#include "parlab/error.hpp"
#include "parlab/ladder.hpp"
#include "parlab/mpi.hpp"

int main(int argc, char** argv) {
  using namespace parlab;
  return mpi::run_main(argc, argv, MPI_THREAD_SINGLE, [&](mpi::Session& s) {
    const std::string how = argc > 1 ? argv[1] : "stub";
    const std::vector<Rung> rungs{
        Rung("seq", "rank 0 alone; it throws there",
             [&](int) {
               if (!s.root()) return;
               if (how == "stub") throw not_implemented("the root's baseline (a student stub)");
               throw std::runtime_error("the root's baseline broke");
             })
            .on_ranks(1),
        Rung("all", "every rank in a collective", [](int) { MPI_Barrier(MPI_COMM_WORLD); }),
    };
    RunOptions opt;
    opt.reps = 1, opt.min_time = 0;
    Runner runner(opt, mpi::team());
    Ladder l;
    l.proto.module = "test";
    l.proto.kernel = "stub";
    l.work = 1;
    l.unit = "runs/s";
    return runner.finish(runner.run(l, rungs));
  });
}
