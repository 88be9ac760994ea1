package io.wmco.app.fleet;

import io.wmco.domain.instance.InstanceAddress;
import io.wmco.domain.instance.ResolvedAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves with the JVM's resolver and caches each answer for a while, so control loops that run on every node
 * heartbeat do not query DNS each time. Thread-safe.
 */
public final class DnsAddressResolver implements AddressResolver {
    private record Entry(ResolvedAddress value, Instant expires) {}

    private final Map<InstanceAddress, Entry> cache = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final boolean reverseLookups;
    private final Clock clock;

    /**
     * @param ttl how long an answer is reused
     * @param reverseLookups whether to look up PTR names of IPv4 addresses (CSR names may match those)
     */
    public DnsAddressResolver(Duration ttl, boolean reverseLookups, Clock clock) {
        this.ttl = ttl;
        this.reverseLookups = reverseLookups;
        this.clock = clock;
    }

    @Override
    public ResolvedAddress resolve(InstanceAddress address) {
        Instant now = clock.instant();
        Entry e = cache.get(address);
        if (e != null && e.expires().isAfter(now)) {
            return e.value();
        }
        ResolvedAddress r = lookUp(address);
        cache.put(address, new Entry(r, now.plus(ttl)));
        return r;
    }

    private ResolvedAddress lookUp(InstanceAddress address) {
        List<String> ips = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try {
            if (address.isIpv4()) {
                ips.add(address.value());
            } else {
                for (InetAddress a : InetAddress.getAllByName(address.value())) {
                    if (a instanceof Inet4Address) {
                        ips.add(a.getHostAddress());
                    }
                }
            }
            if (reverseLookups) {
                for (String ip : ips) {
                    String name = InetAddress.getByName(ip).getCanonicalHostName();
                    if (!name.equals(ip)) {
                        names.add(name);
                    }
                }
            }
        } catch (UnknownHostException e) {
            // unresolvable: the decision reports that no IPv4 address is known
        }
        return new ResolvedAddress(ips, names);
    }
}
