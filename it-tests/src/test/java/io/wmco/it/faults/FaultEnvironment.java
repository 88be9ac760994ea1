package io.wmco.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.ApiClient;
import io.wmco.domain.remote.CommandKind;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.ScenarioEnvironment;
import io.wmco.it.support.TestCluster;
import io.wmco.testkit.sim.ServiceSnapshot;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * A BYOH fault scenario: hosts named {@code win-{id}-{index}}, each with a user name of its own
 * ({@link #user(int)}, distinctive so that a log search for it cannot hit an unrelated word), and every private key
 * the scenario used, for the log checks of {@link OperatorLog}. Nodes of indexes 0 to 7 are deleted on close.
 */
final class FaultEnvironment extends ScenarioEnvironment {
    private static final int MAX_HOSTS = 8;
    private final List<String> keysUsed = new ArrayList<>();

    FaultEnvironment() throws Exception {
        this(ClusterFixture.shared());
    }

    FaultEnvironment(TestCluster cluster) throws Exception {
        super(setup(), cluster);
        keysUsed.add(privateKeyPem());
    }

    private static Setup setup() {
        String id = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        return new Setup(id, "wmco-it-" + id, Map.of(), false, "wmco-faults-", "none");
    }

    String nodeName(int index) {
        return "win-" + id() + "-" + index;
    }

    /** The SSH user of host {@code index}: {@code Fltadm<id>x<index>}. */
    String user(int index) {
        return "Fltadm" + id() + "x" + index;
    }

    /** Starts host {@code index} for {@link #user(int)}, authorising the current key. */
    SimulatedWindowsHost startHost(int index) {
        return startHost(index, b -> b);
    }

    /** Starts host {@code index} for {@link #user(int)} with further settings. */
    SimulatedWindowsHost startHost(int index, UnaryOperator<SimulatedWindowsHost.Builder> more) {
        return adopt(more.apply(hostBuilder(index, nodeName(index)).username(user(index)))
                .start());
    }

    /** The windows-instances entries of hosts {@code 0..count-1}, each with its own user. */
    Map<String, String> entries(int count) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            entries.put(address(i), "username=" + user(i));
        }
        return entries;
    }

    @Override
    public void rotateKey(java.security.KeyPair next) throws Exception {
        super.rotateKey(next);
        if (keysUsed != null) { // null while the superclass constructor writes the first key
            keysUsed.add(privateKeyPem());
        }
    }

    /** What no log line may hold: every private key used so far, and the user of each host started. */
    Map<String, String> secrets() {
        Map<String, String> secrets = new LinkedHashMap<>();
        for (int i = 0; i < keysUsed.size(); i++) {
            secrets.putAll(OperatorLog.privateKeyForms("private key " + (i + 1), keysUsed.get(i)));
        }
        for (int i = 0; i < hosts().size(); i++) {
            secrets.put("user name of host " + i, user(i));
        }
        return secrets;
    }

    /** Each service exists once on the host and no create of one ever failed (none was created twice). */
    static void assertNoDuplicateService(SimulatedWindowsHost host) {
        List<String> names = host.services().stream().map(ServiceSnapshot::name).toList();
        assertEquals(new HashSet<>(names).size(), names.size(), "services on the host: " + names);
        List<String> failedCreates = host.commandsOf(CommandKind.SERVICE_CREATE).stream()
                .filter(c -> c.exitStatus() != 0)
                .map(c -> c.exitStatus() + " " + c.arguments())
                .toList();
        assertEquals(List.of(), failedCreates, "a service create failed (created twice?)");
        assertEquals(List.of(), host.unknownCommands(), "commands the simulated host does not know");
    }

    @Override
    protected ApiClient operatorClient() {
        return cluster().adminClient();
    }

    @Override
    protected Iterable<String> scenarioNodes() {
        return IntStream.range(0, MAX_HOSTS).mapToObj(this::nodeName).toList();
    }
}
