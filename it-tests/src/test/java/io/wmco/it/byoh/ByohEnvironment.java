package io.wmco.it.byoh;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import io.kubernetes.client.openapi.ApiClient;
import io.wmco.app.fleet.AddressResolver;
import io.wmco.domain.instance.ResolvedAddress;
import io.wmco.it.support.ScenarioEnvironment;
import io.wmco.testkit.sim.SimulatedWindowsHost;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * A BYOH scenario against the real API server: a {@link ScenarioEnvironment} on platform none whose hosts are named
 * {@code win-{id}-{index}} and become nodes of the same name; nodes of indexes 0 to 15 are deleted on close.
 */
public final class ByohEnvironment extends ScenarioEnvironment {
    private static final int MAX_HOSTS = 16;
    private final ApiClient operatorClient;
    private final Map<String, List<String>> dns = new ConcurrentHashMap<>();

    ByohEnvironment() throws Exception {
        this(null, null);
    }

    /** A scenario whose operator runs with {@code --platform=<platform>} (BYOH hosts on a cloud platform). */
    ByohEnvironment(String platform) throws Exception {
        super(setup(null, platform));
        this.operatorClient = null;
    }

    /**
     * @param namespace the operator namespace (used as it is when it exists), or null for a new random one
     * @param operatorClient the client operators run with (e.g. impersonating their ServiceAccount), or null for admin
     */
    public ByohEnvironment(String namespace, ApiClient operatorClient) throws Exception {
        super(setup(namespace, "none"));
        this.operatorClient = operatorClient;
    }

    private static Setup setup(String namespace, String platform) {
        String id = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36), 36);
        return new Setup(
                id,
                namespace == null ? "wmco-it-" + id : namespace,
                Map.of(),
                namespace != null,
                "wmco-byoh-",
                platform);
    }

    /** Starts a simulated host at {@link #address(int)} named {@link #nodeName(int)}, authorising the current key. */
    public SimulatedWindowsHost startHost(int index) {
        return startHost(index, nodeName(index));
    }

    public String nodeName(int index) {
        return "win-" + id() + "-" + index;
    }

    /**
     * Makes {@code name} resolve to {@code ipv4} for operators of this environment (at once: their resolver has no
     * cache); IPv4 entries need nothing here, and names not given resolve to nothing.
     */
    public void resolve(String name, String ipv4) {
        dns.put(name, List.of(ipv4));
    }

    /** The test bindings, with a resolver that answers from {@link #resolve} instead of the machine's DNS. */
    @Override
    protected Module[] operatorOverrides() {
        AddressResolver resolver = address -> address.isIpv4()
                ? new ResolvedAddress(List.of(address.value()), List.of())
                : new ResolvedAddress(dns.getOrDefault(address.value(), List.of()), List.of());
        return new Module[] {
            Modules.override(testBindings()).with(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(AddressResolver.class).toInstance(resolver);
                }
            })
        };
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
