#!/usr/bin/env bash
# Trains the G20 detector on the lent GPU machine in a few chained calls (each call <= 10 min,
# the machine and its /tmp live on between calls only when the next call follows at once).
#
#   bash .dev/train/training/device_train.sh probe    # environment + throughput check on fake data
#   bash .dev/train/training/device_train.sh start    # unpack runtime, first chunk, start generator + training
#   bash .dev/train/training/device_train.sh wait     # follow training for one call
#   bash .dev/train/training/device_train.sh finish   # wait for the deadline, export, eval, calibrate, quantize
#
# Expects (carried in .dev/train): rt.tar.xz (jlink runtime, top folder rt/), jars/ (g20.jar and its
# runtime jars, without onnxruntime/sqlite), training/*.py. Runs from the repository root
# (config/ is the G20 home's). Results go to $OUT.
set -uo pipefail
D=.dev/train
W=/tmp/g20w
OUT=${OUT:-/tmp/g20out}
TRAIN_END_S=${TRAIN_END_S:-1380}   # training deadline, seconds after 'start' began
CALL_S=${CALL_S:-560}              # how long one call may follow the run
# The shipped model's input: the whole 4096-bin frame (uint8 on disk), folded 8 bins per grid column.
INPUT_SIZE=${INPUT_SIZE:-4096x256}
DS_ARGS="--input-size $INPUT_SIZE --channels 1 --dtype ${DTYPE:-uint8}"
FOLD_ARGS="--freq-fold ${FREQ_FOLD:-8} --max-train-total ${MAX_TRAIN:-44000}"
export INPUT_SIZE DTYPE
mkdir -p "$W" "$OUT"
export PYTHONUNBUFFERED=1
g20() { G20_HOME=$PWD "$W/rt/bin/java" -cp "$W/jars/*" dev.g20.cli.Main "$@"; }

snapshot() {
  cp -f "$W/run/train_log.txt" "$OUT/train_log.txt" 2>/dev/null
  cp -f "$W/run/metrics.json" "$OUT/metrics.json" 2>/dev/null
  cp -f "$W/gen.log" "$OUT/gen.log" 2>/dev/null
  cp -f "$W/run/best.pt" "$OUT/best.pt" 2>/dev/null
}

follow_until() {  # print new training log lines until unix time $1 (or training ends)
  local end=$1 n=0
  while (( $(date +%s) < end )); do
    if [[ -f $W/run/train_log.txt ]]; then
      local m; m=$(wc -l < "$W/run/train_log.txt")
      (( m > n )) && sed -n "$((n + 1)),${m}p" "$W/run/train_log.txt" && n=$m
      grep -q "^\[.*\] done:" "$W/run/train_log.txt" && break
    fi
    if ! kill -0 "$(cat "$W/train.pid")" 2>/dev/null; then echo "train.py is not running"; tail -20 "$W/train.out"; break; fi
    sleep 10
  done
  tail -3 "$W/gen.log" 2>/dev/null
  df -h "$W" | tail -1
  nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
  snapshot
}

case "${1:-}" in
probe)
  T=$(date +%s)
  nvidia-smi -L
  python3 -c "import torch, onnx, onnxruntime; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'onnx', onnx.__version__, 'ort', onnxruntime.__version__)"
  nproc; free -g | head -2; df -h /tmp | tail -1
  mkdir -p "$W/rt" && tar xJf $D/rt.tar.xz -C "$W" && cp -r $D/jars "$W/jars" && "$W/rt/bin/java" -version 2>&1 | head -1
  timeout 120 bash -c "G20_HOME=$PWD $W/rt/bin/java -cp '$W/jars/*' dev.g20.cli.Main dataset --count 800 --val-fraction 0.5 --seed 5 --out $W/probe-ds $DS_ARGS --threads 16" 2>&1 | tail -2
  timeout 300 python3 $D/training/selftest.py --workdir "$W/st" --n-train 2000 --epochs 1 --train-seconds 60 2>&1 | grep -v -i warn | tail -25
  timeout 60 python3 $D/training/quantize.py --model "$W/st/model.onnx" --calib "$W/probe-ds/val/images" --out "$W/st/int8.onnx" 2>&1 | grep -v -i warn | tail -3
  for m in model int8; do timeout 60 python3 $D/training/evaluate_onnx.py --model "$W/st/$m.onnx" --data "$W/probe-ds" 2>&1 | tail -1 | cut -c1-400; done
  echo "probe took $(( $(date +%s) - T )) s"
  ;;
start)
  T0=$(date +%s); echo "$T0" > "$W/t0"
  tar xJf $D/rt.tar.xz -C "$W" && cp -r $D/jars "$W/jars" || exit 1
  nvidia-smi -L
  # Chunk 0: the fixed validation split (600) plus the first 600 training samples.
  g20 dataset --count 1200 --val-fraction 0.5 --seed 1000 --out "$W/ds/c000" $DS_ARGS --threads 16 2>&1 | tail -1 || exit 1
  touch "$W/ds/c000/DONE"
  W=$W setsid nohup bash $D/training/device_gen.sh > "$W/gen.log" 2>&1 &
  echo $! > "$W/gen.pid"
  setsid nohup python3 $D/training/train.py --data "$W/ds/c000" --grow "$W/ds/c[0-9]*" --grow-delete \
      --deadline $((T0 + TRAIN_END_S)) --out "$W/run" --batch 64 --max-val 600 --eval-every 90 $FOLD_ARGS ${TRAIN_ARGS:-} \
      > "$W/train.out" 2>&1 &
  echo $! > "$W/train.pid"
  sleep 20
  follow_until $((T0 + CALL_S))
  ;;
