#!/usr/bin/env bash
# Fuzzes every parser and validator of the Rust core that takes outside input (the targets of fuzz/,
# listed in fuzz/README.md), with cargo-fuzz (libFuzzer) on the nightly toolchain.
#
#   bash scripts/fuzz.sh --short              8-20 s per target, two at a time: under 3 minutes in all (npm test)
#   bash scripts/fuzz.sh --long [seconds]     a deeper run: `seconds` per target (default 600)
#   bash scripts/fuzz.sh ... -- json kopecks  only these targets
#
# Installs cargo-fuzz when it is missing. Each target starts from its seeds (fuzz/corpus/seed/<target>,
# tracked) and its own growing corpus (fuzz/corpus/<target>, untracked); FUZZ_JOBS targets run at once
# (default: the cores, at most 2). A crash, a timeout (an input slower than 10 s) or running out of
# memory fails the script after every target has run, printing each reproducer and the command that
# replays it. Prints `RESULT name=value` lines with the figures.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=short
seconds=""
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --short) mode=short ;;
    --long)
      mode=long
      if [ $# -gt 1 ] && [[ "$2" =~ ^[0-9]+$ ]]; then seconds="$2"; shift; fi
      ;;
    --) shift; targets=("$@"); break ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

say() { printf '[fuzz] %s\n' "$*"; }

# The nightly toolchain: cargo-fuzz builds with -Zsanitizer and friends, which only nightly accepts.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  say "installing the nightly toolchain (cargo fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz (about 2 minutes, once)"
  cargo install cargo-fuzz --locked
fi

# One build of every target: release with debug assertions (so arithmetic overflow panics too) and no
# sanitizer (the core forbids unsafe code; ASan would only halve the executions per second).
BUILD_FLAGS=(--release --debug-assertions --sanitizer none)
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
say "building the fuzz targets ($(rustup run nightly rustc --version))"
cargo +nightly fuzz build "${BUILD_FLAGS[@]}" >"$logdir/build.log" 2>&1 || {
  tail -40 "$logdir/build.log" >&2
  echo "fuzz.sh: the fuzz targets did not build" >&2
  exit 1
}

bindir="fuzz/target/$(rustc +nightly -vV | sed -n 's/^host: //p')/release"
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi
n=${#targets[@]}
# Targets run side by side, one per core (at most FUZZ_JOBS, default 2: the machines have 2 cores).
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
[ "$jobs" -gt 2 ] && [ -z "${FUZZ_JOBS:-}" ] && jobs=2
[ "$jobs" -lt 1 ] && jobs=1
if [ -z "$seconds" ]; then
  if [ "$mode" = short ]; then
    # About 90 s of wall time shared by the targets (each between 8 and 20 s), so that with a cold
    # build the short run stays under 3 minutes.
    seconds=$(( 90 * jobs / n )); [ "$seconds" -lt 8 ] && seconds=8; [ "$seconds" -gt 20 ] && seconds=20
  else
    seconds=600
  fi
fi
say "mode $mode: $n targets, ${seconds} s each, $jobs at a time"

run_target() {
  local t=$1 status=0
  local args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1)
  [ -f "fuzz/dict/$t.dict" ] && args+=(-dict="fuzz/dict/$t.dict")
  # The built binary directly (what `cargo fuzz run` starts, without its second look at the build).
  "$bindir/$t" -artifact_prefix="fuzz/artifacts/$t/" "${args[@]}" "fuzz/corpus/$t" "fuzz/corpus/seed/$t" >"$logdir/$t.log" 2>&1 || status=$?
  echo "$status" >"$logdir/$t.status"
}

started=$(date +%s)
for t in "${targets[@]}"; do
  mkdir -p "fuzz/corpus/$t" "fuzz/corpus/seed/$t" "fuzz/artifacts/$t"
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_target "$t" &
done
wait

total_execs=0
failures=()
for t in "${targets[@]}"; do
  log="$logdir/$t.log"
  status=$(cat "$logdir/$t.status" 2>/dev/null || echo 1)
  execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  [ -z "$execs" ] && execs=$(sed -n 's/.*Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  execs=${execs:-0}
  total_execs=$((total_execs + execs))
  corpus=$(find "fuzz/corpus/$t" -type f | wc -l)
  seeds=$(find "fuzz/corpus/seed/$t" -type f | wc -l)
  echo "RESULT fuzz_${t}_execs=$execs"
  echo "RESULT fuzz_${t}_corpus=$((corpus + seeds))"
  if [ "$status" -ne 0 ]; then
    reproducer=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    say "FAILED: $t (exit $status)"
    grep -E "panicked at|assertion|left:|right:|ERROR: libFuzzer|SUMMARY" "$log" | head -20 >&2 || true
    if [ -n "$reproducer" ]; then
      say "reproducer: $reproducer"
      say "replay: cargo +nightly fuzz run ${BUILD_FLAGS[*]} $t $reproducer"
      failures+=("$t $reproducer")
    else
      tail -30 "$log" >&2
      failures+=("$t (no reproducer written; log above)")
    fi
  else
    say "ok: $t, $execs inputs in ${seconds} s"
  fi
done

echo "RESULT fuzz_mode=$mode"
echo "RESULT fuzz_targets=$n"
echo "RESULT fuzz_seconds_per_target=$seconds"
echo "RESULT fuzz_parallel_jobs=$jobs"
echo "RESULT fuzz_total_execs=$total_execs"
echo "RESULT fuzz_wall_seconds=$(( $(date +%s) - started ))"
echo "RESULT fuzz_crashes=${#failures[@]}"
if [ ${#failures[@]} -gt 0 ]; then
  say "${#failures[@]} target(s) failed:"
  for f in "${failures[@]}"; do say "  $f"; done
  exit 1
fi
say "no crash in $total_execs inputs"
