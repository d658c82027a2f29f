package dev.cnnc.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cnnc} command. Exit codes: 0 ok, 1 problems in the user's model or data,
 * 2 bad command-line usage, 70 an internal error of cnnc.
 */
@Command(name = "cnnc", mixinStandardHelpOptions = true, version = "cnnc 0.1.0",
        description = "A compiler for convolutional neural networks.",
        subcommands = {CheckCommand.class, InfoCommand.class, OpsCommand.class, TrainCommand.class, EvalCommand.class,
                InitCommand.class, RunCommand.class, PredictCommand.class, CompileCommand.class,
                PlotCommand.class, QuantizeCommand.class, BenchCommand.class, TuneCommand.class, DevicesCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int MODEL_ERROR = 1;
    public static final int USAGE = 2;
    public static final int INTERNAL = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see cnnc --help)");
    }

    public static void main(String[] args) {
        if (System.console() != null) {
            dev.cnnc.runtime.opencl.ClDevice.defaultProgress(
                    dev.cnnc.runtime.opencl.ClProgramSet.Progress.terminal(System.err));
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; used by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        dev.cnnc.train.app.Options.helpEverywhere(cli);
        dev.cnnc.train.app.Options.shortUsageErrors(cli, USAGE);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> USAGE);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("cnnc: internal error: " + e);
            e.printStackTrace(err);
            err.println("This is a bug in cnnc; please report it with the command line above.");
            return INTERNAL;
        });
        int code;
        try {
            code = cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("cnnc: error: the Java heap is exhausted (" + e.getMessage() + ", at most "
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); give cnnc more, e.g. "
                    + "CNNC_JAVA_OPTS=-Xmx16g bin/cnnc ..., or use a smaller batch or dataset limit");
            code = MODEL_ERROR;
        }
        out.flush();
        err.flush();
        return code;
    }
}
