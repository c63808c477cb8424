package dev.g20.cli;

import picocli.CommandLine.Command;

/** `g20 dataset`: write a detector training/validation set. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Write a detector training/validation set.")
public final class DatasetCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'dataset' is not built yet");
    }
}
