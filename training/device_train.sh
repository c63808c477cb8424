#!/usr/bin/env bash
# Trains the G20 detector on the lent GPU machine in a few chained calls (each call <= 10 min,
# the machine and its /tmp live on between calls only when the next call follows at once).
#
#   bash .dev/train/training/device_train.sh probe    # environment + throughput check on fake data
#   bash .dev/train/training/device_train.sh start    # unpack runtime, first chunk, start generator + training
#   bash .dev/train/training/device_train.sh wait     # follow training for one call
#   bash .dev/train/training/device_train.sh finish   # wait for the deadline, export, eval, calibrate, quantize
#
# TRAIN_ARGS_B (on a machine of two GPUs): a second run, on GPU 1, on the same chunks as the first
# (GPU 0) with other arguments, e.g. a grown net beside a plain continuation; its results go to
# $OUT/B (the first run's to $OUT, or $OUT/A when there are two).
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

RUNS="run"; [[ -n ${TRAIN_ARGS_B:-} || -f $W/runB.pid ]] && RUNS="run runB"   # wait/finish find the second run by its pid file
out_of() {  # where run $1's results go: $OUT for a single run, $OUT/A and $OUT/B for two
  [[ $RUNS == run ]] && { echo "$OUT"; return; }
  [[ $1 == run ]] && echo "$OUT/A" || echo "$OUT/B"
}

snapshot() {  # at most 8 files come back: two runs bring their weights, models and logs only
  local r o
  for r in $RUNS; do
    o=$(out_of $r); mkdir -p "$o"
    cp -f "$W/$r/train_log.txt" "$o/train_log.txt" 2>/dev/null
    cp -f "$W/$r/best.pt" "$o/best.pt" 2>/dev/null
  done
  if [[ $RUNS == run ]]; then
    cp -f "$W/run/metrics.json" "$OUT/metrics.json" 2>/dev/null
    cp -f "$W/gen.log" "$OUT/gen.log" 2>/dev/null
  fi
}

follow_until() {  # print new training log lines until unix time $1 (or every run ends)
  local end=$1 r m live
  declare -A n=([run]=0 [runB]=0)
  while (( $(date +%s) < end )); do
    live=0
    for r in $RUNS; do
      if [[ -f $W/$r/train_log.txt ]]; then
        m=$(wc -l < "$W/$r/train_log.txt")
        (( m > n[$r] )) && sed -n "$((n[$r] + 1)),${m}p" "$W/$r/train_log.txt" | sed "s/^/$r /" && n[$r]=$m
        grep -q "^\[.*\] done:" "$W/$r/train_log.txt" && continue
      fi
      if kill -0 "$(cat "$W/$r.pid")" 2>/dev/null; then live=1; else echo "$r: train.py is not running"; tail -20 "$W/$r.out"; fi
    done
    (( live )) || break
    sleep 10
  done
  tail -3 "$W/gen.log" 2>/dev/null
  df -h "$W" | tail -1
  nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader
  snapshot
}

finish_run() {  # run $1: export its best weights to $2, quantize, score FP32 and INT8 on the val split
  local r=$1 o=$2 cal=$3 m meth
  # two calibrations side by side take longer each: step 7's grown-stem run outran 240 s beside the other
  local qt=240; [[ $RUNS == run ]] || qt=420
  mkdir -p "$o"
  local wts="$W/$r/best.pt"; [[ -f $wts ]] || wts="$W/$r/last.pt"
  python3 $D/training/export.py --weights "$wts" --out "$o/g20-detector.onnx" --check-data "$W/ds/c000/val/images" 2>&1 | grep -v -i warn | tail -2
  for meth in ${QUANT_METHODS:-minmax percentile}; do
    timeout ${QUANT_TIMEOUT_S:-$qt} python3 $D/training/quantize.py --model "$o/g20-detector.onnx" --calib "$cal" --method $meth \
        --out "$W/$r-int8-$meth.onnx" 2>&1 | grep -v -i warn | tail -1 | cut -c1-300
    # in $o at once: a call that runs out of time during the scoring below still returns it
    [[ -f $o/g20-detector-int8.onnx ]] || cp -f "$W/$r-int8-$meth.onnx" "$o/g20-detector-int8.onnx" 2>/dev/null
  done
  mkdir -p "$W/$r-eval"
  for m in "$o/g20-detector.onnx" "$W/$r-int8-minmax.onnx" "$W/$r-int8-percentile.onnx"; do
    [[ -f $m ]] && timeout 120 python3 $D/training/evaluate_onnx.py --model "$m" --data "$W/ds/c000" \
        --json-out "$W/$r-eval/$(basename "$m" .onnx | sed "s/^$r-//").json" 2>&1 | tail -1 | cut -c1-330
  done
  # Ship the INT8 variant with the better mAP@0.5.
  python3 - "$W" "$W/$r-eval" "$o" "$r" "$RUNS" <<'PY'
import json, shutil, sys
from pathlib import Path
w, ev, out, run, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], sys.argv[5]
res = {f.stem: json.loads(f.read_text()) for f in ev.glob("*.json")}
q = {k: v for k, v in res.items() if k.startswith("int8-")}
if q:
    best = max(q, key=lambda k: (q[k]["map50"], q[k]["map50_95"]))
    shutil.copy(w / f"{run}-{best}.onnx", out / "g20-detector-int8.onnx")
    res["shipped_int8"] = best
