// Provided: where the ranks and their threads may run (what mpirun's --bind-to and
// --map-by ...:PE=N decided), printed so the binding lesson can be seen, not guessed.
#include <sched.h>

#include <algorithm>
#include <cstdio>
#include <iostream>

#include "hybrid.hpp"
#include "parlab/mpi.hpp"

namespace parlab::hybrid {

std::string allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return "?";
  std::string out;
  for (int c = 0; c < CPU_SETSIZE; ++c) {
    if (!CPU_ISSET(c, &set)) continue;
    int e = c;
    while (e + 1 < CPU_SETSIZE && CPU_ISSET(e + 1, &set)) ++e;
    if (!out.empty()) out += ',';
    out += std::to_string(c);
    if (e > c) out += '-' + std::to_string(e);
    c = e;
  }
  return out;
}

int allowed_cpu_count() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
  return CPU_COUNT(&set);
}

void print_binding(int threads, MPI_Comm comm) {
  const std::string mine = mpi::processor_name() + " cpus " + allowed_cpus();
  const int ncpu = allowed_cpu_count();
  std::vector<int> counts(mpi::size(comm));
  MPI_Gather(&ncpu, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm);
  char line[256] = {};
  std::snprintf(line, sizeof line, "%s", mine.c_str());
  std::vector<char> all(std::size_t(mpi::size(comm)) * sizeof line);
  MPI_Gather(line, sizeof line, MPI_CHAR, all.data(), sizeof line, MPI_CHAR, 0, comm);
  if (mpi::rank(comm) != 0) return;
  int min_cpus = counts[0];
  for (std::size_t r = 0; r < counts.size(); ++r) {
    std::cout << "Binding: rank " << r << " on " << (all.data() + r * sizeof line) << " (" << counts[r]
              << " allowed), " << threads << " OpenMP thread(s)\n";
    min_cpus = std::min(min_cpus, counts[r]);
  }
  if (threads > min_cpus)
    std::cout << "Warning: " << threads << " threads per rank but a rank may only use " << min_cpus
              << " CPU(s): its threads take turns. Give each rank PE=" << threads
              << " cores (mpirun --map-by slot:PE=" << threads << ") or --bind-to none.\n";
}

}  // namespace parlab::hybrid
