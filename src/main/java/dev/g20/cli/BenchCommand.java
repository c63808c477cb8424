package dev.g20.cli;

import picocli.CommandLine.Command;

/** `g20 bench`: measure this machine: STFT and pipeline throughput (JSON). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure this machine: STFT and pipeline throughput (JSON).")
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'bench' is not built yet");
    }
}
