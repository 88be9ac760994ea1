package io.wmco.app.cli;

import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.UserData;
import io.wmco.domain.platform.Platform;
import io.wmco.ports.remote.InvalidPrivateKeyException;
import io.wmco.ports.remote.KeyPairReader;
import io.wmco.ports.remote.SshCredentials;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code wmco user-data --platform P --key FILE}: prints the script the operator keeps in the
 * {@code windows-user-data} Secret for this private key. Only the public half of the key is printed.
 */
@Command(
        name = "user-data",
        mixinStandardHelpOptions = true,
        synopsisHeading = "",
        description = "Prints the user data the operator puts in openshift-machine-api/windows-user-data (key"
                + " userData) for the private key in FILE: it installs OpenSSH Server and authorizes the key's"
                + " public half.",
        footer = WmcoCli.FOOTER)
final class UserDataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CliMixins.PlatformOption platformOption;

    @Mixin
    CliMixins.KeyFileOption keyOption;

    private final KeyPairReader keys;

    UserDataCommand(KeyPairReader keys) {
        this.keys = keys;
    }

    @Override
    public Integer call() {
        AuthorizedKey publicKey = publicKey(keys, CliOptions.readFile("user-data", "key", keyOption.key), "user-data");
        PrintWriter out = spec.commandLine().getOut();
        out.print(UserData.render(platformOption.platform, publicKey));
        out.flush();
        return 0;
    }

    /** Platform names as the options take them. */
    static final class Platforms implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Arrays.stream(Platform.values())
                    .map(p -> p.name().toLowerCase(Locale.ROOT))
                    .iterator();
        }
    }

    /** {@code --platform}: any case; an unknown name is refused with the list of platforms. */
    static final class PlatformConverter implements CommandLine.ITypeConverter<Platform> {
        @Override
        public Platform convert(String value) {
            return Platform.parse(value)
                    .orElseThrow(() -> new CommandLine.TypeConversionException(
                            "'" + value + "' is not a platform; use one of " + platforms()));
        }
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
