// The given parts of the kitchen: timeline, synchronous cook, event loop, chart.
#include "kitchen.hpp"

#include <algorithm>
#include <map>
#include <ostream>
#include <stdexcept>

namespace parlab::async {

Millis Breakfast::longest() const {
  Millis m{0};
  for (const auto& s : steps) m = std::max(m, s.duration);
  return std::max(m, dish * dishes);
}

Millis Breakfast::total() const {
  Millis t = dish * dishes;
  for (const auto& s : steps) t += s.duration;
  return t;
}

Breakfast default_breakfast(Millis scale) {
  // Eggs 3, toast 2, coffee 1.5 units; the sink: 8 dishes of 0.2 units each.
  return Breakfast{{{"eggs", scale * 3}, {"toast", scale * 2}, {"coffee", scale * 3 / 2}}, 8, scale / 5};
}

void validate(const Breakfast& b) {
  if (b.steps.size() > 1000) throw std::invalid_argument("a breakfast of more than 1000 steps is absurd");
  if (b.dishes < 0 || b.dishes > 1000)
    throw std::invalid_argument("dishes: " + std::to_string(b.dishes) + " is out of range [0, 1000]");
  if (b.dish < Millis(0) || b.dish > Millis(3'600'000))
    throw std::invalid_argument("dish duration must be in [0 ms, 1 hour]");
  for (const auto& s : b.steps)
    if (s.duration < Millis(0) || s.duration > Millis(3'600'000))
      throw std::invalid_argument("step '" + s.name + "': duration must be in [0 ms, 1 hour]");
}

void Timeline::log(std::string what) {
  const double t = seconds();
  std::lock_guard lock(m_);
  ev_.push_back({t, std::move(what), std::this_thread::get_id()});
}

std::vector<Timeline::Event> Timeline::events() const {
  std::lock_guard lock(m_);
  return ev_;
}

double Timeline::seconds() const { return std::chrono::duration<double>(Clock::now() - t0_).count(); }

int Timeline::find(const std::string& what) const {
  std::lock_guard lock(m_);
  for (std::size_t i = 0; i < ev_.size(); ++i)
    if (ev_[i].what == what) return static_cast<int>(i);
  return -1;
}

void clean_dish(const Breakfast& b, int i, Timeline& tl) {
  tl.log(dish_name(i));
  // Hands-on work: the cook is busy, no timer can interrupt it. A sleep stands in
  // for the work so that the demo costs no CPU; it still blocks this thread.
  std::this_thread::sleep_for(b.dish);
}

void cook_sync(const Breakfast& b, Timeline& tl) {
  validate(b);
  for (const auto& s : b.steps) {
    tl.log(started(s));
    std::this_thread::sleep_for(s.duration);  // stands at the stove, waiting
    tl.log(finished(s));
  }
  for (int i = 0; i < b.dishes; ++i) clean_dish(b, i, tl);
}

// ---- event loop ----------------------------------------------------------------
void EventLoop::post(std::function<void()> fn) { ready_.push_back(std::move(fn)); }

void EventLoop::call_after(Clock::duration d, std::function<void()> fn) {
  timers_.push(Timer{Clock::now() + d, seq_++, std::move(fn)});
}

void EventLoop::run() {
  while (!ready_.empty() || !timers_.empty()) {
    // Run what is ready now. Work posted by these callbacks waits for the next
    // round, so due timers get their turn in between (no starvation).
    auto batch = std::move(ready_);
    ready_.clear();
    for (auto& fn : batch) fn();
    // Nothing ready: the loop sleeps until the next timer is due (a real loop
    // would wait in epoll/kqueue for I/O here as well).
    if (ready_.empty() && !timers_.empty()) std::this_thread::sleep_until(timers_.top().due);
    const auto now = Clock::now();
    while (!timers_.empty() && timers_.top().due <= now) {
      ready_.push_back(timers_.top().fn);
      timers_.pop();
    }
  }
}

void Task::get() const {
  if (!done()) throw std::logic_error("Task::get(): the coroutine has not finished (run the loop first)");
  if (h_.promise().error) std::rethrow_exception(h_.promise().error);
}

std::string check_cooked(const Breakfast& b, const Timeline& tl) {
  const auto ev = tl.events();
  auto count = [&](const std::string& what) {
    int n = 0;
    for (const auto& e : ev) n += e.what == what;
    return n;
  };
  for (const auto& s : b.steps) {
    for (const std::string& what : {started(s), finished(s)})
      if (count(what) != 1) return what + " logged " + std::to_string(count(what)) + " times, expected once";
    if (tl.find(finished(s)) < tl.find(started(s))) return s.name + " was done before it started";
  }
  for (int i = 0; i < b.dishes; ++i)
    if (count(dish_name(i)) != 1) return dish_name(i) + " cleaned " + std::to_string(count(dish_name(i))) + " times";
  const std::size_t expected = 2 * b.steps.size() + static_cast<std::size_t>(b.dishes);
  if (ev.size() != expected)
    return std::to_string(ev.size()) + " events logged, expected " + std::to_string(expected);
  return {};
}

int threads_used(const Timeline& tl) {
  std::vector<std::thread::id> ids;
  for (const auto& e : tl.events())
    if (std::find(ids.begin(), ids.end(), e.who) == ids.end()) ids.push_back(e.who);
  return static_cast<int>(ids.size());
}

// ---- chart -----------------------------------------------------------------------
void print_chart(std::ostream& os, const Breakfast& b, const Timeline& tl, int columns) {
  const auto ev = tl.events();
  const double dish_s = std::chrono::duration<double>(b.dish).count();
  double end = 0;
  for (const auto& e : ev) end = std::max(end, e.t + (e.what.rfind("dish ", 0) == 0 ? dish_s : 0.0));
  if (end <= 0) end = 1e-9;
  auto col = [&](double t) { return std::clamp(static_cast<int>(t / end * columns + 0.5), 0, columns); };
  auto t_of = [&](const std::string& what) {
    for (const auto& e : ev)
      if (e.what == what) return e.t;
    return -1.0;
  };
  std::map<std::thread::id, int> lane;  // threads numbered in order of appearance
  for (const auto& e : ev) lane.emplace(e.who, static_cast<int>(lane.size()));
  auto thread_of = [&](const std::string& what) {
    for (const auto& e : ev)
      if (e.what == what) return std::string(1, 'T').append(std::to_string(lane[e.who]));
    return std::string("-");
  };
  std::size_t name_w = 4;
  for (const auto& s : b.steps) name_w = std::max(name_w, s.name.size());
  auto row = [&](const std::string& name, const std::string& bar, const std::string& who) {
    os << "  " << name << std::string(name_w - name.size(), ' ') << " |" << bar << "| " << who << '\n';
  };
  for (const auto& s : b.steps) {
    std::string bar(columns, ' ');
    const double t0 = t_of(started(s)), t1 = t_of(finished(s));
    if (t0 >= 0 && t1 >= 0)
      for (int c = col(t0); c < std::max(col(t1), col(t0) + 1) && c < columns; ++c) bar[c] = '=';
    row(s.name, bar, thread_of(started(s)) + " started, " + thread_of(finished(s)) + " saw it done");
  }
  std::string sink(columns, ' ');
  for (int i = 0; i < b.dishes; ++i) {
    const double t = t_of(dish_name(i));
    if (t < 0) continue;
    for (int c = col(t); c < std::max(col(t + dish_s), col(t) + 1) && c < columns; ++c) sink[c] = '#';
  }
  row("sink", sink, b.dishes ? thread_of(dish_name(0)) + " cleaned" : "");
  os << "  " << std::string(name_w, ' ') << " 0" << std::string(columns > 8 ? columns - 6 : 1, ' ')
     << static_cast<long>(end * 1000 + 0.5) << " ms; " << lane.size() << " thread(s)\n";
}

}  // namespace parlab::async
