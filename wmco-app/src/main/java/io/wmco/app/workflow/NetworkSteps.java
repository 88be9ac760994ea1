package io.wmco.app.workflow;

import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.plan.NetworkStep;
import io.wmco.domain.plan.NodeLayout;
import io.wmco.domain.remote.HnsCommands;
import io.wmco.ports.remote.RemoteHost;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Carries out {@link NetworkStep}s. The host offers no watch on its HNS networks, so the wait for them looks once
 * per visit and comes back after a delay that doubles from {@link #POLL_START} to {@link #POLL_MAX}. The first
 * recheck is short because hybrid-overlay-node usually creates the networks within moments of its start (the look
 * right after the start tends to come just too early); the doubling keeps a slow host to a few looks.
 */
final class NetworkSteps {
    private NetworkSteps() {}

    static final Duration POLL_START = Duration.ofMillis(50);
    static final Duration POLL_MAX = Duration.ofSeconds(5);

    static StepResult run(NetworkStep step, StepContext ctx) {
        RemoteHost host = ctx.remote();
        if (step instanceof NetworkStep.WaitForNetworks s) {
            if (networks(host).containsAll(s.names())) {
                return StepResult.DONE;
            }
            return ctx.waitFor(
                    "HNS networks " + s.names() + " on " + ctx.instance() + " (hybrid-overlay-node logs under "
                            + NodeLayout.HYBRID_OVERLAY_LOG_DIR + ")",
                    s.timeout(),
                    pollDelay(ctx.run().visits()));
        } else if (step instanceof NetworkStep.RemoveNetworks s) {
            Set<String> present = new HashSet<>(networks(host));
            for (String name : s.names()) {
                if (present.contains(name)) {
                    host.runChecked("remove HNS network " + name, HnsCommands.removeNetwork(module(), name));
                }
            }
        } else if (step instanceof NetworkStep.EnsureSourceVip s) {
            ctx.run()
                    .sourceVip(HnsCommands.parseEndpointAddress(host.runChecked(
                            "ensure HNS endpoint " + s.endpointName(),
                            HnsCommands.ensureEndpoint(module(), s.networkName(), s.endpointName()))));
        }
        return StepResult.DONE;
    }

    /** The delay after the n-th look (0 the first time): 50 ms doubling, at most 5 s. */
    static Duration pollDelay(int visits) {
        Duration d = POLL_START.multipliedBy(1L << Math.min(visits, 10));
        return d.compareTo(POLL_MAX) > 0 ? POLL_MAX : d;
    }

    private static List<String> networks(RemoteHost host) {
        return HnsCommands.parseNetworkNames(host.runChecked("list HNS networks", HnsCommands.networkNames(module())));
    }

    private static String module() {
        return PayloadFiles.remotePath(PayloadFiles.HNS_MODULE);
    }
}
