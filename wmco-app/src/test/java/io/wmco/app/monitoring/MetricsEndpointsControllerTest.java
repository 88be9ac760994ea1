package io.wmco.app.monitoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.kubernetes.client.extended.controller.reconciler.Result;
import io.wmco.app.MutableClock;
import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.event.EventReason;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.node.NodeAddress;
import io.wmco.domain.node.NodeSnapshot;
import io.wmco.ports.cluster.ClusterException;
import io.wmco.ports.cluster.EventRecorder;
import io.wmco.ports.cluster.MetricsEndpoints;
import io.wmco.ports.cluster.NodeRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsEndpointsControllerTest {
    private final NodeRepository nodes = mock(NodeRepository.class);
    private final MetricsEndpoints endpoints = mock(MetricsEndpoints.class);
    private final EventRecorder events = mock(EventRecorder.class);
    private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final MetricsEndpointsController controller =
            new MetricsEndpointsController("wmco", nodes, endpoints, events, new OperatorMetrics(), clock);

    static NodeSnapshot node(String name, String ip, boolean windows, boolean unschedulable) {
        return new NodeSnapshot(
                name,
                windows ? Map.of(MetadataKeys.OS_ID_LABEL, MetadataKeys.WINDOWS) : Map.of(),
                Map.of(),
                List.of(),
                ip == null ? List.of() : List.of(new NodeAddress(NodeAddress.INTERNAL_IP, ip)),
                true,
                unschedulable);
    }

    @Test
    void listsInternalIpsOfSchedulableWindowsNodesOnly() {
        List<String> ips = controller.desiredAddresses(List.of(
                node("w2", "10.0.0.2", true, false),
                node("w1", "10.0.0.1", true, false),
                node("cordoned", "10.0.0.3", true, true),
                node("linux", "10.0.0.4", false, false),
                node("no-ip", null, true, false)));

        assertEquals(List.of("10.0.0.1", "10.0.0.2"), ips);
    }

    @ParameterizedTest
    @CsvSource({
        "127.0.4.10, loopback",
        "::1, loopback",
        "169.254.1.1, link-local",
        "fe80::1, link-local",
        "0.0.0.0, unspecified",
        "224.0.0.1, multicast",
        "win-1.example.com, not an IP address",
        "fd00::5, not an IPv4 address",
    })
    void leavesOutAddressesTheApiServerRefusesInTheSlice(String ip, String why) {
        assertTrue(MetricsEndpointsController.unpublishable(ip).orElseThrow().contains(why));
        assertEquals(
                List.of("10.0.0.1"),
                controller.desiredAddresses(
                        List.of(node("bad", ip, true, false), node("good", "10.0.0.1", true, false))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1", "192.168.1.20", "172.16.0.9"})
    void keepsOrdinaryAddresses(String ip) {
        assertTrue(MetricsEndpointsController.unpublishable(ip).isEmpty());
    }

    @Test
    void publishesServiceAndEndpointsWhenTheNamespaceIsMonitored() {
        when(endpoints.namespaceLabels("wmco"))
                .thenReturn(Optional.of(Map.of("openshift.io/cluster-monitoring", "true")));
        when(nodes.list()).thenReturn(List.of(node("w1", "10.0.0.1", true, false)));

        Result r = controller.reconcile(MetricsEndpointsController.KEY);

        assertTrue(r.isRequeue(), "comes back to look at the ServiceMonitor, which is not watched");
        assertEquals(MetricsEndpointsController.SERVICE_MONITOR_RECHECK, r.getRequeueAfter());
        verify(endpoints).publish("wmco", "windows-exporter", "metrics", 9182, List.of("10.0.0.1"));
        verify(endpoints).publishServiceMonitor("wmco", "windows-exporter", "metrics");
        verify(events, never()).record(any(), any(EventReason.class), anyString());
    }

    @Test
    void looksAtTheServiceMonitorAgainOnlyOnceTheRecheckIntervalHasPassed() {
        when(endpoints.namespaceLabels("wmco"))
                .thenReturn(Optional.of(Map.of("openshift.io/cluster-monitoring", "true")));
        when(nodes.list()).thenReturn(List.of(node("w1", "10.0.0.1", true, false)));

        controller.reconcile(MetricsEndpointsController.KEY);
        clock.advance(MetricsEndpointsController.SERVICE_MONITOR_RECHECK.minusSeconds(1));
        controller.reconcile(MetricsEndpointsController.KEY); // a node event within the minute
        verify(endpoints, times(1)).publishServiceMonitor("wmco", "windows-exporter", "metrics");

        clock.advance(Duration.ofSeconds(1));
        controller.reconcile(MetricsEndpointsController.KEY); // the requeue a minute later
        verify(endpoints, times(2)).publishServiceMonitor("wmco", "windows-exporter", "metrics");
        verify(endpoints, times(3)).publish("wmco", "windows-exporter", "metrics", 9182, List.of("10.0.0.1"));
    }

    @Test
    void aServiceMonitorFailureDoesNotHoldBackTheEndpoints() {
        when(endpoints.namespaceLabels("wmco"))
                .thenReturn(Optional.of(Map.of("openshift.io/cluster-monitoring", "true")));
        when(nodes.list()).thenReturn(List.of(node("w1", "10.0.0.1", true, false)));
        when(endpoints.publishServiceMonitor(anyString(), anyString(), anyString()))
                .thenThrow(new ClusterException(
                        ClusterException.Kind.REJECTED, 403, "servicemonitors is forbidden", null));

        Result r = controller.reconcile(MetricsEndpointsController.KEY);

        assertEquals(MetricsEndpointsController.SERVICE_MONITOR_RECHECK, r.getRequeueAfter());
        verify(endpoints).publish("wmco", "windows-exporter", "metrics", 9182, List.of("10.0.0.1"));
    }

    @Test
    void recordsOneEventAndPublishesNothingWithoutTheMonitoringLabel() {
        when(endpoints.namespaceLabels("wmco")).thenReturn(Optional.of(Map.of()));

        Result first = controller.reconcile(MetricsEndpointsController.KEY);
        controller.reconcile(MetricsEndpointsController.KEY);

        assertTrue(first.isRequeue(), "looks again later: namespace labels are not watched");
        verify(endpoints, never()).publish(anyString(), anyString(), anyString(), anyInt(), anyList());
        verify(events, times(1))
                .record(
                        any(),
                        eq(EventReason.MONITORING_NOT_ENABLED),
                        contains("openshift.io/cluster-monitoring=true"));
    }
}
