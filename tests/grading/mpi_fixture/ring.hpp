#pragma once
// Every rank sends `value` to rank+1 and returns what rank-1 sent (a ring).
namespace parlab {
int ring_exchange(int value);
}  // namespace parlab
