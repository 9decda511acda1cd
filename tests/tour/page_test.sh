#!/usr/bin/env bash
# tests/tour/page_test.sh BIN_DIR - the tour's page, loaded in a real browser.
# A fixture results folder from the real tools at tiny sizes (drivers, tools/animate.sh,
# tools/tour_page.py), then chromium --headless --screenshot: the page loads, every
# image it names exists and decodes, and the screenshot is not blank.
# Skips (77) with the reason without chromium (tools/install-deps.sh --browser) or matplotlib.
set -euo pipefail
bin=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
python=/usr/bin/python3; [ -x $python ] || python=python3
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "SKIPPED: no chromium (install it with: tools/install-deps.sh --browser)"; exit 77; }
$python -c "import matplotlib, PIL" 2>/dev/null || { echo "SKIPPED: $python lacks matplotlib/PIL (apt install python3-matplotlib)"; exit 77; }
out=$(mktemp -d "${TMPDIR:-/tmp}/parlab-tour-page.XXXXXX")
# PARLAB_KEEP_SHOT=FILE keeps the screenshot (to look at it).
trap '[ -n "${PARLAB_KEEP_SHOT:-}" ] && [ -f "$out/shot.png" ] && cp "$out/shot.png" "$PARLAB_KEEP_SHOT"; rm -rf "$out"' EXIT

# The fixture: a matmul ladder with threads, frames, one skipped step, one expected slowdown.
export TOUR_OUT=$out TOUR_MODULE=03-threads
source "$here/tools/tour_lib.sh"
"$bin/seq_matmul" --n 48 --reps 1 --min-time 0 --json "$out/01-sequential-matmul.json" >/dev/null
"$bin/threads_matmul" --n 48 --threads 1,2 --reps 1 --min-time 0 --json "$out/03-threads-matmul.json" >/dev/null
expect_slower "$out/03-threads-matmul.json" row_blocks 2 "a fixture: tiny matrices cannot pay for two threads"
"$bin/seq_render" --width 32 --height 18 --frames 3 --samples 1 --reps 1 --min-time 0 --out "$out/frames" \
  --json "$out/01-sequential-render.json" >/dev/null
printf '03-threads\tthreads_render\tskipped\trender_pool x2\n' >>"$out/tour-status.tsv"
# A step whose driver fails goes on (step returns 0) and is logged as failed.
step "$bin/seq_matmul" --n 0 >/dev/null
grep -qP '^03-threads\tseq_matmul\tfailed\texit 2$' "$out/tour-status.tsv" || { echo "FAIL: step did not log the failed driver"; exit 1; }
"$here/tools/animate.sh" "$out/frames" "$out/animation.gif" 8 >/dev/null
# Module 07's heat maps, as tools/modules.sh animates them (heat_stencil needs OpenMP).
want="animation.gif ladder.png"
if [ -x "$bin/heat_stencil" ]; then
  "$bin/heat_stencil" --nx 40 --ny 30 --steps 60 --variants seq --reps 1 --min-time 0 \
    --out "$out/heat-frames" --frames 4 >/dev/null
  "$here/tools/animate.sh" "$out/heat-frames" "$out/heat.gif" 8 >/dev/null
  want="$want heat.gif"
else
  echo "note: no heat_stencil (built without OpenMP): the page is checked without the heat animation"
fi
$python "$here/tools/tour_page.py" "$out"
grep -q "skipped (not implemented yet): render_pool x2" "$out/index.html" || { echo "FAIL: the skipped rung is not on the page"; exit 1; }
grep -q "FAILED" <("$python" "$here/tools/summary.py" --status "$out/tour-status.tsv" "$out"/*.json) \
  || { echo "FAIL: the summary does not report the failed step"; exit 1; }
grep -q "slower on purpose: a fixture" "$out/index.html" || { echo "FAIL: the expected slowdown's reason is not on the page"; exit 1; }

# The browser: its own profile folder (tests may run twice at once), no network needed.
timeout 90 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$out/profile" \
  --window-size=1000,1400 --screenshot="$out/shot.png" "file://$out/index.html" >"$out/browser.log" 2>&1 \
  || { cat "$out/browser.log"; echo "FAIL: chromium did not load the page"; exit 1; }
$python - "$out" "$want" <<'PY'
import re, sys, os
from PIL import Image, ImageStat
out = sys.argv[1]
page = open(os.path.join(out, "index.html")).read()
srcs = re.findall(r"<img src=([^ >]+)", page)
assert set(sys.argv[2].split()) <= set(srcs), f"page images: {srcs}, wanted {sys.argv[2]}"
for s in srcs:
    path = os.path.join(out, s)
    assert os.path.isfile(path), f"the page names {s}, which is missing"
    with Image.open(path) as im:
        im.load()  # decodes it
        assert im.size[0] > 10 and im.size[1] > 10, f"{s}: {im.size}"
shot = Image.open(os.path.join(out, "shot.png")).convert("L")
stat = ImageStat.Stat(shot)
assert stat.stddev[0] > 10, f"the screenshot is blank (stddev {stat.stddev[0]:.1f})"
colours = len(set(Image.open(os.path.join(out, "shot.png")).convert("RGB").getdata()))
assert colours > 50, f"the screenshot has only {colours} colours: images did not render"
print(f"page OK: {len(srcs)} images decode; screenshot stddev {stat.stddev[0]:.1f}, {colours} colours")
PY
