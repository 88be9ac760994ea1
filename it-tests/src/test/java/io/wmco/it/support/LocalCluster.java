package io.wmco.it.support;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The locally started cluster: its {@link RunDirectory}, its {@link NodeNetwork} when a real node can join, the
 * {@link LocalControlPlane}, and the {@link LinuxNode}, started on first demand.
 *
 * <p>{@code WMCO_IT_NODE} chooses: {@code auto} (default) prepares for a node when this machine can run one
 * ({@link LinuxNode#unavailableReason}) and otherwise runs the control plane alone, as before; {@code on} fails at
 * start, naming what is missing, when no node can run (CI sets it, so that a broken node cannot pass as skipped);
 * {@code off} never starts one. Thread-safe: all methods synchronize on this object.
 */
final class LocalCluster implements AutoCloseable {

    private final RunDirectory run;
    private final NodeNetwork network;
    private final LocalControlPlane plane;
    private final Path tools;
    private final String nodeUnavailable;
    private LinuxNode node;

    private LocalCluster(
            RunDirectory run, NodeNetwork network, LocalControlPlane plane, Path tools, String nodeUnavailable) {
        this.run = run;
        this.network = network;
        this.plane = plane;
        this.tools = tools;
        this.nodeUnavailable = nodeUnavailable;
    }

    static LocalCluster start() {
        String mode =
                System.getenv().getOrDefault("WMCO_IT_NODE", "auto").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
            throw new IllegalStateException("WMCO_IT_NODE=" + mode + " is not one of auto, on, off");
        }
        Optional<Path> tools = NodeTools.dir();
        Optional<String> reason =
                mode.equals("off") ? Optional.of("WMCO_IT_NODE=off") : LinuxNode.unavailableReason(tools);
        if (mode.equals("on") && reason.isPresent()) {
            throw new IllegalStateException("WMCO_IT_NODE=on, but no real node can run here: " + reason.get());
        }
        RunDirectory run = RunDirectory.create();
        NodeNetwork network = null;
        try {
            if (reason.isEmpty()) {
                network = NodeNetwork.create(run, NodeTools.relay(tools.get()));
            }
            LocalControlPlane plane = LocalControlPlane.start(run, network);
            return new LocalCluster(run, network, plane, tools.orElse(null), reason.orElse(null));
        } catch (RuntimeException e) {
            if (network != null) {
                network.close();
            }
            run.close();
            throw e;
        }
    }

    LocalControlPlane plane() {
        return plane;
    }

    /** Whether a node can join (the control plane runs inside a {@link NodeNetwork}). */
    boolean nodeCapable() {
        return network != null;
    }

    /**
     * The node, started on the first call (about 10 s). Aborts the calling test (reported as skipped, with the
     * reason) when this machine cannot run one.
     */
    synchronized LinuxNode node() {
        if (node == null) {
            Assumptions.assumeTrue(nodeUnavailable == null, () -> "no real node in this run: " + nodeUnavailable);
            long started = System.nanoTime();
            node = LinuxNode.start(plane, network, run, tools);
            System.out.printf(
                    Locale.ROOT,
                    "[wmco-it] node %s (kubelet, containerd, kube-proxy) Ready in %.1f s%n",
                    node.name(),
                    (System.nanoTime() - started) / 1e9);
        }
        return node;
    }

    /** Stops node and control plane, the relay, and then undoes everything the run directory recorded. */
    @Override
    public synchronized void close() {
        plane.close();
        if (network != null) {
            network.close();
        }
        run.close();
    }
}
