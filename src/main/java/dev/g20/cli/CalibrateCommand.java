package dev.g20.cli;

import picocli.CommandLine.Command;

/** `g20 calibrate`: collect inference inputs as .npy for INT8 calibration. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, description = "Collect inference inputs as .npy for INT8 calibration.")
public final class CalibrateCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'calibrate' is not built yet");
    }
}
