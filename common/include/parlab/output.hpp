// Output files and folders, checked before any work: a run that would fail to save its
// results fails at once, with a message that names the option.
#pragma once
#include <string>

namespace parlab {

// Creates the folder if needed and checks that a file can be written in it.
// Throws usage_error ("<option>: cannot create/write output folder ...") otherwise.
void prepare_output_dir(const std::string& dir, const std::string& option = "--out");

// Creates the file's folder if needed (every driver does the same for --json) and
// checks that the file can be written, without creating it (results are written whole
// at the end: parlab/atomic_file.hpp). Throws usage_error naming `option`.
void prepare_output_file(const std::string& path, const std::string& option = "--json");

// Throws usage_error if the file and the folder are one path ("--json d/a --out d/a"):
// called before either is prepared, so that nothing is created for a run that is refused.
void check_apart(const std::string& file, const std::string& file_option, const std::string& dir,
                 const std::string& dir_option);

}  // namespace parlab
