#!/usr/bin/env bash
# Runs a command and prints its wall time and peak RSS (VmHWM, polled every 20 ms).
#   tests/DataPrep.Benchmarks/scripts/peak-rss.sh dotnet src/DataPrep.Cli/bin/Release/net10.0/dataprep.dll run copy.yaml -q
set -u
start=$(date +%s.%N)
"$@" &
pid=$!
peak=0
while kill -0 "$pid" 2>/dev/null; do
  v=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
  if [ -n "$v" ] && [ "$v" -gt "$peak" ]; then peak=$v; fi
  sleep 0.02
done
wait "$pid"; rc=$?
end=$(date +%s.%N)
printf 'rc=%d wall=%.2fs peak=%d MiB\n' "$rc" "$(echo "$end - $start" | bc)" $((peak / 1024))
exit "$rc"
