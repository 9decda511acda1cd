#!/usr/bin/env bash
# tools/animate.sh FRAMES_DIR [OUT] [FPS] - turn rendered frames into an animation.
#
#   tools/animate.sh results/tour/frames                      -> results/tour/frames/animation.gif
#   tools/animate.sh results/tour/frames results/tour/anim.mp4 24
#
# FRAMES_DIR holds frame_0000.png, frame_0001.png, ... (or .ppm: builds without libpng), as
# every render driver writes them with --out. OUT ends in .gif (a palette made from the
# frames themselves, so the colours stay clean) or .mp4 (H.264, plays everywhere).
# FPS defaults to 12. Needs ffmpeg (apt install ffmpeg).
set -euo pipefail
usage() { sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
[ $# -ge 1 ] && [ $# -le 3 ] || usage
case $1 in -h|--help) usage ;; esac
dir=${1%/}
out=${2:-$dir/animation.gif}
fps=${3:-12}
[ -d "$dir" ] || { echo "animate: no folder '$dir' (render with --out DIR first)" >&2; exit 2; }
[[ $fps =~ ^[0-9]+$ ]] && [ "$fps" -ge 1 ] && [ "$fps" -le 120 ] || { echo "animate: FPS must be 1..120 (got '$fps')" >&2; exit 2; }
ext=""
for e in png ppm; do [ -f "$dir/frame_0000.$e" ] && { ext=$e; break; }; done
[ -n "$ext" ] || { echo "animate: no frame_0000.png or frame_0000.ppm in '$dir'" >&2; exit 2; }
count=$(find "$dir" -maxdepth 1 -name "frame_[0-9][0-9][0-9][0-9].$ext" | wc -l)
if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "animate: ffmpeg not found (apt install ffmpeg); the $count frames stay in $dir" >&2
  exit 3
fi
mkdir -p "$(dirname "$out")"
in=(-loglevel error -y -framerate "$fps" -i "$dir/frame_%04d.$ext")
case $out in
  *.gif)
    ffmpeg "${in[@]}" -vf "split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a" \
      -loop 0 "$out" ;;
  *.mp4)
    # H.264 wants even sizes and yuv420p for players; mpeg4 where libx264 is missing.
    codec=(-c:v libx264 -crf 18 -preset medium)
    encoders=$(ffmpeg -hide_banner -encoders 2>/dev/null || true)
    grep -q libx264 <<<"$encoders" || codec=(-c:v mpeg4 -q:v 2)
    ffmpeg "${in[@]}" -vf "scale=trunc(iw/2)*2:trunc(ih/2)*2" "${codec[@]}" -pix_fmt yuv420p \
      -movflags +faststart "$out" ;;
  *) echo "animate: OUT must end in .gif or .mp4 (got '$out')" >&2; exit 2 ;;
esac
echo "animation: $out ($count frames at $fps fps)"
