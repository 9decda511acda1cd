// Module 02: a task graph (a DAG) and the executor that runs it.
//
// Each task is a function and the tasks it needs first. The executor starts a
// task as soon as all of its inputs are done: with one worker that is a
// topological order; with N workers, independent tasks run at the same time.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace parlab::async {

class TaskGraph {
 public:
  using Id = std::size_t;
  // Adds a task that may start once every task in `deps` is done.
  // Throws std::invalid_argument for an unknown dependency or an empty name.
  Id add(std::string name, std::function<void()> fn, std::vector<Id> deps = {});
  // Adds "task needs dep" afterwards (this is how a cycle can be made).
  void depend(Id task, Id dep);

  std::size_t size() const { return tasks_.size(); }
  const std::string& name(Id t) const { return tasks_.at(t).name; }
  const std::vector<Id>& deps(Id t) const { return tasks_.at(t).deps; }
  void run_task(Id t) const { tasks_.at(t).fn(); }
  // The tasks that need t, in the order they were added.
  std::vector<std::vector<Id>> dependents() const;

  // Throws std::invalid_argument naming the cycle ("task graph has a cycle:
  // a -> b -> a") if there is one. Call it before running anything.
  void check_acyclic() const;

 private:
  struct Node {
    std::string name;
    std::function<void()> fn;
    std::vector<Id> deps;
  };
  std::vector<Node> tasks_;
};

constexpr int kMaxWorkers = 256;

// Exercise 4 (taskgraph_executor.cpp): runs every task of g on `workers` threads,
// each task only after all of its dependencies have finished.
// - workers outside [1, kMaxWorkers]: std::invalid_argument, nothing runs;
// - a cycle: std::invalid_argument from check_acyclic(), nothing runs;
// - a task throws: no new task starts, the running ones finish, and the first
//   exception is rethrown to the caller.
void run_graph(const TaskGraph& g, int workers);

}  // namespace parlab::async
