// Driver: responsive rendering. Part 1 renders the animation in the background
// while this (foreground) thread shows live progress and may cancel. Part 2
// measures the overlap of writing frame k with rendering frame k+1.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "parlab/cli.hpp"
#include "parlab/driver.hpp"
#include "parlab/error.hpp"
#include "async_report.hpp"
#include "parlab/report.hpp"
#include "render_async.hpp"

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
    std::string out_dir, json;
    std::vector<std::string> parts;
    double cancel_after = 0, min_time = 0.25;
    int delay_ms = 0, reps = 3;
    Cli cli("async_render",
            "Responsive rendering: the animation renders in the background while the foreground\n"
            "shows progress (and may cancel); then writing frame k overlaps rendering frame k+1.\n\n"
            "parts: background (progress + cancel), pipeline (render+write, sequential vs overlapped)");
    add_render_options(cli, s)
        .option("variants", parts, "parts to run", {"background", "pipeline"})
        .option("cancel-after", cancel_after, "background part: cancel after this many seconds (0: never)", 0.0, 3600.0)
        .option("write-delay-ms", delay_ms, "pipeline part: extra wait per frame write (slow disk/network)", 0, 10000)
        .option("out", out_dir, "write the frames into this folder (default: a temporary folder)")
        .option("reps", reps, "pipeline part: at least this many timed runs", 1, 1000)
        .option("min-time", min_time, "and at least this many seconds of timed runs", 0.0, 600.0)
        .option("json", json, "write JSON records to this file");
    if (!cli.parse(argc, argv)) return 0;
    auto want = [&](const std::string& p) { return parts.empty() || std::find(parts.begin(), parts.end(), p) != parts.end(); };
    const bool temp_out = out_dir.empty();
    if (temp_out)
      out_dir = (std::filesystem::temp_directory_path() / ("parlab-async-render-" + std::to_string(::getpid()))).string();
    prepare_output_dir(out_dir);
    if (!json.empty()) JsonReport{}.write(json);

    const Animation anim(s);
    print_banner("02-async", "render",
                 render_params(s) + " threads=1 ranks=1");
    const std::vector<Image> reference = render_all_seq(anim);
    auto identical = [&](const std::vector<Image>& frames) {
      for (std::size_t f = 0; f < frames.size(); ++f)
        if (!(frames[f] == reference.at(f))) return false;
      return true;
    };
    const double mpix = double(anim.pixels_per_frame()) * anim.frames() / 1e6;
    JsonReport report;
    int failed = 0, missing = 0;

    if (want("background")) {
      try {
        std::cout << "\n-- background render: the foreground polls progress every 50 ms"
                  << (cancel_after > 0 ? " and cancels after " + fmt(cancel_after, 2) + " s" : std::string()) << '\n';
        int calls = 0, last_done = 0;
        bool monotone = true;
        BackgroundRender job(anim, [&](const Progress& p) {  // on the background thread; only it touches these
          ++calls;
          monotone = monotone && p.done == last_done + 1;
          last_done = p.done;
        });
        const bool tty = ::isatty(STDOUT_FILENO);
        Stopwatch sw;
        job.start();
        int shown = -1;
        double cancel_at = -1;
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
        const double stopped = sw.seconds();
        const auto result = job.wait();
        const Progress p = job.progress();
        if (tty) std::cout << "\r  " << bar(p.done, p.total) << ' ' << p.done << '/' << p.total << " frames    \n";
        bool ok = identical(result.frames) && monotone && calls == static_cast<int>(result.frames.size());
        std::string detail;
        if (result.cancelled)
          detail = "cancelled after " + std::to_string(result.frames.size()) + " of " + std::to_string(anim.frames()) +
                   " frames, stopped " + fmt((stopped - cancel_at) * 1000, 0) + " ms after the request (<= 50 ms of polling); ";
        else
          ok = ok && static_cast<int>(result.frames.size()) == anim.frames();
        detail += ok ? "frames bit-identical to the sequential render, progress monotone and complete"
                     : "frames or progress callbacks wrong (" + std::to_string(calls) + " callbacks)";
        auto checked = checked_record("render", "background", ok, detail, failed);
        if (checked && !result.cancelled) {
          Record& r = *checked;
          r.width = s.width, r.height = s.height, r.frames = s.frames;
          r.stats = summarize({stopped});
          r.rate = mpix / stopped, r.rate_unit = "Mpixel/s";
          r.notes = {{"samples", std::to_string(s.samples)}};
          print_rate("background", r.rate, r.rate_unit, r.stats);
          report.add(r);
        }
      } catch (const not_implemented& e) {  // the exercise is still a stub: go on with the pipeline
        std::cout << "\nSolution not implemented [background]: " << e.what() << '\n';
        ++missing;
      }
    }

    if (want("pipeline")) {
      std::cout << "\n-- render + write every frame to " << out_dir << (delay_ms ? " (+" + std::to_string(delay_ms) + " ms per write)" : "")
                << ": one after the other, then overlapped\n";
      const TimingOptions topt{0, reps, std::max(reps, 50), min_time};
      auto produce = [&](int k) { return render_frame(anim, k); };
      auto write = [&](int k, const Image& img) {
        write_image(img, frame_stem(out_dir, k));
        if (delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
      };
      // The two stages alone, to know the best overlap can do: (R + W) / max(R, W).
      const Stats render_only = measure([&] { for (int k = 0; k < anim.frames(); ++k) produce(k); }, topt);
      const Stats write_only = measure([&] { for (int k = 0; k < anim.frames(); ++k) write(k, reference[k]); }, topt);
      const double ideal = (render_only.median + write_only.median) / std::max(render_only.median, write_only.median);
      std::cout << "  render alone " << fmt(render_only.median, 3) << " s, write alone " << fmt(write_only.median, 3)
                << " s: the best overlap gain is " << fmt(ideal, 2) << "x\n";
      double t_seq = NAN;
      for (const auto& rung : {std::pair<std::string, decltype(&pipeline_seq)>{"render+write-seq", pipeline_seq},
                               {"render+write-overlapped", pipeline_overlapped}}) {
        const std::string& name = rung.first;
        const auto fn = rung.second;  // a plain variable: lambdas below capture it
        std::vector<Image> got(anim.frames());
        try {
          fn(anim.frames(), produce, [&](int k, const Image& img) { write(k, img), got[k] = img; });
        } catch (const not_implemented& e) {
          std::cout << "Solution not implemented [" << name << "]: " << e.what() << '\n';
          ++missing;
          continue;
        }
        bool ok = identical(got);
        for (int k = 0; k < anim.frames() && ok; ++k)
          ok = png_supported() ? read_png(frame_stem(out_dir, k) + ".png") == reference[k] : true;
        auto checked = checked_record("render", name, ok,
                                      ok ? "frames written bit-identical to the sequential render" : "frames differ", failed);
        if (!checked) continue;
        Record& r = *checked;
        r.width = s.width, r.height = s.height, r.frames = s.frames;
        r.stats = measure([&] { fn(anim.frames(), produce, write); }, topt);
        r.rate = mpix / r.stats.median, r.rate_unit = "Mpixel/s";
        if (std::isnan(t_seq)) t_seq = r.stats.median;
        r.extra = {{"render_only_s", render_only.median}, {"write_only_s", write_only.median},
                   {"ideal_gain", ideal}, {"overlap_gain", t_seq / r.stats.median},
                   {"speedup_vs_render+write-seq", t_seq / r.stats.median}};
        r.notes = {{"samples", std::to_string(s.samples)}, {"write_delay_ms", std::to_string(delay_ms)}};
        print_rate(name, r.rate, r.rate_unit, r.stats);
        report.add(r);
      }
      Table table({"variant", "median s", "Mpixel/s", "overlap gain", "best possible"});
      for (const auto& r : report.records())
        if (r.variant.rfind("render+write", 0) == 0)
          table.add({r.variant, fmt(r.stats.median, 3), fmt(r.rate, 2), fmt(t_seq / r.stats.median, 2), fmt(ideal, 2)});
      std::cout << '\n';
      table.print(std::cout);
      if (!temp_out) std::cout << "Frames: " << anim.frames() << " images in " << out_dir << '\n';
    }
    if (temp_out) std::filesystem::remove_all(out_dir);
    if (!json.empty()) {
      report.write(json);
      std::cout << "JSON records: " << json << '\n';
    }
    return failed ? 1 : missing ? 3 : 0;
  });
}
