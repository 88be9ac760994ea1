package io.wmco.it.byoh;

import io.kubernetes.client.openapi.ApiClient;
import io.wmco.it.support.ScenarioEnvironment;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * A BYOH scenario against the real API server: a {@link ScenarioEnvironment} on platform none whose hosts are named
 * {@code win-{id}-{index}} and become nodes of the same name; nodes of indexes 0 to 15 are deleted on close.
 */
public final class ByohEnvironment extends ScenarioEnvironment {
    private static final int MAX_HOSTS = 16;
    private final ApiClient operatorClient;

    ByohEnvironment() throws Exception {
        this(null, null);
    }

    /**
     * @param namespace the operator namespace (used as it is when it exists), or null for a new random one
     * @param operatorClient the client operators run with (e.g. impersonating their ServiceAccount), or null for admin
     */
    public ByohEnvironment(String namespace, ApiClient operatorClient) throws Exception {
        super(setup(namespace));
        this.operatorClient = operatorClient;
    }

    private static Setup setup(String namespace) {
        String id = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        return new Setup(
                id, namespace == null ? "wmco-it-" + id : namespace, Map.of(), namespace != null, "wmco-byoh-", "none");
    }

    /** Starts a simulated host at {@link #address(int)} named {@link #nodeName(int)}, authorising the current key. */
    public SimulatedWindowsHost startHost(int index) {
        return startHost(index, nodeName(index));
    }

    public String nodeName(int index) {
        return "win-" + id() + "-" + index;
    }

    /** The given client, else a new admin client per operator. */
    @Override
    protected ApiClient operatorClient() {
        return operatorClient != null ? operatorClient : cluster().adminClient();
    }

    @Override
    protected Iterable<String> scenarioNodes() {
        return IntStream.range(0, MAX_HOSTS).mapToObj(this::nodeName).toList();
    }
}
