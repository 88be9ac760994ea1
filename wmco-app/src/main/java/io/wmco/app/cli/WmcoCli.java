package io.wmco.app.cli;

import io.wmco.adapter.ssh.MinaKeyPairReader;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code wmco} command line: the operator's library at work for administrators, without a cluster.
 * <ul>
 *   <li>{@code wmco user-data}: the user data the operator writes for new Windows machines;</li>
 *   <li>{@code wmco plan}: the configuration plan for one instance, touching nothing;</li>
 *   <li>{@code wmco preflight}: checks a would-be bring-your-own host over SSH.</li>
 * </ul>
 * Exit status: 0 success, 1 a check failed or the plan was refused, 2 bad usage. Expected failures print a message,
 * never a stack trace; private keys and tokens are never printed.
 */
public final class WmcoCli {
    /** Exit status of bad usage. */
    public static final int USAGE = 2;

    static final String HELP = "Usage: wmco <command> [options]   (wmco <command> --help for its options)\n\n"
            + UserDataCommand.USAGE + "\n" + PlanCommand.USAGE + "\n" + PreflightCommand.USAGE
            + "\nGlobal: --verbose logs library messages to stderr.\n";

    private WmcoCli() {}

    public static void main(String[] args) {
        List<String> list = new ArrayList<>(Arrays.asList(args));
        CliLogging.configure(list.remove("--verbose"));
        System.exit(run(list, System.out, System.err));
    }

    /**
     * Runs one command.
     *
     * @param args the arguments after {@code wmco}
     * @return the exit status
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty()
                || args.get(0).equals("--help")
                || args.get(0).equals("-h")
                || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(HELP);
            return args.isEmpty() ? USAGE : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        String usage = switch (command) {
            case "user-data" -> UserDataCommand.USAGE;
            case "plan" -> PlanCommand.USAGE;
            case "preflight" -> PreflightCommand.USAGE;
            default -> null;
        };
        if (usage == null) {
            err.println("wmco: unknown command '" + command + "'; use user-data, plan or preflight");
            err.print(HELP);
            return USAGE;
        }
        if (rest.contains("--help") || rest.contains("-h")) {
            out.print(usage);
            return 0;
        }
        MinaKeyPairReader keys = new MinaKeyPairReader();
        try {
            return switch (command) {
                case "user-data" -> new UserDataCommand(keys).run(rest, out);
                case "plan" -> new PlanCommand(keys, version()).run(rest, out, err);
                default -> new PreflightCommand(keys).run(rest, out);
            };
        } catch (UsageException e) {
            err.println(e.getMessage());
            err.print(usage);
            return USAGE;
        }
    }

    /** This build's version (the jar's Implementation-Version), or {@code dev} when run from classes. */
    static String version() {
        String v = WmcoCli.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }
}
