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
# With several codegen units rustc writes one file per unit: read them all as one.
rm -f ../../target/codegen/release/deps/memslice_codegen-*.s
touch lib.rs # the assembly was just removed: make cargo write it again
# The kernels are plain functions of a binary, read back from the binary itself: that is the
# code users run (`--emit asm` compiles differently: it decides other inlining and loop
# transformations than a normal build does).
cargo build --release --quiet --target-dir ../../target/codegen
asm=../../target/codegen/memslice-codegen.dis
objdump -d --no-show-raw-insn -M intel -C ../../target/codegen/release/memslice-codegen >"$asm"

# The body of a function: "address<TAB>instruction" lines, padding `nop`s removed.
body() {
    awk -v f="<memslice_codegen::$1>:" 'index($0, f) {on=1; next} on && /^$/ {exit}
        on { sub(/^ +/, ""); sub(/:\t/, "\t"); print }' "$asm" | grep -vE '\snop|\sxchg\s+ax,ax' || true
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
# instruction, and everything from the address it jumps to down to it.
inner() {
    body "$1" | awk -F '\t' -v m="$2" '
        { addr[NR] = $1; insn[NR] = $2; at[$1] = NR }
        END {
            for (k = 1; k <= NR && insn[k] !~ m; k++) {}
            for (b = k; b <= NR; b++) {
                n = split(insn[b], w, /[ \t]+/)
                if (w[1] ~ /^j/ && (w[2] in at) && at[w[2]] < k) {
                    for (x = at[w[2]]; x <= b; x++) print insn[x]
                    exit
                }
            }
        }'
}

# Kernels that store: after each store through the output view, nothing may be reloaded from
# or spilled to the stack (the panic path takes its index and shape by value), and no call
# may sit in the loop.
# Both kernels, given views of unknown strides, are versioned on unit strides: the vector loop
# is the hot one and is checked here; the scalar fallback (other strides) is checked for calls
# below (it may spill loop bounds: it has more live values than registers).
for f in codegen_matmul_index:mulpd codegen_stencil_index:mulpd; do
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
for name in codegen_matmul_index codegen_stencil_index; do
    fallback=$(inner "$name" mulsd)
    if printf '%s\n' "$fallback" | grep -qE '\bcall\b'; then
        echo "  FAIL: $name calls out of its scalar loop"; fail=1
    fi
done

# The kernels of `benches/kernels` through `Index`, views built from slices as a user does: the
# inner loop of K4 (stencil), K7 (matmul) and K8 (integer sum) must be the vector loop of the
# raw version, with no call and no stack access. (K4 did not vectorise while `raw::offset`
# summed with an iterator: its neighbours' bounds checks were then not folded.)
for f in codegen_k4_index:mulpd codegen_k7_index:mulpd codegen_k8_index:paddq; do
    name=${f%%:*}
    loop=$(inner "$name" "${f#*:}")
    if [ -z "$loop" ]; then echo "  FAIL: $name: no loop with ${f#*:} (not vectorised?)"; fail=1; continue; fi
    stack=$(printf '%s\n' "$loop" | grep -c 'rsp' || true)
    calls=$(printf '%s\n' "$loop" | grep -cE '\bcall\b' || true)
    packed=$(printf '%s\n' "$loop" | grep -cE 'p[ds]\b|paddq' || true)
    echo "$name: inner loop $(printf '%s\n' "$loop" | grep -c .) instructions, $packed packed, $stack stack accesses, $calls calls"
    if [ "$stack" -ne 0 ]; then echo "  FAIL: $name reloads or spills through the stack in its inner loop"; fail=1; fi
    if [ "$calls" -ne 0 ]; then echo "  FAIL: $name calls out of its inner loop"; fail=1; fi
done
exit $fail
