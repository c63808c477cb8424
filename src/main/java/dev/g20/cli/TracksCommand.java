package dev.g20.cli;

import picocli.CommandLine.Command;

/** `g20 tracks`: query stored tracks by frame range, time range or track id. */
@Command(name = "tracks", mixinStandardHelpOptions = true, description = "Query stored tracks by frame range, time range or track id.")
public final class TracksCommand implements Runnable {
    @Override
    public void run() {
        throw new UserError("'tracks' is not built yet");
    }
}
