#!/usr/bin/env bash
# Used for the figures in docs/gpu.md: run from a folder holding jre/ (jlink), g20.jar, lib/ (slf4j, logback, jackson,
# assertj, junit-platform-console-standalone) and test-classes/ (CudaStftBackendTest, StftBackendsTest).
# G20 GPU device run: environment, CUDA tests (JUnit console), STFT bench; results under $OUT.
set -u
cd "$(dirname "$0")"
OUT=${OUT:-/tmp/g20out}; mkdir -p "$OUT"
{
  echo "== nvidia-smi"; nvidia-smi
  echo "== /usr/local/cuda*"; ls -d /usr/local/cuda* 2>&1; ls /usr/local/cuda*/lib64 2>/dev/null | grep -E 'cufft|nvrtc|cudart' | sort -u
  echo "== find"; find /usr /opt /root /lib /lib64 /home \( -name 'libcufft.so*' -o -name 'libnvrtc.so*' -o -name 'libcudart.so*' -o -name 'libcuda.so*' \) 2>/dev/null | head -40
  echo "== ldconfig"; ldconfig -p | grep -E 'libcuda\.|cufft|nvrtc|cudart'
  echo "== cpu"; nproc; lscpu | grep -E 'Model name|Socket|NUMA node\(s\)|MHz'; free -g | head -2
} > "$OUT/env.txt" 2>&1
cat "$OUT/env.txt"
J="jre/bin/java --enable-native-access=ALL-UNNAMED"
CP="g20.jar:lib/slf4j-api-2.0.16.jar:lib/logback-classic-1.5.12.jar:lib/logback-core-1.5.12.jar"
CP="$CP:lib/jackson-databind-2.18.2.jar:lib/jackson-core-2.18.2.jar:lib/jackson-annotations-2.18.2.jar"
echo "== probe (default search)"
if ! $J -cp "$CP" dev.g20.bench.StftBench --probe; then
  G20_CUDA_LIB_DIR=$(find /usr /opt /root /lib /lib64 /home \( -name 'libcufft.so.*' -o -name 'libnvrtc.so.*' -o -name 'libcudart.so.*' \) -printf '%h\n' 2>/dev/null | sort -u | paste -sd:)
  export G20_CUDA_LIB_DIR
  echo "== probe (G20_CUDA_LIB_DIR=$G20_CUDA_LIB_DIR)"
  $J -cp "$CP" dev.g20.bench.StftBench --probe
fi
echo "== tests"
T0=$(date +%s)
$J -jar lib/junit-platform-console-standalone-1.11.3.jar execute --disable-banner --details=tree --disable-ansi-colors \
   --class-path "test-classes:$CP:lib/assertj-core-3.26.3.jar" \
   --select-class dev.g20.spectrogram.CudaStftBackendTest --select-class dev.g20.spectrogram.StftBackendsTest \
   --reports-dir "$OUT/junit" > "$OUT/junit.txt" 2>&1
echo "junit exit $? in $(( $(date +%s) - T0 )) s"; grep -E "✘|Assumption failed|expected|but was|Exception" "$OUT/junit.txt" | head -30
if [ -n "${G20_PCIE:-}" ]; then
  echo "== pinned PCIe ceiling (torch)"
  python3 - <<'PY' 2>&1 | tee "$OUT/pcie.txt"
import torch, time
n = 256 << 20
h = torch.empty(n, dtype=torch.uint8).pin_memory(); h2 = torch.empty(n, dtype=torch.uint8).pin_memory()
d = torch.empty(n, dtype=torch.uint8, device='cuda'); d2 = torch.empty(n, dtype=torch.uint8, device='cuda')
s1, s2 = torch.cuda.Stream(), torch.cuda.Stream()
def t(f, reps=10):
    f(); torch.cuda.synchronize(); t0 = time.perf_counter()
    for _ in range(reps): f()
    torch.cuda.synchronize(); return (time.perf_counter() - t0) / reps
h2d = t(lambda: d.copy_(h, non_blocking=True)); d2h = t(lambda: h.copy_(d, non_blocking=True))
def both():
    with torch.cuda.stream(s1): d.copy_(h, non_blocking=True)
    with torch.cuda.stream(s2): h2.copy_(d2, non_blocking=True)
bi = t(both)
print(f"pinned H2D {n/h2d/1e9:.1f} GB/s, D2H {n/d2h/1e9:.1f} GB/s, both directions at once {2*n/bi/1e9:.1f} GB/s total")
PY
fi
echo "== bench"
$J -Xmx24g -cp "$CP" dev.g20.bench.StftBench --seconds "${BENCH_SECONDS:-2}" ${BENCH_ARGS:-} --out "$OUT/bench.json" 2> "$OUT/bench.err"
echo "bench exit $?"; tail -5 "$OUT/bench.err"
