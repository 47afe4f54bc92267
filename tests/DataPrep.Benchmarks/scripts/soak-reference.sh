#!/usr/bin/env bash
# Soak test: runs the reference pipeline (dedupe, impute, z-score) again and again in varied
# configurations (parallelism, batch size), and checks every run's exit code and output bytes
# against the first run's: the output must not depend on either. Rare failures (races between the source, the blocks and the recyclers) show up
# here, not in a handful of benchmark runs: the ninth session found the recycler's double lending
# this way (docs/BENCHMARKS.md). A busy loop takes one core on every third run, to vary the timing.
#
#   tests/DataPrep.Benchmarks/scripts/soak-reference.sh DATA.parquet [RUNS] [WORK] [CLI.dll]
#
# DATA: a reference file (`generate --rows 1000000`; the harness's 10M one works too, slowly).
# Defaults: 100 runs, WORK=/tmp/dpsoak, CLI=src/DataPrep.Cli/bin/Release/net10.0/dataprep.dll.
# Prints one line a run and a summary; exits 1 if any run failed or wrote other bytes. A failed
# run's whole output (with DATAPREP_TRACE=1: the exception and its stack) stays in WORK/failed-N.log.
set -u
data=$(realpath "${1:?usage: soak-reference.sh DATA.parquet [RUNS] [WORK] [CLI.dll]}")
runs=${2:-100}
work=${3:-/tmp/dpsoak}
cli=$(realpath "${4:-src/DataPrep.Cli/bin/Release/net10.0/dataprep.dll}")
[ -f "$cli" ] || { echo "no CLI at $cli: build it (dotnet build -c Release src/DataPrep.Cli) or pass its path" >&2; exit 2; }
[ -f "$data" ] || { echo "no data file at $data (generate one with the benchmark's generate command)" >&2; exit 2; }
mkdir -p "$work" && cd "$work" || exit 2
cat > soak.yaml <<EOF
version: 1
name: soak-reference
source: { parquet: { path: "$data" } }
steps: [ { dedupe: { exclude: [id], keep: first } }, { impute: { columns: { f1: mean, f2: mean, f3: mean, f4: mean, f5: mean, f6: mean, cat1: mode, cat2: mode } } }, { normalize: { columns: { f1: zscore, f2: zscore, f3: zscore, f4: zscore, f5: zscore, f6: zscore } } } ]
sink: { parquet: { path: "$work/out", compression: snappy, row_group_size: 131072 } }
EOF
configs=("" "--parallelism 1" "--parallelism 2" "--parallelism 4" "--parallelism 8" "--parallelism 3 --batch-size 10000" "--batch-size 4096")
expected=""
failed=0 differed=0
for ((i = 0; i < runs; i++)); do
  args=${configs[$((i % ${#configs[@]}))]}
  busy=""
  if ((i % 3 == 2)); then timeout 120 sh -c 'while :; do :; done' & busy=$!; fi
  rm -rf out
  start=$EPOCHREALTIME
  # shellcheck disable=SC2086 # the configuration's options are meant to split
  DATAPREP_TRACE=1 dotnet "$cli" run soak.yaml -q $args > run.log 2>&1
  rc=$?
  seconds=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
  if [ -n "$busy" ]; then kill "$busy" 2>/dev/null; wait "$busy" 2>/dev/null; fi
  hash=$( (cd out 2>/dev/null && find . -type f \( -name '*.parquet' -o -name fit.json \) | sort | xargs -r sha256sum) | sha256sum | cut -c1-16)
  verdict=ok
  if ((rc != 0)); then
    verdict=FAILED; failed=$((failed + 1)); cp run.log "failed-$i.log"
  elif [ -z "$expected" ]; then
    expected=$hash
  elif [ "$expected" != "$hash" ]; then
    verdict=DIFFERENT; differed=$((differed + 1)); rm -rf "different-$i"; cp -r out "different-$i"
  fi
  printf '%4d %-36s rc=%d %6.2fs %-4s %s %s\n' "$i" "${args:-(defaults)}" "$rc" "$seconds" "${busy:+busy}" "$hash" "$verdict"
done
echo "soak: $runs runs, $failed failed, $differed with other output bytes (work: $work)"
((failed == 0 && differed == 0))
