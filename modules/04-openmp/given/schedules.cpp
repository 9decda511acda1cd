// The four schedules of omp_render's rungs (given): one line each, all through exercise 6's
// loop (exercises/render_schedules.cpp), with the schedule chosen at run time.
#include "openmp.hpp"

namespace parlab::omp {

void render_static(const Animation& anim, std::vector<Image>& frames, int threads) {
  render_scheduled(anim, frames, threads, {omp_sched_static, 0});  // one block of rows per thread
}
void render_static1(const Animation& anim, std::vector<Image>& frames, int threads) {
  render_scheduled(anim, frames, threads, {omp_sched_static, 1});  // rows dealt round-robin
}
void render_dynamic(const Animation& anim, std::vector<Image>& frames, int threads, int chunk) {
  render_scheduled(anim, frames, threads, {omp_sched_dynamic, chunk});  // a queue of `chunk` rows
}
void render_guided(const Animation& anim, std::vector<Image>& frames, int threads) {
  render_scheduled(anim, frames, threads, {omp_sched_guided, 0});  // chunks shrink as rows run out
}

}  // namespace parlab::omp
