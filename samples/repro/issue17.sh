#!/usr/bin/env bash
# Replays the hostile inputs of issue 17 ("Reliability") against bin/cnnc and prints, for each,
# the exit code, the time it took and the first line of what cnnc said. Each must end in exit 0
# (a legal input), 1 (a model or data error) or 2 (a usage error), with a plain message and no
# Java stack trace; the script fails (exit 1) otherwise. Run from the repository root after
# bin/setup:  samples/repro/issue17.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
cnnc="$root/bin/cnnc"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
failures=0

# case NAME EXPECTED-CODES COMMAND...: runs it, checks the code and that no stack trace appears
case_() {
    local name=$1 want=$2
    shift 2
    local start end code out
    start=$(date +%s.%N)
    out=$(timeout 120 "$@" 2>&1)
    code=$?
    end=$(date +%s.%N)
    local first
    first=$(printf '%s\n' "$out" | grep -v '^\s*$' | grep -iv '^training \|^run folder' | head -1 | cut -c1-160)
    local verdict=ok
    if [[ ",$want," != *",$code,"* ]]; then verdict="FAIL (exit $code, wanted $want)"; fi
    if printf '%s' "$out" | grep -q 'Exception\|\bat dev\.cnnc\.\|internal error'; then verdict="FAIL (stack trace)"; fi
    [[ $verdict == ok ]] || failures=$((failures + 1))
    printf '%-34s exit %-3s %6.1f s  %s\n      %s\n' "$name" "$code" "$(echo "$end - $start" | bc)" "$verdict" "$first"
}

model() { # model FILE INPUT BODY [TRAIN]
    printf 'model M(classes = 10) {\n  input x: %s\n  output y = x %s\n  train { %s }\n}\n' "$2" "$3" "${4:-}" > "$1"
}

# ---- front end
printf 'block Inner { input x: [4]\n  output y = x -> relu * 10000 }\nmodel M { input x: [4]\n  output y = x -> Inner * 10000 }\n' > expand.cnn
case_ "expansion 10000 x 10000" 1 "$cnnc" check expand.cnn
python3 - <<'PY'
blocks = ["block B0 { input x: [4]\n  output y = x -> relu }"]
for i in range(1, 40):
    blocks.append(f"block B{i} {{ input x: [4]\n  output y = x -> B{i-1} -> B{i-1} }}")
open("doubling.cnn", "w").write("\n".join(blocks) + "\nmodel M { input x: [4]\n  output y = x -> B39 }\n")
open("parens.cnn", "w").write("model M { input x: [4]\n  output y = x -> dense(" + "(" * 2000 + "4" + ")" * 2000 + ") }\n")
open("plus.cnn", "w").write("model M { input x: [4]\n  output y = x -> dense(" + " + ".join(["1"] * 5000) + ") }\n")
open("lists.cnn", "w").write("model M { input x: [4]\n  output y = x -> dense(4)\n  train { classes: " + "[" * 3000 + "]" * 3000 + " } }\n")
open("calls.cnn", "w").write("model M { input x: [4]\n  output y = x -> dense(" + "max(" * 2000 + "4" + ")" * 2000 + ") }\n")
PY
case_ "chain of doubling blocks" 1 "$cnnc" check doubling.cnn
case_ "2,000 nested parentheses" 1 "$cnnc" check parens.cnn
case_ "5,000 + terms" 0,1 "$cnnc" check plus.cnn
case_ "3,000 nested lists" 1 "$cnnc" check lists.cnn
case_ "2,000 nested calls" 1 "$cnnc" check calls.cnn
case_ "hostile file, then a good one" 1 "$cnnc" check parens.cnn "$root/stdlib/models/lenet5.cnn"
model concat.cnn '[2147483647, 1, 1]' '-> concat(x, x) -> flatten -> dense(classes)'
sed -i 's/x -> concat(x, x)/concat(x, x)/' concat.cnn
case_ "concat overflowing a dimension" 1 "$cnnc" check concat.cnn
model sep.cnn '[3, 8, 8]' '-> separable_conv(3, 3, depth_multiplier: 2147483647) -> global_avgpool -> flatten -> dense(classes)'
case_ "separable_conv depth_multiplier 2^31-1" 1 "$cnnc" check sep.cnn
model big.cnn '[2147483647, 2147483647, 2147483647]' '-> global_avgpool -> flatten -> dense(classes)'
case_ "info on [2147483647]x3" 0,1 "$cnnc" info big.cnn
model repeat.cnn '[4]' '-> relu * 1000000 -> dense(classes)'
case_ "Block * 1000000" 1 "$cnnc" check repeat.cnn
printf 'import "/proc/self/environ"\nmodel M { input x: [4]\n  output y = x -> dense(4) }\n' > environ.cnn
case_ "import /proc/self/environ" 1 "$cnnc" check environ.cnn

# ---- compile
for name in BATCH NAME CLASSES INFO KERNELS SAMPLE_LENGTH FP64 session var record yield; do
    printf 'model %s(classes = 10) {\n  input x: [1, 28, 28]\n  output y = x -> flatten -> dense(classes)\n}\n' "$name" > "n_$name.cnn"
    case_ "compile a model named $name" 0 "$cnnc" compile "n_$name.cnn" -o "n_$name.jar"
