package dev.g20.cli;

import picocli.CommandLine.Command;

/** `g20 run`: the main job: live pipeline, web viewer, tracks logged to the store. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "The main job: live pipeline, web viewer, tracks logged to the store.")
public final class RunCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'run' is not built yet");
    }
}
