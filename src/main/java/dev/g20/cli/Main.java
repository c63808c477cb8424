package dev.g20.cli;

import dev.g20.util.Errors;
import dev.g20.config.ConfigException;
import dev.g20.source.SourceException;
import dev.g20.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the g20 command line. */
@Command(name = "g20", mixinStandardHelpOptions = true, version = "g20 0.1.0",
        description = "Real-time RF waterfall detection: spectrogram, detector, tracker, track store, live viewer.",
        subcommands = {RunCommand.class, ProcessCommand.class, SynthCommand.class, DatasetCommand.class,
                EvalCommand.class, CalibrateCommand.class, BenchCommand.class, TracksCommand.class,
                EmittersCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Throwable t = ex;
            while (t.getCause() != null && !isUserError(t)) t = t.getCause();
            if (isUserError(t)) {
                cmd.getErr().println("g20: " + Errors.oneLine(t));
                return 2;
            }
            cmd.getErr().println("g20: internal error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cli.execute(args);
    }

    /** Mistakes in what the user gave us: one line, exit 2, no stack trace. */
    static boolean isUserError(Throwable t) {
        return t instanceof UserError || t instanceof ConfigException || t instanceof SourceException || t instanceof StoreException;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
