// What one rank sends while an exercise runs, counted under MPI's profiling interface (the
// test binary defines MPI_Send & co., which count and call PMPI_Send & co.). A halo exchange
// sends each neighbour an edge and calls no collective; a rung that gathers the field on one
// rank (to compute it there, or to route the halos through it) sends a whole block, or calls
// a collective, inside the steps: the tests refuse it whatever the field's values.
#pragma once
#include <string>

namespace parlab::heat::test {

struct Traffic {
  double bytes = 0;        // point-to-point payload sent (to MPI_PROC_NULL: none)
  int collectives = 0;     // collective or one-sided calls
  std::string first;       // the first of those, by name
};

// Counts this rank's traffic from construction to read(); not nested.
class TrafficWindow {
 public:
  TrafficWindow();
  ~TrafficWindow();
  TrafficWindow(const TrafficWindow&) = delete;
  TrafficWindow& operator=(const TrafficWindow&) = delete;
  Traffic read() const;
};

}  // namespace parlab::heat::test
