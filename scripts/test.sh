#!/usr/bin/env bash
# Runs every test of the repository, installing what is missing first (scripts/setup.sh):
#   1. cargo test (native)              the Rust core, table-driven and property tests
#   2. the build (scripts/build.mjs)    dist/, the npm package
#   3. wasm-bindgen tests               tests/wasm_node_*.rs in Node, tests/wasm_browser_*.rs in Chromium
#   4. JS tests (node --test)           tests/**/*.test.mjs on the built package, the sandbox, the server,
#                                       end-to-end checkouts in Chromium, packaging into consumer projects,
#                                       the size budgets
#   5. a short fuzz run when cargo-fuzz is present (scripts/fuzz.sh --short)
# Usage: npm test  (or: bash scripts/test.sh [--only js|rust|wasm])
set -euo pipefail
cd "$(dirname "$0")/.."
only="${2:-}"; [ "${1:-}" = "--only" ] || only=""

step() { printf '\n==== %s\n' "$*"; }

bash scripts/setup.sh

if [ -z "$only" ] || [ "$only" = rust ]; then
  step "cargo test (native)"
  cargo test --quiet
fi

step "build"
node scripts/build.mjs

if [ -z "$only" ] || [ "$only" = wasm ]; then
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
  export CHROMEDRIVER=/usr/bin/chromedriver
  export WASM_BINDGEN_TEST_TIMEOUT=120
  for f in tests/wasm_node_*.rs; do
    step "wasm-bindgen test in Node: $f"
    cargo test --target wasm32-unknown-unknown --test "$(basename "$f" .rs)"
  done
  for f in tests/wasm_browser_*.rs; do
    step "wasm-bindgen test in Chromium: $f"
    cargo test --target wasm32-unknown-unknown --test "$(basename "$f" .rs)"
  done
fi

if [ -z "$only" ] || [ "$only" = js ]; then
  step "JS tests (node --test)"
  mapfile -t files < <(find tests -name '*.test.mjs' -not -path '*/node_modules/*' | sort)
  node --test --test-concurrency=2 --test-timeout=600000 "${files[@]}"
fi

if [ -z "$only" ] && [ -x scripts/fuzz.sh ]; then
  step "short fuzz run"
  bash scripts/fuzz.sh --short
fi

step "all tests passed"
