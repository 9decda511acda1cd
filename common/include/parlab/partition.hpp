// Block partitions: the one definition every module splits rows (or any items) with.
#pragma once
#include <algorithm>

namespace parlab {

// A half-open range [begin, end) of rows (or any items).
struct Range {
  long begin = 0, end = 0;
  long size() const { return end - begin; }
};

// Part `part` of `parts` near-equal contiguous blocks of [0, n): the first n % parts
// blocks get one item more, so sizes differ by at most one and every item is covered
// once. With more parts than items, the last parts are empty.
inline Range block_range(long n, int parts, int part) {
  const long base = n / parts, extra = n % parts;
  const long begin = part * base + std::min<long>(part, extra);
  return {begin, begin + base + (part < extra ? 1 : 0)};
}

}  // namespace parlab
