package dev.g20.cli;

import picocli.CommandLine.Command;

/** `g20 eval`: score a detector and tracker against annotated recordings (JSON). */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Score a detector and tracker against annotated recordings (JSON).")
public final class EvalCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'eval' is not built yet");
    }
}
