package io.wmco.it.incluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubernetes.client.openapi.models.V1Pod;
import io.wmco.it.support.Kubectl;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the deployed operator: only the Lease holder works on hosts; when its pod is deleted (as an
 * administrator or a node drain would), the other replica takes the Lease and finishes the work, and the Deployment
 * starts a replacement that waits.
 */
class OperatorFailoverIT {

    @Test
    void onlyTheLeaderActsAndTheOtherReplicaFinishesAfterTheLeadersPodIsDeleted() throws Exception {
        try (InClusterEnvironment env = InClusterEnvironment.create()) {
            env.startHost(0);
            env.startHost(1);
            env.listHosts(0);
            env.deploy(2);
            List<String> pods = names(env.awaitReadyPods(2));
            String leader = await("a replica holds the Lease")
                    .atMost(InClusterEnvironment.READY)
                    .until(() -> env.leader().filter(pods::contains).orElse(null), l -> l != null);
            String follower = pods.get(0).equals(leader) ? pods.get(1) : pods.get(0);
            String version = env.awaitReadyPods(2)
                    .get(0)
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage()
                    .replaceFirst(".*:", "");
            env.awaitConfigured(InClusterEnvironment.READY, version, env.nodeName(0));

            assertTrue(log(leader).contains("[" + env.podAddress(0) + "]"), log(leader));
            String waiting = log(follower);
            assertFalse(waiting.contains("[" + env.podAddress(0) + "]"), "the follower acted:\n" + waiting);
            assertFalse(waiting.contains("control loops started"), "the follower started its loops:\n" + waiting);

            env.listHosts(0, 1);
            Kubectl.run("delete", "pod", "-n", InClusterEnvironment.NAMESPACE, leader, "--wait=false");
            await("the other replica takes the Lease")
                    .atMost(InClusterEnvironment.READY)
                    .until(() -> env.leader().filter(follower::equals).isPresent());
            env.awaitConfigured(InClusterEnvironment.READY, version, env.nodeName(0), env.nodeName(1));

            assertTrue(log(follower).contains("[" + env.podAddress(1) + "]"), log(follower));
            List<String> after = names(env.awaitReadyPods(2));
            assertTrue(after.contains(follower), after.toString());
            String replacement = after.get(0).equals(follower) ? after.get(1) : after.get(0);
            assertNotEquals(leader, replacement);
            assertFalse(log(replacement).contains("control loops started"), log(replacement));
        }
    }

    private static List<String> names(List<V1Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).toList();
    }

    private static String log(String pod) {
        return Kubectl.run("logs", "-n", InClusterEnvironment.NAMESPACE, pod);
    }
}
