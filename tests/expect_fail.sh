#!/usr/bin/env bash
# expect_fail.sh [--code N] [--within S] REGEX COMMAND... : passes when COMMAND exits non-zero
# by itself (not killed by a signal, not a timeout) and its output matches REGEX.
#   --code N    the exit code must be N
#   --within S  and it must end within S seconds (default 60; a hang is a failure)
code='' within=60
while [[ ${1:-} == --code || ${1:-} == --within ]]; do
  [ "$1" = --code ] && code=$2 || within=$2
  shift 2
done
regex=$1; shift
out=$(timeout "$within" "$@" 2>&1); rc=$?
printf '%s\n' "$out"
if [ $rc -eq 0 ]; then echo "expect_fail: command succeeded, expected a clean error"; exit 1; fi
if [ $rc -ge 124 ]; then echo "expect_fail: exit code $rc (timeout after ${within}s, crash or signal), expected a clean error"; exit 1; fi
if [ -n "$code" ] && [ "$rc" -ne "$code" ]; then echo "expect_fail: exit code $rc, expected $code"; exit 1; fi
if ! grep -Eq -- "$regex" <<<"$out"; then echo "expect_fail: output does not match /$regex/"; exit 1; fi
echo "expect_fail: ok (exit $rc)"
