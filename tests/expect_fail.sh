#!/usr/bin/env bash
# expect_fail.sh REGEX COMMAND... : passes when COMMAND exits non-zero by itself
# (not killed by a signal, not a timeout) and its output matches REGEX.
regex=$1; shift
out=$(timeout 60 "$@" 2>&1); rc=$?
printf '%s\n' "$out"
if [ $rc -eq 0 ]; then echo "expect_fail: command succeeded, expected a clean error"; exit 1; fi
if [ $rc -ge 124 ]; then echo "expect_fail: exit code $rc (timeout, crash or signal), expected a clean error"; exit 1; fi
if ! grep -Eq -- "$regex" <<<"$out"; then echo "expect_fail: output does not match /$regex/"; exit 1; fi
echo "expect_fail: ok (exit $rc)"
