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
# The innermost loop of a kernel: the first backward branch after its first `marker`
# instruction, and everything from the label it jumps to down to it.
inner() {
    awk -v f="$1" '$0 == f":" {on=1; next} on && /^\.Lfunc_end/ {exit} on' "$asm" |
        grep -vE '^\s+\.' | awk -v m="$2" '
        { line[NR] = $0; if ($0 ~ /^\.LBB[0-9_]+:/) at[substr($0, 1, length($0) - 1)] = NR }
        END {
            for (k = 1; k <= NR && line[k] !~ m; k++) {}
            for (b = k; b <= NR; b++) {
                n = split(line[b], w, /[ \t]+/)
                if (w[2] ~ /^j/ && (w[n] in at) && at[w[n]] < k) {
                    for (x = at[w[n]]; x <= b; x++) print line[x]
                    exit
                }
            }
        }'
}

# Kernels that store: after each store through the output view, nothing may be reloaded from
# or spilled to the stack (the panic path takes its index and shape by value), and no call
# may sit in the loop.
for f in codegen_matmul_index:mulsd codegen_stencil_index:mulsd; do
    name=${f%%:*}
    loop=$(inner "$name" "${f#*:}")
    if [ -z "$loop" ]; then echo "  FAIL: $name: no inner loop found"; fail=1; continue; fi
    stack=$(printf '%s\n' "$loop" | grep -c 'rsp' || true)
    calls=$(printf '%s\n' "$loop" | grep -cE '\bcall\b' || true)
    checks=$(printf '%s\n' "$loop" | grep -cE '^\s*j(ae|b|e|be)\b' || true)
    echo "$name: inner loop $(printf '%s\n' "$loop" | grep -c .) instructions, $stack stack accesses, $calls calls, $checks conditional exits"
    if [ "$stack" -ne 0 ]; then echo "  FAIL: $name reloads or spills through the stack in its inner loop"; fail=1; fi
    if [ "$calls" -ne 0 ]; then echo "  FAIL: $name calls out of its inner loop"; fail=1; fi
done
exit $fail
