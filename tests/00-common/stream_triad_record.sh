#!/usr/bin/env bash
# stream_triad_record.sh BIN: the bandwidth roof's records name their problem - the bytes a
# run moves, GB/s, the memory roof, a host fence - as docs/record-format.md says.
set -uo pipefail
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
"$1" --mib 1 --threads 1 --reps 1 --min-time 0 --json "$tmp/triad.json" || exit 1
for want in '"kernel": "triad"' '"n": 131072' '"sizes": {"n": 131072}' '"bytes": 3145728' '"flops": 262144' \
            '"rate_unit": "GB/s"' '"roof": "memory"' '"fence": "host"' '"validated": true'; do
  grep -qF "$want" "$tmp/triad.json" || { echo "stream_triad: no $want in its record"; cat "$tmp/triad.json"; exit 1; }
done
echo "stream_triad: its record names the memory roof and the bytes moved"
