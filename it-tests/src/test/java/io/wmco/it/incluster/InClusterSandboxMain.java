package io.wmco.it.incluster;

import io.kubernetes.client.openapi.models.V1Pod;
import io.wmco.it.support.ClusterFixture;
import io.wmco.it.support.SandboxParts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ./sandbox.sh --in-cluster}: the operator as a pod, to watch. Starts the local cluster with its real Linux
 * node (root needed), imports the operator image, starts simulated Windows hosts on the node network, applies
 * {@code deploy/} as on plain Kubernetes ({@link InClusterEnvironment}), prints the pod, the Lease and the nodes as
 * they change, then the kubectl commands to look at them, and runs until Ctrl-C.
 *
 * <pre>
 * --hosts N                 simulated hosts (2)
 * --replicas N              operator replicas (1)
 * --ready-timeout SECONDS   give up when the nodes are not Ready by then (600)
 * --exit-when-ready         tear down and exit 0 once every node is Ready (for tests)
 * </pre>
 * Exit status: 0 on Ctrl-C or when ready with {@code --exit-when-ready}; 1 when the nodes do not become Ready (the
 * operator's log is printed) or the sandbox cannot start; 2 on bad arguments.
 */
public final class InClusterSandboxMain {

    private InClusterSandboxMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>(Map.of("hosts", "2", "replicas", "1", "ready-timeout", "600"));
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            if (name.equals("exit-when-ready")) {
                o.put(name, "true");
            } else if (o.containsKey(name) && i + 1 < args.length) {
                o.put(name, args[++i]);
            } else {
                System.err.println("sandbox: unknown or incomplete option " + args[i]
                        + " (--hosts N, --replicas N, --ready-timeout SECONDS, --exit-when-ready)");
                System.exit(2);
            }
        }
        int status;
        try {
            status = run(o);
        } catch (org.opentest4j.TestAbortedException e) {
            System.err.println("sandbox: cannot run the operator as a pod here: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    private static int run(Map<String, String> o) throws Exception {
        int hosts = Integer.parseInt(o.get("hosts"));
        InClusterEnvironment env = InClusterEnvironment.create();
        AtomicBoolean closed = new AtomicBoolean();
        // Before the cluster's shutdown hook stops node, pods and control plane: stop what runs in this JVM (simulated
        // hosts, network emulator) and the Deployment, so that nothing reports the API server going away.
        ClusterFixture.beforeStop(() -> closeQuietly(env, closed));
        say("cluster " + env.cluster().apiServerUrl() + " with node "
                + env.clusterNode().name()
                + " Ready; its state and logs (kubelet.log, containerd.log, ...) in "
                + env.cluster().kubeconfigPath().getParent());
        List<String> nodes = new ArrayList<>();
        int[] indexes = new int[hosts];
        for (int i = 0; i < hosts; i++) {
            env.startHost(i);
            nodes.add(env.nodeName(i));
            indexes[i] = i;
        }
        env.listHosts(indexes);
        env.deploy(Integer.parseInt(o.get("replicas")));
        say(hosts + " simulated Windows hosts listed in windows-instances; deploy/ applied");

        long deadline = System.nanoTime()
                + Duration.ofSeconds(Long.parseLong(o.get("ready-timeout"))).toNanos();
        Map<String, String> shown = new LinkedHashMap<>();
        String version = null;
        while (System.nanoTime() < deadline) {
            for (V1Pod pod : env.pods()) {
                version = pod.getSpec().getContainers().get(0).getImage().replaceFirst(".*:", "");
                String phase =
                        pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase();
                show(shown, "pod " + pod.getMetadata().getName(), phase + (Pods.ready(pod) ? ", Ready" : ""));
            }
            show(
                    shown,
                    "Lease wmco-leader",
                    env.leader().map(l -> "held by " + l).orElse("free"));
            boolean all = true;
            for (int i = 0; i < hosts; i++) {
                String name = nodes.get(i);
                String state = env.node(name)
                        .map(n -> SandboxParts.isReady(n) ? "Ready" : "registered, not Ready")
                        .orElse("not registered");
                show(shown, "node " + name + " (" + env.podAddress(i) + ")", state);
                all &= version != null && env.configured(name, version);
            }
            if (all) {
                say("all " + hosts + " Windows nodes are Ready. Watch the operator pod:");
                String k = "kubectl --kubeconfig " + env.cluster().kubeconfigPath();
                System.out.println("  " + k + " -n " + InClusterEnvironment.NAMESPACE + " get pods -o wide");
                System.out.println("  " + k + " -n " + InClusterEnvironment.NAMESPACE + " logs deploy/"
                        + InClusterEnvironment.DEPLOYMENT + " -f");
                System.out.println("  " + k + " get nodes -o wide");
                if (o.containsKey("exit-when-ready")) {
                    closeQuietly(env, closed);
                    return 0;
                }
                say("running; Ctrl-C stops and removes everything");
                new CountDownLatch(1).await();
                return 0;
            }
            Thread.sleep(1000); // a progress display, not a synchronisation: it only decides what to print
        }
        for (V1Pod pod : env.pods()) {
            System.out.println(io.wmco.it.support.Kubectl.run(
                    "logs",
                    "-n",
                    InClusterEnvironment.NAMESPACE,
                    pod.getMetadata().getName()));
        }
        say("the Windows nodes did not become Ready in " + o.get("ready-timeout") + " s");
        closeQuietly(env, closed);
        return 1;
    }

    private static void closeQuietly(InClusterEnvironment env, AtomicBoolean closed) {
        if (closed.compareAndSet(false, true)) {
            say("stopping: operator pods, simulated hosts, node and cluster");
            try {
                env.close();
            } catch (Exception e) {
                say("clean-up stopped early (the cluster is going away): " + e.getMessage());
            }
        }
    }

    private static void show(Map<String, String> shown, String what, String state) {
        if (!state.equals(shown.put(what, state))) {
            say(what + ": " + state);
        }
    }

    private static void say(String line) {
        System.out.println("sandbox: " + line);
        System.out.flush();
    }
}
