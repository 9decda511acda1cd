#include "parlab/main.hpp"

#include <iostream>
#include <new>

#include "parlab/error.hpp"

namespace parlab {

int exit_code(int failed, int missing) { return failed ? kExitFailed : missing ? kExitNotImplemented : kExitOk; }

int run_main(const std::function<int()>& body) {
  try {
    return body();
  } catch (const usage_error& e) {
    std::cerr << "error: " << e.what() << "\n(run with --help for the options)\n";
    return kExitUsage;
  } catch (const not_implemented& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitNotImplemented;
  } catch (const io_error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitIo;
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory; choose a smaller size\n";
    return kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return kExitFailed;
  }
}

}  // namespace parlab
