#!/usr/bin/env bash
# Checks that indexing through a view compiles to the raw-pointer loop: no calls (no panic
# path) in the view kernels, the same inner loop as the raw kernel, and at most a few extra
# instructions for reading the view's fields.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$(uname -m)" != x86_64 ]; then
    echo "codegen check skipped: it reads x86-64 assembly"
    exit 0
fi
cargo rustc --release --quiet --target-dir ../../target/codegen -- --emit asm \
    -C llvm-args=-x86-asm-syntax=intel
asm=$(ls -t ../../target/codegen/release/deps/memslice_codegen-*.s | head -n 1)

# The body of a function: its lines up to the end marker, directives and labels removed. A
# function that LLVM folded into an identical one is printed as "= other".
body() {
    if grep -q "^$1 = " "$asm"; then
        grep "^$1 = " "$asm" | sed 's/.* = /= /'
        return
    fi
    awk -v f="$1" '$0 == f":" {on=1; next} on && /^\.Lfunc_end/ {exit} on' "$asm" |
        grep -vE '^\s*\.|^\.L[A-Za-z0-9_]+:|^#' || true
}
# The innermost loop: the instructions using an addsd.
adds() { body "$1" | grep -c 'addsd' || true; }

fail=0
raw=$(body codegen_raw_sum | wc -l)
for f in codegen_view_index codegen_view_unchecked; do
    b=$(body "$f")
    case "$b" in
        "= "*) echo "$f: folded into ${b#= } (identical code)"; continue ;;
    esac
    n=$(printf '%s\n' "$b" | wc -l)
    calls=$(printf '%s\n' "$b" | grep -cE '\bcall\b|panic' || true)
    echo "$f: $n instructions (raw: $raw), $calls calls, $(adds "$f") addsd (raw: $(adds codegen_raw_sum))"
    if [ "$calls" -ne 0 ]; then echo "  FAIL: $f calls out (a bounds check survived)"; fail=1; fi
    if [ "$(adds "$f")" -ne "$(adds codegen_raw_sum)" ]; then echo "  FAIL: inner loop differs"; fail=1; fi
    if [ "$n" -gt $((raw + 10)) ]; then echo "  FAIL: more than 10 instructions over raw"; fail=1; fi
done
exit $fail
