// A team of worker threads kept between jobs, for the framework's own parallel loops (the
// triad's roof, the ideal loop of --calibrate); the exercises make their own threads.
// Why not a thread per job: on a 2-core VM, a triad that started and ended its threads on
// every pass left the second core unavailable for milliseconds afterwards (the ideal loop
// timed right after it gained x1.0-1.4 instead of x1.95 in most rounds; after an OpenMP
// triad or a kept team, x1.95 in every round). A kept team sleeps between jobs, as
// OpenMP's does, so the roof and the yardstick see the cores as the rungs do.
#pragma once

#include <functional>

namespace parlab {

// job(t) for t = 0 .. threads-1, t = 0 on the calling thread, the rest on the team's
// workers (started the first time so many are needed, then kept for the process's life);
// returns once every part is done. job must not throw. One job at a time: a second
// caller waits for the first.
void team_run(int threads, const std::function<void(int)>& job);

}  // namespace parlab
