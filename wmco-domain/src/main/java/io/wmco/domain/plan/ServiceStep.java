package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** Steps on Windows services. Every one is idempotent: a missing service counts as stopped and deleted. */
public sealed interface ServiceStep extends ConfigStep {

    /** Stop these services, one after the other in this order. */
    record Stop(List<String> names) implements ServiceStep {
        public Stop {
            names = List.copyOf(requireNonNull(names, "names cannot be null"));
        }

        @Override
        public String phase() {
            return "stop-services";
        }

        @Override
        public String describe() {
            return "stop " + String.join(", ", names);
        }
    }

    /** Delete these services (already stopped). */
    record Delete(List<String> names) implements ServiceStep {
        public Delete {
            names = List.copyOf(requireNonNull(names, "names cannot be null"));
        }

        @Override
        public String phase() {
            return "delete-services";
        }

        @Override
        public String describe() {
            return "delete " + String.join(", ", names);
        }
    }

    /** Make the service match {@code spec} and run it (see {@link ServiceSpec}). */
    record Ensure(ServiceSpec spec) implements ServiceStep {
        public Ensure {
            requireNonNull(spec, "spec cannot be null");
        }

        @Override
        public String phase() {
            return "ensure-service";
        }

        @Override
        public String describe() {
            return "run service " + spec.describe();
        }
    }

    /**
     * Run kube-proxy, whose arguments depend on the node subnet and source VIP learned during execution: the
     * executor passes the {@link OverlayFacts} it gathered to {@link #service}.
     */
    record EnsureKubeProxy(String nodeName, LogRotation rotation) implements ServiceStep {
        /** Stand-ins shown by {@link #describe()} for values known only at execution time. */
        static final String SUBNET_PLACEHOLDER = "<node-subnet>";

        static final String VIP_PLACEHOLDER = "<source-vip>";

        public EnsureKubeProxy {
            requireNonNull(nodeName, "nodeName cannot be null");
            requireNonNull(rotation, "rotation cannot be null");
        }

        /** kube-proxy without log rotation. */
        public EnsureKubeProxy(String nodeName) {
            this(nodeName, LogRotation.OFF);
        }

        /**
         * The kube-proxy service for the node's facts.
         *
         * @throws IllegalArgumentException when the facts lack the source VIP
         */
        public ServiceSpec service(OverlayFacts facts) {
            requireNonNull(facts, "facts cannot be null");
            if (facts.sourceVip().isEmpty()) {
                throw new IllegalArgumentException(
                        "kube-proxy needs the source VIP; run the ensure-source-vip step first");
            }
            return Services.kubeProxy(nodeName, facts.nodeSubnet().toString(), facts.sourceVip(), rotation);
        }

        @Override
        public String phase() {
            return "ensure-kube-proxy";
        }

        @Override
        public String describe() {
            return "run service "
                    + Services.kubeProxy(nodeName, SUBNET_PLACEHOLDER, VIP_PLACEHOLDER, rotation)
                            .describe();
        }
    }
}
