package io.wmco.app.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code wmco} command line: the operator's library at work for administrators, without a cluster.
 * <ul>
 *   <li>{@code wmco user-data}: the user data the operator writes for new Windows machines;</li>
 *   <li>{@code wmco plan}: the configuration plan for one instance, touching nothing;</li>
 *   <li>{@code wmco preflight}: checks a would-be bring-your-own host over SSH.</li>
 * </ul>
 * Parsing, help and usage errors are picocli's; the commands check what it cannot (ranges, addresses, user names,
 * key files) and throw {@link UsageException}. Exit status: 0 success, 1 a check failed or the plan was refused,
 * 2 bad usage. Expected failures print a message, never a stack trace; private keys and tokens are never printed.
 * Adapters come from {@link CliWiring}.
 */
public final class WmcoCli {
    /** Exit status of bad usage. */
    public static final int USAGE = 2;

    static final String FOOTER = "%nExit status: 0 success, 1 a check failed or the plan was refused, 2 bad usage.%n";

    private WmcoCli() {}

    /** The top command: names the subcommands; {@code --verbose} applies to all. */
    @Command(
            name = "wmco",
            mixinStandardHelpOptions = true,
            versionProvider = WmcoCli.Version.class,
            synopsisHeading = "Usage: ",
            customSynopsis = "wmco <command> [options]   (wmco <command> --help for its options)",
            description = "Checks a would-be Windows host, prints user data or a configuration plan.",
            commandListHeading = "%nCommands:%n",
            footer = FOOTER)
    static final class Root implements Runnable {
        @Spec
        CommandSpec spec;

        @Option(
                names = "--verbose",
                scope = ScopeType.INHERIT,
                description = "log library messages to stderr (default: errors only)")
        boolean verbose;

        /** Without a command: the usage, as an error. */
        @Override
        public void run() {
            throw new ParameterException(spec.commandLine(), "wmco: give a command: user-data, plan or preflight");
        }
    }

    /** This build's version, for {@code --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"wmco " + version()};
        }
    }

    public static void main(String[] args) {
        System.exit(run(CliWiring.production(), List.of(args), System.out, System.err, CliLogging::configure));
    }

    /** Runs one command with the production adapters, leaving logging as it is (for tests). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(CliWiring.production(), args, out, err, verbose -> {});
    }

    /**
     * Runs one command.
     *
     * @param args the arguments after {@code wmco}
     * @param logging called with the {@code --verbose} choice before the command runs
     * @return the exit status
     */
    static int run(CliWiring wiring, List<String> args, PrintStream out, PrintStream err, Consumer<Boolean> logging) {
        Root root = new Root();
        CommandLine cli = new CommandLine(root)
                .addSubcommand(new UserDataCommand(wiring.keys()))
                .addSubcommand(new PlanCommand(wiring.keys(), version()))
                .addSubcommand(new PreflightCommand(wiring.keys(), wiring.ssh()));
        cli.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        cli.setExecutionStrategy(parsed -> {
            logging.accept(root.verbose);
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setParameterExceptionHandler(WmcoCli::badUsage);
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof UsageException) {
                command.getErr().println(e.getMessage());
                command.usage(command.getErr());
                return USAGE;
            }
            throw e;
        });
        int status = cli.execute(args.toArray(String[]::new));
        cli.getOut().flush();
        cli.getErr().flush();
        return status;
    }

    /** The message (for a mistyped command: which commands exist), then the usage of the command concerned. */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        if (e instanceof UnmatchedArgumentException u
                && command.getCommandSpec().parent() == null
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("wmco: unknown command '" + u.getUnmatched().get(0) + "'; use user-data, plan or preflight");
        } else {
            String prefix = command.getCommandSpec().qualifiedName() + ": ";
            err.println(e.getMessage().startsWith("wmco") ? e.getMessage() : prefix + e.getMessage());
        }
        command.usage(err);
        return USAGE;
    }

    /** This build's version (the jar's Implementation-Version), or {@code dev} when run from classes. */
    static String version() {
        String v = WmcoCli.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
