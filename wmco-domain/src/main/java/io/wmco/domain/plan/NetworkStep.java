package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;

/** Steps on the host's HNS networks, which hybrid-overlay creates and kube-proxy's source VIP lives on. */
public sealed interface NetworkStep extends ConfigStep {

    /** Wait until all these HNS networks exist on the host (the host offers no watch: the executor polls). */
    record WaitForNetworks(List<String> names, Duration timeout) implements NetworkStep {
        public WaitForNetworks {
            names = List.copyOf(requireNonNull(names, "names cannot be null"));
            requireNonNull(timeout, "timeout cannot be null");
        }

        @Override
        public String phase() {
            return "wait-for-hns-networks";
        }

        @Override
        public String describe() {
            return "wait up to " + Durations.human(timeout) + " for HNS networks " + String.join(", ", names);
        }
    }

    /** Remove these HNS networks when present (needs {@code hns.psm1}, so runs before its directory goes). */
    record RemoveNetworks(List<String> names) implements NetworkStep {
        public RemoveNetworks {
            names = List.copyOf(requireNonNull(names, "names cannot be null"));
        }

        @Override
        public String phase() {
            return "remove-hns-networks";
        }

        @Override
        public String describe() {
            return "remove HNS networks " + String.join(", ", names);
        }
    }

    /**
     * Make sure an HNS endpoint named {@code endpointName} exists on {@code networkName} and read its IPv4
     * address: that is the source VIP of {@link OverlayFacts} for the following steps.
     */
    record EnsureSourceVip(String networkName, String endpointName) implements NetworkStep {
        public EnsureSourceVip {
            requireNonNull(networkName, "networkName cannot be null");
            requireNonNull(endpointName, "endpointName cannot be null");
        }

        @Override
        public String phase() {
            return "ensure-source-vip";
        }

        @Override
        public String describe() {
            return "ensure HNS endpoint " + endpointName + " on " + networkName + " and read its address as source VIP";
        }
    }
}
