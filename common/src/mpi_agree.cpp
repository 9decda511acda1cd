// Ranks that disagree on their input: the parse check every MPI driver runs (one
// collective right after its options are parsed) and the end of a usage error.
#include <cstdint>
#include <iostream>
#include <sstream>

#include "parlab/error.hpp"
#include "parlab/main.hpp"
#include "parlab/mpi.hpp"

namespace parlab::mpi {

namespace {

std::uint64_t fnv1a(const std::string& s) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Every rank's `mine`, on the root (empty elsewhere).
std::vector<std::string> gather_strings(const std::string& mine, MPI_Comm comm) {
  const int p = size(comm), me = rank(comm);
  int len = int(mine.size());
  std::vector<int> lens(me == 0 ? p : 0), offsets(me == 0 ? p : 0);
  MPI_Gather(&len, 1, MPI_INT, lens.data(), 1, MPI_INT, 0, comm);
  int total = 0;
  for (int r = 0; r < int(lens.size()); ++r) offsets[r] = total, total += lens[r];
  std::string all(std::size_t(total), '\0');
  MPI_Gatherv(mine.data(), len, MPI_CHAR, all.data(), lens.data(), offsets.data(), MPI_CHAR, 0, comm);
  std::vector<std::string> out;
  for (int r = 0; r < int(lens.size()); ++r) out.push_back(all.substr(offsets[r], lens[r]));
  return out;
}

std::string broadcast_string(std::string s, MPI_Comm comm) {
  int len = int(s.size());
  MPI_Bcast(&len, 1, MPI_INT, 0, comm);
  s.resize(std::size_t(len));
  MPI_Bcast(s.data(), len, MPI_CHAR, 0, comm);
  return s;
}

std::string first_line_not_in(const std::string& a, const std::string& b) {
  std::istringstream in(a);
  for (std::string line; std::getline(in, line);)
    if (("\n" + b).find("\n" + line + "\n") == std::string::npos) return line;
  return "(other options)";
}

// The root's verdict on every rank's outcome: the first usage error, else the first
// option a rank parsed otherwise than rank 0.
std::string why_not_agreed(const std::vector<std::string>& parsed, const std::vector<std::string>& errors) {
  for (std::size_t r = 0; r < errors.size(); ++r)
    if (!errors[r].empty()) return r == 0 ? errors[r] : "rank " + std::to_string(r) + ": " + errors[r];
  for (std::size_t r = 1; r < parsed.size(); ++r)
    if (parsed[r] != parsed[0])
      return "the ranks were given different options: rank 0 has " + first_line_not_in(parsed[0], parsed[r]) +
             ", rank " + std::to_string(r) + " has " + first_line_not_in(parsed[r], parsed[0]) +
             " (every rank must get the same options and environment)";
  return "the ranks disagree on their options";
}

}  // namespace

void agree_on_options(const std::string& parsed, const std::string& error, MPI_Comm comm) {
  const std::uint64_t h = fnv1a(parsed);
  // max(h) == min(h) = ~max(~h) iff every rank parsed the same; one Allreduce for all three.
  std::uint64_t in[3] = {error.empty() ? 0u : 1u, h, ~h}, out[3] = {};
  MPI_Allreduce(in, out, 3, MPI_UINT64_T, MPI_MAX, comm);
  if (out[0] == 0 && out[1] == ~out[2]) return;
  // The rare path: the root learns what differs, and every rank throws its words.
  const auto all_parsed = gather_strings(parsed, comm);
  const auto all_errors = gather_strings(error, comm);
  const std::string why = rank(comm) == 0 ? why_not_agreed(all_parsed, all_errors) : std::string();
  throw usage_error(broadcast_string(why, comm));
}

int end_usage_error(const std::string& what, MPI_Comm errors) {
  // Thrown on every rank alike (the usual case): they all meet here, rank 0 prints.
  MPI_Request req;
  MPI_Ibarrier(errors, &req);
  if (wait_polite(req, MPI_STATUS_IGNORE, kUsageErrorGrace_s)) {
    if (rank(errors) == 0) std::cerr << "error: " << what << "\n(run with --help for the options)\n";
    return kExitUsage;
  }
  // Thrown here alone (the others are elsewhere, and would wait for this rank forever).
  std::cerr << "error (rank " << rank(errors) << "): " << what << "\n(run with --help for the options)" << std::endl;
  MPI_Abort(MPI_COMM_WORLD, kExitUsage);
  return kExitUsage;
}

}  // namespace parlab::mpi
