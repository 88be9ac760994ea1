package io.wmco.app.cli;

import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.UserData;
import io.wmco.domain.platform.Platform;
import io.wmco.ports.remote.InvalidPrivateKeyException;
import io.wmco.ports.remote.KeyPairReader;
import io.wmco.ports.remote.SshCredentials;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code wmco user-data --platform P --key FILE}: prints the script the operator keeps in the
 * {@code windows-user-data} Secret for this private key. Only the public half of the key is printed.
 */
final class UserDataCommand {
    static final String USAGE = "wmco user-data --platform P --key FILE\n"
            + "  Prints the user data the operator puts in openshift-machine-api/windows-user-data (key userData)\n"
            + "  for the private key in FILE: it installs OpenSSH Server and authorizes the key's public half.\n"
            + "  --platform  " + platforms() + "\n"
            + "  --key       the private key file (the cloud-private-key Secret's private-key.pem)\n";

    private final KeyPairReader keys;

    UserDataCommand(KeyPairReader keys) {
        this.keys = keys;
    }

    int run(List<String> args, PrintStream out) {
        CliArgs a = CliArgs.parse("user-data", args, Set.of("platform", "key"), Set.of());
        Platform platform = platform(a, "user-data");
        AuthorizedKey key = publicKey(keys, a.readFile("key", "~/.ssh/wmco_ed25519"), "user-data");
        out.print(UserData.render(platform, key));
        out.flush();
        return 0;
    }

    static Platform platform(CliArgs a, String command) {
        String name = a.required("platform", "none");
        return Platform.parse(name)
                .orElseThrow(() -> new UsageException("wmco " + command + ": --platform '" + name
                        + "' is not a platform; use one of " + platforms()));
    }

    static String platforms() {
        return Arrays.stream(Platform.values())
                .map(p -> p.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }

    /** The public half of a private key, or a usage error that names the accepted formats (never the key). */
    static AuthorizedKey publicKey(KeyPairReader keys, byte[] privateKey, String command) {
        try {
            return AuthorizedKey.parse(keys.authorizedKeyLine(new SshCredentials(privateKey)));
        } catch (InvalidPrivateKeyException | IllegalArgumentException e) {
            throw new UsageException(
                    "wmco " + command + ": --key is not a usable private key (" + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(privateKey, (byte) 0);
        }
    }
}
