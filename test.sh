#!/usr/bin/env bash
# Every test: the Rust workspace (`cargo test --workspace`), then the `memslice` Python module
# built with maturin into a virtual environment and its pytest suite run against CPython and
# NumPy. The venv (.venv, git-ignored) is made if missing, and maturin, NumPy, pytest and mypy (for the stub check) are
# installed into it from the package index. `./test.sh --clean` starts from a new venv.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n==> %s\n' "$*"; }

venv="$PWD/.venv"
if [[ "${1:-}" == "--clean" ]]; then
  rm -rf "$venv"
fi

step "Rust tests"
cargo test --workspace

step "Python environment ($venv)"
if [[ ! -x "$venv/bin/python" ]]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet "maturin>=1.9.4,<2" numpy pytest mypy

step "build the memslice module (maturin develop --release)"
VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" \
  maturin develop --release --manifest-path crates/memslice-py/Cargo.toml

step "pytest"
"$venv/bin/python" -m pytest crates/memslice-py/tests -q
