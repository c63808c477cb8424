package dev.g20.cli;

import picocli.CommandLine.Command;

/** `g20 synth`: write a synthetic SigMF recording whose annotations are the ground truth. */
@Command(name = "synth", mixinStandardHelpOptions = true, description = "Write a synthetic SigMF recording whose annotations are the ground truth.")
public final class SynthCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'synth' is not built yet");
    }
}
