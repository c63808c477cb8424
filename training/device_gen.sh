#!/usr/bin/env bash
# Background dataset generator for device_train.sh: writes chunks W/ds/cNNN (train split only)
# until W/stopgen exists, the disk runs low or MAX_CHUNKS is reached. Each finished chunk gets a
# DONE file, which train.py --grow picks up at its next epoch end.
set -u
W=${W:-/tmp/g20w}
CHUNK=${CHUNK:-2000}
MAX_CHUNKS=${MAX_CHUNKS:-22}   # 22 x 2000 + chunk 0 fills train.py's --max-train-total 44000
THREADS=${GEN_THREADS:-14}
SEED_BASE=${SEED_BASE:-1000}   # chunk k uses seed SEED_BASE + k (fine-tuning runs may pick fresh data)
MIX=${MIX:-}                   # --scenario-mix of the chunks (empty: the dataset default; real: the real-world
                               # mix, Dataset.REAL_MIX; or any list such as realworld:8,ism:2,adsb,random:2)
for k in $(seq 1 "$MAX_CHUNKS"); do
  [[ -f $W/stopgen ]] && break
  free_gb=$(df -BG --output=avail "$W" | tail -1 | tr -dc 0-9)
  if (( free_gb < 6 )); then echo "gen: only ${free_gb} GB free, stopping"; break; fi
  d=$W/ds/c$(printf %03d "$k")
  t=$(date +%s)
  if G20_HOME=$PWD "$W/rt/bin/java" -cp "$W/jars/*" dev.g20.cli.Main dataset --count "$CHUNK" --val-fraction 0 \
      --seed $((SEED_BASE + k)) --out "$d" --input-size ${INPUT_SIZE:-4096x256} --channels 1 --dtype ${DTYPE:-uint8} --threads "$THREADS" ${MIX:+--scenario-mix "$MIX"} > "$W/gen-$k.log" 2>&1; then
    touch "$d/DONE"
    echo "gen: chunk $k ($CHUNK samples) in $(( $(date +%s) - t )) s"
  else
    echo "gen: chunk $k failed:"; tail -3 "$W/gen-$k.log"; break
  fi
done