wait)
  [[ -f $W/train.pid ]] || { echo "no training run under $W: this is a fresh machine (the last one went back; calls must follow within 30 s). Start again, or resume from the last best.pt"; exit 3; }
  follow_until $(( $(date +%s) + CALL_S ))
  ;;
finish)
  [[ -f $W/t0 ]] || { echo "no training run under $W: this is a fresh machine (the last one went back). Start again, or resume from the last best.pt"; exit 3; }
  T0=$(cat "$W/t0")
  T=$(date +%s)
  touch "$W/stopgen"
  kill -- -"$(cat "$W/gen.pid")" 2>/dev/null   # the generator's process group (its java child too)
  # Calibration inputs through the production path (CPU) while the GPU finishes training.
  [[ -d $W/calib ]] || timeout 200 bash -c "G20_HOME=$PWD $W/rt/bin/java -cp '$W/jars/*' dev.g20.cli.Main calibrate --count 500 --out $W/calib --input-size $INPUT_SIZE" 2>&1 | tail -3
  (( TRAIN_END_S > 0 )) && follow_until $((T0 + TRAIN_END_S + 120))
  kill "$(cat "$W/train.pid")" 2>/dev/null && sleep 2   # only if it overran its own deadline
  WTS="$W/run/best.pt"; [[ -f $WTS ]] || WTS="$W/run/last.pt"
  python3 $D/training/export.py --weights "$WTS" --out "$OUT/g20-detector.onnx" --check-data "$W/ds/c000/val/images" 2>&1 | grep -v -i warn | tail -2
  CAL="$W/calib"; [[ -d $CAL ]] && ls "$CAL"/*.npy > /dev/null 2>&1 || CAL="$W/ds/c000/val/images"
  for meth in ${QUANT_METHODS:-minmax percentile}; do
    timeout 240 python3 $D/training/quantize.py --model "$OUT/g20-detector.onnx" --calib "$CAL" --method $meth \
        --out "$W/int8-$meth.onnx" 2>&1 | grep -v -i warn | tail -1 | cut -c1-300
    # in $OUT at once: a call that runs out of time during the scoring below still returns it
    [[ -f $OUT/g20-detector-int8.onnx ]] || cp -f "$W/int8-$meth.onnx" "$OUT/g20-detector-int8.onnx" 2>/dev/null
  done
  for m in "$OUT/g20-detector.onnx" "$W/int8-minmax.onnx" "$W/int8-percentile.onnx"; do
    [[ -f $m ]] && timeout 120 python3 $D/training/evaluate_onnx.py --model "$m" --data "$W/ds/c000" \
        --json-out "$W/eval-$(basename "$m" .onnx).json" 2>&1 | tail -1 | cut -c1-330
  done
  # Ship the INT8 variant with the better mAP@0.5.
  python3 - "$W" "$OUT" <<'PY'
import json, shutil, sys
from pathlib import Path
w, out = Path(sys.argv[1]), Path(sys.argv[2])
res = {}
for f in w.glob("eval-*.json"):
    res[f.stem[5:]] = json.loads(f.read_text())
q = {k: v for k, v in res.items() if k.startswith("int8-")}
if q:
    best = max(q, key=lambda k: (q[k]["map50"], q[k]["map50_95"]))
    shutil.copy(w / f"{best}.onnx", out / "g20-detector-int8.onnx")
    res["shipped_int8"] = best
(out / "device_eval.json").write_text(json.dumps(res, indent=1))
print({k: (v["map50"], v["map50_95"], v["latency_median_ms"]) if isinstance(v, dict) else v for k, v in res.items()})
PY
  snapshot
  rm -f "$OUT/best.pt.tmp"
  ls -la "$OUT"
  echo "finish took $(( $(date +%s) - T )) s; total since start $(( $(date +%s) - T0 )) s"
  ;;
resume)
  # One call: fine-tune INIT (best.pt of an earlier run) on fresh chunks with an annealed LR, then
  # export, calibrate, quantize and score, all before the call's limit. FT_S: seconds of training.
  T0=$(date +%s); echo "$T0" > "$W/t0"
  tar xJf $D/rt.tar.xz -C "$W" && cp -r $D/jars "$W/jars" || exit 1
  nvidia-smi -L
  timeout 100 bash -c "G20_HOME=$PWD $W/rt/bin/java -cp '$W/jars/*' dev.g20.cli.Main calibrate --count 500 --out $W/calib --input-size $INPUT_SIZE" 2>&1 | tail -1
  g20 dataset --count 1200 --val-fraction 0.5 --seed 1000 --out "$W/ds/c000" $DS_ARGS --threads 16 2>&1 | tail -1 || exit 1
  touch "$W/ds/c000/DONE"
  W=$W setsid nohup bash $D/training/device_gen.sh > "$W/gen.log" 2>&1 &
  echo $! > "$W/gen.pid"
  for i in $(seq 60); do [[ -f $W/ds/c002/DONE ]] && break; sleep 2; done
  setsid nohup python3 $D/training/train.py --data "$W/ds/c000" --grow "$W/ds/c[0-9]*" --grow-delete \
      --init "$INIT" --deadline $(( $(date +%s) + ${FT_S:-360} )) --out "$W/run" --batch 128 --lr 0.001 \
      --max-val 600 --eval-every 60 $FOLD_ARGS ${TRAIN_ARGS:-} > "$W/train.out" 2>&1 &
  echo $! > "$W/train.pid"
  sleep 15
  follow_until $(( $(date +%s) + ${FT_S:-360} + 30 ))
  TRAIN_END_S=0 QUANT_METHODS=percentile bash "$0" finish
  ;;
*)
  echo "usage: $0 probe|start|wait|finish|resume"; exit 2 ;;
esac
