// Ranks that disagree on their options stop together: agree_on_options (the parse check
// every MPI driver runs through mpi::run_main) throws on EVERY rank, with rank 0 naming
// what differs, whether one rank parsed other values or failed to parse.
#include "support/catch.hpp"

#include "parlab/cli.hpp"
#include "parlab/error.hpp"
#include "parlab/main.hpp"
#include "parlab/mpi.hpp"

using namespace parlab;

namespace {

// The usage error every rank threw ("" if it threw none).
std::string agreement_error(const std::string& parsed, const std::string& error) {
  try {
    mpi::agree_on_options(parsed, error, MPI_COMM_WORLD);
  } catch (const usage_error& e) {
    return e.what();
  }
  return "";
}

bool last_rank() { return mpi::rank() == mpi::size() - 1; }

}  // namespace

TEST_CASE("ranks that parsed the same options go on", "[agree]") {
  CHECK(agreement_error("--n 64\n--nb 8\n", "").empty());
}

TEST_CASE("a rank that parsed another value stops every rank, naming the option", "[agree]") {
  if (mpi::size() < 2) return;
  const std::string why = agreement_error(last_rank() ? "--n 1\n--nb 8\n" : "--n 64\n--nb 8\n", "");
  CHECK_FALSE(why.empty());  // on every rank
  if (mpi::rank() == 0)
    CHECK(why == "the ranks were given different options: rank 0 has --n 64, rank " + std::to_string(mpi::size() - 1) +
                     " has --n 1 (every rank must get the same options and environment)");
}

TEST_CASE("a usage error on one rank stops every rank with its message", "[agree]") {
  const std::string why = agreement_error("", last_rank() ? "--n: 0 is out of range" : "");
  CHECK_FALSE(why.empty());
  if (mpi::rank() == 0)
    CHECK(why == (mpi::size() == 1 ? "" : "rank " + std::to_string(mpi::size() - 1) + ": ") + "--n: 0 is out of range");
}

TEST_CASE("Cli::parse runs the installed check, on every rank", "[agree]") {
  const ParseCheck old = set_parse_check(
      [](const std::string& parsed, const std::string& error) { mpi::agree_on_options(parsed, error, MPI_COMM_WORLD); });
  long n = 8;
  std::vector<int> threads{1};
  Cli cli("t", "test");
  cli.option("n", n, "n", 1, 100).option("threads", threads, "threads", 1, 8);
  const char* same[] = {"t", "--n", "5", "--threads=1,2"};
  CHECK(cli.parse(4, same));
  // --n 5 and --n=05 are the same value: only values are compared, not their spelling.
  const char* spelled[] = {"t", last_rank() ? "--n=05" : "--n=5"};
  CHECK(cli.parse(2, spelled));
  const char* differ[] = {"t", "--threads", last_rank() ? "2" : "1,2"};
  if (mpi::size() > 1) CHECK_THROWS_WITH(cli.parse(3, differ), Catch::Contains("--threads"));
  set_parse_check(old);
}

TEST_CASE("a usage error thrown on every rank ends with exit 2 and no abort", "[agree]") {
  MPI_Comm control;
  MPI_Comm_dup(MPI_COMM_WORLD, &control);
  CHECK(mpi::end_usage_error("every rank", control) == kExitUsage);
  MPI_Comm_free(&control);
}
