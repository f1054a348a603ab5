#!/usr/bin/env bash
# Builds the measurement helper into the project's venv (made by ./test.sh) and runs measure.py.
set -euo pipefail
cd "$(dirname "$0")/../../.."
venv="$PWD/.venv"
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" CARGO_TARGET_DIR="$PWD/target" \
  maturin develop --release --manifest-path crates/memslice-py/bench/Cargo.toml
"$venv/bin/python" crates/memslice-py/bench/measure.py
