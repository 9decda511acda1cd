// Driver: responsive rendering. Part 1 renders the animation in the background
// while this (foreground) thread shows live progress and may cancel. Part 2
// measures the overlap of writing frame k with rendering frame k+1.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "parlab/driver.hpp"
#include "parlab/rung_labels.hpp"
#include "parlab/main.hpp"
#include "parlab/output.hpp"
#include "async.hpp"

using namespace parlab;
using namespace parlab::async;

namespace {

std::string frame_stem(const std::string& dir, int k) {
  char stem[32];
  std::snprintf(stem, sizeof stem, "frame_%04d", k);
  return (std::filesystem::path(dir) / stem).string();
}

std::string bar(int done, int total, int width = 30) {
  const int fill = total ? done * width / total : 0;
  std::string out(static_cast<std::size_t>(width) + 2, '.');
  out.front() = '[', out.back() = ']';
  std::fill_n(out.begin() + 1, fill, '#');
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  return run_main([&] {
    RenderSettings s{320, 180, 8, 4, 5};
    std::string out_dir;
    double cancel_after = 0;
    int delay_ms = 0;
    RunOptions opt;
    const Animation* anim = nullptr;  // set once the options are known
    std::vector<Image> reference, got;

    // Part 1: the background render, shown live; it times its one run itself.
    double stopped = 0, cancel_at = -1;
    bool cancelled = false, monotone = true;
    int calls = 0;
    auto background = [&](int) {
      std::cout << "\n-- background render: the foreground polls progress every 50 ms"
                << (cancel_after > 0 ? " and cancels after " + fmt(cancel_after, 2) + " s" : std::string()) << '\n';
      int last_done = 0;
      calls = 0, monotone = true, cancel_at = -1;
      BackgroundRender job(*anim, [&](const Progress& p) {  // on the background thread; only it touches these
        ++calls;
        monotone = monotone && p.done == last_done + 1;
        last_done = p.done;
      });
      const bool tty = ::isatty(STDOUT_FILENO);
      Stopwatch sw;
      job.start();
      int shown = -1;
      while (!job.finished()) {
        const Progress p = job.progress();
        if (tty || p.done != shown) {
          std::cout << (tty ? "\r  " : "  ") << bar(p.done, p.total) << ' ' << p.done << '/' << p.total
                    << " frames, " << fmt(p.elapsed_s, 1) << " s, ETA " << (p.done ? fmt(p.eta_s, 1) + " s" : "?")
                    << "   " << (tty ? "" : "\n") << std::flush;
          shown = p.done;
        }
        if (cancel_after > 0 && cancel_at < 0 && sw.seconds() >= cancel_after) {
          cancel_at = sw.seconds();
          job.cancel();
          job.cancel();  // twice is harmless
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
      stopped = sw.seconds();
      auto result = job.wait();
      const Progress p = job.progress();
      if (tty) std::cout << "\r  " << bar(p.done, p.total) << ' ' << p.done << '/' << p.total << " frames    \n";
      cancelled = result.cancelled;
      got = std::move(result.frames);
    };
    auto background_check = [&](int) {
      bool ok = got.size() <= reference.size() && monotone && calls == static_cast<int>(got.size());
      for (std::size_t f = 0; ok && f < got.size(); ++f) ok = got[f] == reference[f];
      std::string detail;
      // The foreground looks every 50 ms and the frame being rendered ends first: the
      // delay is that, not a bound on it.
      if (cancelled)
        detail = "cancelled after " + std::to_string(got.size()) + " of " + std::to_string(anim->frames()) +
                 " frames, stopped " + fmt((stopped - cancel_at) * 1000, 0) +
                 " ms after the request (polled every 50 ms, the frame in progress finished first); ";
      else
        ok = ok && got.size() == reference.size();
      if (!ok)
        detail += "frames or progress callbacks wrong (" + std::to_string(calls) + " callbacks)";
      else if (cancelled)
        detail += got.empty() ? "no frame made, no progress reported"
                              : "the frames made bit-identical to the sequential render, progress monotone";
      else
        detail += "frames bit-identical to the sequential render, progress monotone and complete";
      Verdict v = Verdict::check(ok, detail);
      if (!cancelled) v.seconds = stopped;  // a cancelled run's time is not the animation's
      // The record says what ran: a cancelled run made fewer frames than the animation has.
      v.extra = {{"cancel_after_s", cancel_after}, {"frames_done", double(got.size())}, {"cancelled", cancelled ? 1.0 : 0.0}};
      return v;
    };

    // Part 2: render + write every frame, one after the other, then overlapped.
    auto produce = [&](int k) { return render_frame(*anim, k); };
    auto write = [&](int k, const Image& img) {
      write_image(img, frame_stem(out_dir, k));
      if (delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    };
    auto pipeline = [&](decltype(&pipeline_seq) fn) {
      return [&, fn](int) {
        got.resize(anim->frames());
        fn(anim->frames(), produce, [&](int k, const Image& img) { write(k, img), got[k] = img; });
      };
    };
    std::function<Verdict(int)> frames_check;  // expect_frames' check, and the files read back
    auto pipeline_check = [&](int t) {
      Verdict v = frames_check(t);
      for (int k = 0; k < anim->frames() && v.kind == Verdict::Kind::pass && png_supported(); ++k)
        if (!(read_png(frame_stem(out_dir, k) + ".png") == reference[k])) v = Verdict::check(false, "frame files differ");
      if (v.kind == Verdict::Kind::pass) v.detail = "frames written bit-identical to the sequential render";
      return v;
    };
    const std::vector<Rung> rungs{
        Rung("background", manifest::about("the animation renders in the background; progress shown, may cancel", manifest::label("async_render", "background")),
             background).untimed().checked_by(background_check),
        Rung("render+write-seq", "render frame k, write it, then frame k+1 (the baseline)", pipeline(pipeline_seq))
            .checked_by(pipeline_check),
        Rung("render+write-overlapped", manifest::about("write frame k while frame k+1 renders", manifest::label("async_render", "render+write-overlapped")),
             pipeline(pipeline_overlapped)).checked_by(pipeline_check),
    };

    Cli cli("async_render",
            "Responsive rendering: the animation renders in the background while the foreground\n"
            "shows progress (and may cancel); then writing frame k overlaps rendering frame k+1.");
    add_render_options(cli, s)
        .option("cancel-after", cancel_after, "background: cancel after this many seconds (0: never)", 0.0, 3600.0)
        .option("write-delay-ms", delay_ms, "render+write: extra wait per frame write (slow disk/network)", 0, 10000)
        .option("out", out_dir, "write the frames into this folder (default: a temporary folder)");
    add_run_options(cli, opt, rungs, false);
    if (!cli.parse(argc, argv)) return 0;
    const bool temp_out = out_dir.empty();
    if (temp_out)
      out_dir = (std::filesystem::temp_directory_path() / ("parlab-async-render-" + std::to_string(::getpid()))).string();
    check_apart(opt.json, "--json", out_dir, "--out");
    prepare_output_dir(out_dir, "--out");
    Runner runner(opt);

    const Animation animation(s);
    anim = &animation;
    runner.banner("02-async", "render", render_params(s) + " write-delay=" + std::to_string(delay_ms) + "ms" +
                                             (cancel_after > 0 ? " cancel-after=" + fmt(cancel_after, 2) + "s" : ""));
    reference = render_all_seq(animation);

    Ladder l;
    l.proto.module = "02-async";
    l.proto.kernel = "render";
    describe_render(l.proto, s);
    l.proto.params.push_back({"write_delay_ms", delay_ms});
    l.work = double(animation.pixels_per_frame()) * animation.frames() / 1e6;
    l.unit = "Mpixel/s";
    expect_frames(l, reference, got);
    frames_check = l.check;
    std::vector<Record> recs;
    if (opt.wants("background")) recs = runner.run(l, {rungs[0]});
    const std::vector<Rung> pipelines(rungs.begin() + 1, rungs.end());
    if (opt.wants("render+write-seq") || opt.wants("render+write-overlapped")) {
      std::cout << "\n-- render + write every frame to " << out_dir
                << (delay_ms ? " (+" + std::to_string(delay_ms) + " ms per write)" : "") << ": one after the other, then overlapped\n";
      // The two stages alone, to know the best overlap can do: (R + W) / max(R, W).
      const Stats render_only = measure([&] { for (int k = 0; k < animation.frames(); ++k) produce(k); }, opt.timing());
      const Stats write_only = measure([&] { for (int k = 0; k < animation.frames(); ++k) write(k, reference[k]); }, opt.timing());
      const double ideal = (render_only.median + write_only.median) / std::max(render_only.median, write_only.median);
      std::cout << "  render alone " << fmt(render_only.median, 3) << " s, write alone " << fmt(write_only.median, 3)
                << " s: the best overlap gain is " << fmt(ideal, 2) << "x\n";
      std::vector<Record> piped = runner.run(l, pipelines);
      for (auto& r : piped)
        r.extra.insert(r.extra.end(), {{"render_only_s", render_only.median}, {"write_only_s", write_only.median},
                                       {"ideal_gain", ideal}});
      runner.speedup_table(piped, "render+write-seq");
      std::cout << "(x render+write-seq: the overlap gain; the best possible is " << fmt(ideal, 2) << "x)\n";
      if (!temp_out) std::cout << "Frames: " << animation.frames() << " images in " << out_dir << '\n';
      recs.insert(recs.end(), piped.begin(), piped.end());
    }
    if (temp_out) std::filesystem::remove_all(out_dir);
    return runner.finish(recs);
  });
}
