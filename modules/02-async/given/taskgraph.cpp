// The given half of the task graph: building it and finding cycles.
#include "taskgraph.hpp"

#include <algorithm>
#include <stdexcept>

namespace parlab::async {

TaskGraph::Id TaskGraph::add(std::string name, std::function<void()> fn, std::vector<Id> deps) {
  if (name.empty()) throw std::invalid_argument("TaskGraph::add: a task needs a name");
  if (!fn) throw std::invalid_argument("TaskGraph::add: task '" + name + "' has no function");
  for (Id d : deps)
    if (d >= tasks_.size())
      throw std::invalid_argument("TaskGraph::add: task '" + name + "' depends on unknown task #" + std::to_string(d));
  tasks_.push_back({std::move(name), std::move(fn), std::move(deps)});
  return tasks_.size() - 1;
}

void TaskGraph::depend(Id task, Id dep) {
  if (task >= tasks_.size() || dep >= tasks_.size())
    throw std::invalid_argument("TaskGraph::depend: unknown task #" + std::to_string(std::max(task, dep)));
  tasks_[task].deps.push_back(dep);
}

std::vector<std::vector<TaskGraph::Id>> TaskGraph::dependents() const {
  std::vector<std::vector<Id>> out(tasks_.size());
  for (Id t = 0; t < tasks_.size(); ++t)
    for (Id d : tasks_[t].deps) out[d].push_back(t);
  return out;
}

void TaskGraph::check_acyclic() const {
  // Depth-first search; a dependency that is still on the stack closes a cycle.
  enum class Mark { unseen, on_stack, done };
  std::vector<Mark> mark(tasks_.size(), Mark::unseen);
  std::vector<Id> path;
  std::function<void(Id)> visit = [&](Id t) {
    mark[t] = Mark::on_stack;
    path.push_back(t);
    for (Id d : tasks_[t].deps) {
      if (mark[d] == Mark::on_stack) {
        std::string text;
        auto it = std::find(path.begin(), path.end(), d);
        for (; it != path.end(); ++it) text += tasks_[*it].name + " -> ";
        throw std::invalid_argument("task graph has a cycle: " + text + tasks_[d].name +
                                    " (each arrow: needs); a cycle can never start");
      }
      if (mark[d] == Mark::unseen) visit(d);
    }
    path.pop_back();
    mark[t] = Mark::done;
  };
  for (Id t = 0; t < tasks_.size(); ++t)
    if (mark[t] == Mark::unseen) visit(t);
}

}  // namespace parlab::async
