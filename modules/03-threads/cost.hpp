// "Pay the cooks": what a process, a thread and a coroutine cost, side by side.
// Creating one (and waiting for it to finish), switching to it and back, and what
// it shares with its creator. Given code: the measurements of the threads_cost driver.
#pragma once
#include <cstddef>

namespace parlab::threads {

enum class Worker { process, thread, coroutine };
const char* name(Worker w);

// Creates `count` workers one after the other, each doing nothing and finishing, and
// waits for each (fork + waitpid, std::thread + join, coroutine create + resume +
// destroy). Returns the seconds per worker. Throws std::system_error if the OS refuses.
double create_seconds(Worker w, int count);

// `round_trips` times: hand control to the other worker and get it back (two pipes
// between two processes, two semaphores between two threads, resume/suspend of a
// coroutine). Returns the seconds per one-way switch (half a round trip).
double switch_seconds(Worker w, int round_trips);

// What a worker shares with its creator: the worker writes 42 into a variable of the
// creator's; returns the value the creator reads back afterwards (42: shared memory,
// 0: a copy of it). Processes get a copy (fork copies on write); threads and coroutines
// share the address space.
int sees_parent_write(Worker w);

// The stack a new std::thread gets (reserved address space, touched page by page),
// and 0 for a process (it has its own copy of the creator's) and for a coroutine
// (no stack of its own: its frame lives on the heap, it runs on its resumer's stack).
std::size_t stack_bytes(Worker w);
// The coroutine's frame instead: bytes operator new was asked for.
std::size_t coroutine_frame_bytes();

}  // namespace parlab::threads