done
python3 - <<'PY'
open("chain.cnn", "w").write("model Chain(classes = 10) {\n  input x: [10]\n  output y = x" + " -> relu" * 10002 + "\n}\n")
PY
case_ "compile a 10,002-layer chain" 0,1 "$cnnc" compile chain.cnn -o chain.jar
cp n_INFO.cnn trainer.cnn && sed -i 's/model INFO/model Trainer/' trainer.cnn
case_ "--package java.lang" 2 "$cnnc" compile n_INFO.cnn -o p.jar --package java.lang
case_ "--package dev.cnnc.train, Trainer" 2 "$cnnc" compile trainer.cnn -o p.jar --package dev.cnnc.train
model dense.cnn '[1, 28, 28]' '-> flatten -> dense(1000000000) -> dense(classes)'
case_ "dense(1000000000) train" 1 "$cnnc" train dense.cnn --data fashion-mnist --epochs 1
case_ "dense(1000000000) compile" 1 "$cnnc" compile dense.cnn -o d.jar

# ---- run
"$cnnc" init "$root/stdlib/models/lenet5_fashion.cnn" -o lenet.safetensors > /dev/null
python3 - <<'PY'
import struct
def npy(path, descr, shape, data):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    header += " " * (63 - (10 + len(header)) % 64) + "\n"
    open(path, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data)
npy("x0.npy", "<f4", "()", struct.pack("<f", 1.0))
npy("x2.npy", "<f4", "(2, 1, 28, 28)", b"\0" * (4 * 2 * 784))
npy("lf.npy", "<f4", "(2,)", struct.pack("<2f", 1.0, 2.0))
npy("lbig.npy", "<i8", "(2,)", struct.pack("<2q", 1, 1 << 40))
PY
case_ "run --input 0-d array" 1 "$cnnc" run "$root/stdlib/models/lenet5_fashion.cnn" --weights lenet.safetensors --input x0.npy --output y.npy
case_ "run --labels float" 1 "$cnnc" run "$root/stdlib/models/lenet5_fashion.cnn" --weights lenet.safetensors --input x2.npy --labels lf.npy --grads g.safetensors
case_ "run --labels 2^40" 1 "$cnnc" run "$root/stdlib/models/lenet5_fashion.cnn" --weights lenet.safetensors --input x2.npy --labels lbig.npy --grads g.safetensors

# ---- batch 1 with batchnorm, memory
model bn.cnn '[1, 28, 28]' '-> flatten -> dense(32) as fc1 -> batchnorm as bn -> relu -> dense(classes)' 'optimizer: sgd(lr: 0.1)'
"$cnnc" init bn.cnn -o bn.safetensors > /dev/null
python3 -c "
import struct, zlib
w = h = 28
raw = b''.join(b'\x00' + bytes([128] * w) for _ in range(h))
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
open('one.png', 'wb').write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))"
case_ "predict one image, batchnorm" 0 "$cnnc" predict bn.cnn --weights bn.safetensors one.png
case_ "compile --batch 1, batchnorm" 0 "$cnnc" compile bn.cnn --batch 1 -o bn.jar
case_ "run one sample, batchnorm" 0 "$cnnc" run bn.cnn --weights bn.safetensors --input x2.npy --output y.npy
case_ "train --batch 1, batchnorm" 1 "$cnnc" train bn.cnn --batch 1 --data fashion-mnist --limit 10
model huge.cnn '[3, 26000, 26000]' '-> conv(1, 3) -> global_avgpool -> flatten -> dense(classes)'
case_ "an 8 GB input buffer" 1 "$cnnc" bench huge.cnn --batch 1
case_ "a 32 GB input batch" 1 "$cnnc" bench huge.cnn --batch 4
model huge.cnn '[3, 200000, 200000]' '-> conv(4, 3) -> global_avgpool -> flatten -> dense(classes)'
case_ "a 480 GB input" 1 "$cnnc" bench huge.cnn --batch 1
case_ "Java heap exhaustion" 1 env CNNC_JAVA_OPTS=-Xmx16m "$cnnc" info "$root/stdlib/models/densenet121.cnn"

# ---- NaN
case_ "train --optimizer sgd --lr 1000" 1 "$cnnc" train "$root/stdlib/models/lenet5_fashion.cnn" --data fashion-mnist --optimizer sgd --lr 1000 --epochs 2 --limit 2000 --test-limit 500 --run-dir nan-run
ls nan-run 2>/dev/null | sed 's/^/      nan-run holds: /'

# ---- check = train
for t in 'precision: "mixed"' 'loss: dice' 'loss: iou' 'loss: distillation(teacher: "nope.cnn")' \
         'mean: [0.5, 0.5, 0.5]' 'optimizer: sgd(lr: 0.1, nesterov: true)' 'epochs: 2; warmup: 5'; do
    model t.cnn '[1, 28, 28]' '-> flatten -> dense(classes)' "$t"
    case_ "check: $t" 1 "$cnnc" check t.cnn
done
model t.cnn '[1, 28, 28]' '-> flatten -> dense(classes)' 'data: "cifar10"'
case_ "check: data: cifar10 (a warning)" 0 "$cnnc" check t.cnn

echo
if [[ $failures -gt 0 ]]; then
    echo "$failures case(s) failed"
    exit 1
fi
echo "every case ended in exit 0, 1 or 2 without a stack trace"
