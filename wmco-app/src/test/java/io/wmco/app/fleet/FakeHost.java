package io.wmco.app.fleet;

import io.wmco.domain.plan.NodeLayout;
import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.CommandResult;
import io.wmco.domain.remote.MatchedCommand;
import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.Shell;
import io.wmco.ports.remote.HostEndpoint;
import io.wmco.ports.remote.LocalFile;
import io.wmco.ports.remote.RemoteHost;
import io.wmco.ports.remote.UploadResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory Windows host for loop tests: it understands the operator's command vocabulary ({@link CommandKind},
 * an unknown script fails the test), keeps services and HNS networks, and logs every command and transfer.
 * hybrid-overlay-node creates its HNS networks when started, unless told not to. Thread-safe.
 */
final class FakeHost implements RemoteHost {
    private record Service(String state, String path) {}

    private final HostEndpoint endpoint;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Set<String> networks = new LinkedHashSet<>();
    private final List<String> log = new ArrayList<>();
    volatile String hostname = "WIN-1";
    volatile int build = 20348;
    volatile boolean networksComeUp = true;
    /** How often the host booted; {@code Restart-Computer -Force} counts one at once (an instant reboot). */
    volatile int boots;
    /** When set, a transfer waits here (counting {@link #transferStarted} down first). */
    volatile CountDownLatch holdTransfers;

    final CountDownLatch transferStarted = new CountDownLatch(1);

    FakeHost(HostEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** Every command kind and transfer target, in order. */
    synchronized List<String> log() {
        return List.copyOf(log);
    }

    synchronized long count(CommandKind kind) {
        return log.stream().filter(kind.name()::equals).count();
    }

    synchronized Optional<String> serviceState(String name) {
        return Optional.ofNullable(services.get(name)).map(Service::state);
    }

    @Override
    public HostEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public Shell defaultShell() {
        return Shell.POWERSHELL;
    }

    @Override
    public synchronized CommandResult run(RemoteCommand command) {
        MatchedCommand m = CommandKind.match(command.script())
                .orElseThrow(() -> new AssertionError("not in the vocabulary: " + command.script()));
        log.add(m.kind().name());
        return switch (m.kind()) {
            case SERVICE_QUERY -> {
                Service s = services.get(m.argument(0));
                yield ok(s == null ? "Missing" : s.state() + "\r\nAutomatic\r\n" + s.path());
            }
            case SERVICE_CREATE -> {
                services.put(m.argument(0), new Service("Stopped", m.argument(1)));
                yield ok("");
            }
            case SERVICE_SET_BINARY_PATH -> {
                services.computeIfPresent(m.argument(0), (k, s) -> new Service(s.state(), m.argument(1)));
                yield ok("");
            }
            case SERVICE_START -> {
                services.computeIfPresent(m.argument(0), (k, s) -> new Service("Running", s.path()));
                if (m.argument(0).equals("hybrid-overlay-node") && networksComeUp) {
                    networks.add(NodeLayout.BASE_HNS_NETWORK);
                    networks.add(NodeLayout.HNS_NETWORK);
                }
                yield ok("");
            }
            case SERVICE_STOP -> {
                services.computeIfPresent(m.argument(0), (k, s) -> new Service("Stopped", s.path()));
                yield ok("");
            }
            case SERVICE_DELETE -> {
                services.remove(m.argument(0));
                yield ok("");
            }
            case HOSTNAME -> ok(hostname + "\r\n");
            case LAST_BOOT_TIME -> ok("2025-01-01T00:00:0" + boots + "Z\r\n");
            case RESTART_COMPUTER -> {
                boots++;
                services.replaceAll(
                        (k, s) -> new Service(s.state().equals("Running") ? "Running" : "Stopped", s.path()));
                yield ok("");
            }
            case WINDOWS_BUILD -> ok(build + "\r\n");
            case HNS_NETWORK_NAMES -> ok(String.join("\r\n", networks));
            case HNS_NETWORK_REMOVE -> {
                networks.remove(m.argument(1));
                yield ok("");
            }
            case HNS_ENDPOINT_ENSURE -> ok("10.132.0.2\r\n");
            default -> ok("");
        };
    }

    /** Makes the HNS networks appear (what hybrid-overlay does on a real host). */
    synchronized void networksUp() {
        networks.add(NodeLayout.BASE_HNS_NETWORK);
        networks.add(NodeLayout.HNS_NETWORK);
    }

    private static CommandResult ok(String stdout) {
        return new CommandResult(0, stdout, "");
    }

    @Override
    public Optional<String> sha256(String remotePath) {
        return Optional.empty();
    }

    @Override
    public UploadResult uploadIfChanged(LocalFile file, String expectedSha256, String remotePath) {
        CountDownLatch hold = holdTransfers;
        if (hold != null) {
            transferStarted.countDown();
            try {
                hold.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            log.add("upload " + remotePath);
        }
        return new UploadResult(true, 1);
    }

    @Override
    public synchronized UploadResult writeIfChanged(byte[] content, String remotePath) {
        log.add("write " + remotePath);
        return new UploadResult(true, content.length);
    }

    @Override
    public void close() {}
}
