// The static split of the frames (provided): rank r renders the same block of rows in
// every frame, and the root collects the blocks. The scene is uneven on purpose: rows
// through the glass spheres cost many times the rows of sky, so the rank with the glass
// finishes last while the others wait at the gather (exercise 5's farm fixes that).
//
// Collected with MPI_Gather, which wants the same count from every rank: each rank's
// block travels in a slot as large as the largest block, and the root copies each slot's
// rows into place.
#include <cstring>

#include "mpi.hpp"
#include "parlab/error.hpp"
#include "parlab/mpi.hpp"

namespace parlab::mpi05 {

static_assert(sizeof(Rgb8) == 3, "pixels travel as 3 bytes each");

void render_band(const Animation& anim, int frame, Image& img, int y0, int y1) {
  render_rows(anim, frame, img, y0, y1);
}

unsigned char* row_bytes(Image& img, int y0) { return reinterpret_cast<unsigned char*>(&img.at(0, y0)); }

void render_static(const Animation& anim, std::vector<Image>& frames, MPI_Comm comm, const BandRenderer& render) {
  const int p = mpi::size(comm), me = mpi::rank(comm);
  const int h = anim.height();
  if (h < p)
    throw usage_error("render: " + std::to_string(h) + " rows for " + std::to_string(p) +
                      " ranks: every rank needs at least one row; use fewer ranks or a bigger --height");
  const std::size_t row = std::size_t(anim.width()) * 3;
  const std::size_t slot = std::size_t(block_range(h, p, 0).size()) * row;  // block 0 is the largest
  const auto [y0, y1] = block_range(h, p, me);
  Image mine = anim.blank();
  std::vector<unsigned char> out(slot), slots(me == 0 ? slot * p : 0);
  for (int f = 0; f < anim.frames(); ++f) {
    render(anim, f, mine, int(y0), int(y1));
    std::memcpy(out.data(), row_bytes(mine, int(y0)), std::size_t(y1 - y0) * row);  // a smaller block: slot not full
    MPI_Gather(out.data(), int(slot), MPI_BYTE, slots.data(), int(slot), MPI_BYTE, 0, comm);
    if (me != 0) continue;
    for (int r = 0; r < p; ++r) {
      const auto [b, e] = block_range(h, p, r);
      std::memcpy(row_bytes(frames.at(f), int(b)), slots.data() + r * slot, std::size_t(e - b) * row);
    }
  }
}

}  // namespace parlab::mpi05