if runs == "run":  # two runs bring back only their models, weights and logs (8 files at most)
    (out / "device_eval.json").write_text(json.dumps(res, indent=1))
print({k: (v["map50"], v["map50_95"], v["latency_median_ms"]) if isinstance(v, dict) else v for k, v in res.items()})
PY
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
  g20 dataset --count 1200 --val-fraction 0.5 --seed 1000 --out "$W/ds/c000" $DS_ARGS --threads 16 ${MIX:+--scenario-mix "$MIX"} 2>&1 | tail -1 || exit 1
  touch "$W/ds/c000/DONE"
  W=$W setsid nohup bash $D/training/device_gen.sh > "$W/gen.log" 2>&1 &
  echo $! > "$W/gen.pid"
  # one run deletes each chunk's images once it holds them on its GPU; two runs leave them for each other
  DEL=--grow-delete; [[ -n ${TRAIN_ARGS_B:-} ]] && DEL=
  CUDA_VISIBLE_DEVICES=0 setsid nohup python3 $D/training/train.py --data "$W/ds/c000" --grow "$W/ds/c[0-9]*" $DEL \
      --deadline $((T0 + TRAIN_END_S)) --out "$W/run" --batch 64 --max-val 600 --eval-every 90 $FOLD_ARGS ${TRAIN_ARGS:-} \
      > "$W/run.out" 2>&1 &
  echo $! > "$W/run.pid"
  if [[ -n ${TRAIN_ARGS_B:-} ]]; then
    CUDA_VISIBLE_DEVICES=1 setsid nohup python3 $D/training/train.py --data "$W/ds/c000" --grow "$W/ds/c[0-9]*" \
        --deadline $((T0 + TRAIN_END_S)) --out "$W/runB" --batch 64 --max-val 600 --eval-every 90 $FOLD_ARGS $TRAIN_ARGS_B \
        > "$W/runB.out" 2>&1 &
    echo $! > "$W/runB.pid"
  fi
  sleep 20
  follow_until $((T0 + CALL_S))
  ;;
wait)
  [[ -f $W/run.pid ]] || { echo "no training run under $W: this is a fresh machine (the last one went back; calls must follow within 30 s). Start again, or resume from the last best.pt"; exit 3; }
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
  for r in $RUNS; do kill "$(cat "$W/$r.pid")" 2>/dev/null && sleep 2; done   # only a run that overran its own deadline
  CAL="$W/calib"; [[ -d $CAL ]] && ls "$CAL"/*.npy > /dev/null 2>&1 || CAL="$W/ds/c000/val/images"
  for r in $RUNS; do ( finish_run "$r" "$(out_of $r)" "$CAL" 2>&1 | sed "s/^/$r /" ) & done
  wait
  snapshot
  rm -f "$OUT"/best.pt.tmp "$OUT"/*/best.pt.tmp
  ls -laR "$OUT"
  echo "finish took $(( $(date +%s) - T )) s; total since start $(( $(date +%s) - T0 )) s"
  ;;
resume)
  # One call: fine-tune INIT (best.pt of an earlier run) on fresh chunks with an annealed LR, then
  # export, calibrate, quantize and score, all before the call's limit. FT_S: seconds of training.
  T0=$(date +%s); echo "$T0" > "$W/t0"
  tar xJf $D/rt.tar.xz -C "$W" && cp -r $D/jars "$W/jars" || exit 1
  nvidia-smi -L
  timeout 100 bash -c "G20_HOME=$PWD $W/rt/bin/java -cp '$W/jars/*' dev.g20.cli.Main calibrate --count 500 --out $W/calib --input-size $INPUT_SIZE" 2>&1 | tail -1
  g20 dataset --count 1200 --val-fraction 0.5 --seed 1000 --out "$W/ds/c000" $DS_ARGS --threads 16 ${MIX:+--scenario-mix "$MIX"} 2>&1 | tail -1 || exit 1
  touch "$W/ds/c000/DONE"
  W=$W setsid nohup bash $D/training/device_gen.sh > "$W/gen.log" 2>&1 &
  echo $! > "$W/gen.pid"
  for i in $(seq 60); do [[ -f $W/ds/c002/DONE ]] && break; sleep 2; done
  setsid nohup python3 $D/training/train.py --data "$W/ds/c000" --grow "$W/ds/c[0-9]*" --grow-delete \
      --init "$INIT" --deadline $(( $(date +%s) + ${FT_S:-360} )) --out "$W/run" --batch 128 --lr 0.001 \
      --max-val 600 --eval-every 60 $FOLD_ARGS ${TRAIN_ARGS:-} > "$W/run.out" 2>&1 &
  echo $! > "$W/run.pid"
  sleep 15
  follow_until $(( $(date +%s) + ${FT_S:-360} + 30 ))
  TRAIN_END_S=0 QUANT_METHODS=percentile bash "$0" finish
  ;;
*)
  echo "usage: $0 probe|start|wait|finish|resume"; exit 2 ;;
esac
