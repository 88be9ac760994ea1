package io.wmco.domain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.fleet.FailureContext.Action;
import io.wmco.domain.instance.InstanceSource;
import io.wmco.domain.node.NodeSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class FailurePolicyTest {
    private static final InstanceSource BYOH = new InstanceSource.Byoh();
    private static final InstanceSource MACHINE = new InstanceSource.Machine("openshift-machine-api", "m-1");

    static NodeSnapshot node(boolean ready) {
        return new NodeSnapshot("win-1", Map.of(), Map.of(), List.of(), List.of(), ready, false);
    }

    static FailureDecision decide(Failure.Kind kind, Action action, String source, int failuresBefore, String node) {
        Optional<NodeSnapshot> n = switch (node) {
            case "none" -> Optional.empty();
            case "ready" -> Optional.of(node(true));
            case "notReady" -> Optional.of(node(false));
            default -> throw new IllegalArgumentException(node);
        };
        return FailurePolicy.decide(
                new Failure(kind, "10.0.0.5:22: connection refused"),
                new FailureContext(
                        "instance 10.0.0.5", source.equals("machine") ? MACHINE : BYOH, action, failuresBefore, n));
    }

    @ParameterizedTest(name = "{0} while {1} ({2}, {3} before, node {4}) -> {5} {6}")
    @CsvSource({
        // a Machine that refuses the key cannot recover: replace it
        "AUTHENTICATION_REJECTED, CONFIGURE,   machine, 0, none,     DeleteMachine,   MachineDeleted",
        "AUTHENTICATION_REJECTED, UPGRADE,     machine, 0, ready,    DeleteMachine,   MachineDeleted",
        // ... but a BYOH host is the administrator's
        "AUTHENTICATION_REJECTED, CONFIGURE,   byoh,    0, none,     Report,          AuthenticationRejected",
        "AUTHENTICATION_REJECTED, DECONFIGURE, byoh,    5, notReady, Report,          AuthenticationRejected",
        // a removed host that stays away: its NotReady node goes after three attempts
        "HOST_UNREACHABLE,        DECONFIGURE, byoh,    0, notReady, Retry,           ConfigurationRetrying",
        "HOST_UNREACHABLE,        DECONFIGURE, byoh,    1, notReady, Retry,           ConfigurationRetrying",
        "HOST_UNREACHABLE,        DECONFIGURE, byoh,    2, notReady, ForceDeleteNode, HostUnreachable",
        "HOST_UNREACHABLE,        DECONFIGURE, byoh,    9, notReady, ForceDeleteNode, HostUnreachable",
        // ... but never while its node is Ready (the host may just be blocking SSH)
        "HOST_UNREACHABLE,        DECONFIGURE, byoh,    9, ready,    Retry,           ConfigurationRetrying",
        // unreachable while configuring: keep trying, never delete anything
        "HOST_UNREACHABLE,        CONFIGURE,   byoh,    9, notReady, Retry,           ConfigurationRetrying",
        "HOST_UNREACHABLE,        CONFIGURE,   machine, 9, none,     Retry,           ConfigurationRetrying",
        "REMOTE_ERROR,            UPGRADE,     byoh,    3, ready,    Retry,           ConfigurationRetrying",
        "CLUSTER_UNAVAILABLE,     RELEASE_SLOT, byoh,   0, ready,    Retry,           ConfigurationRetrying",
        "TIMED_OUT,               CONFIGURE,   byoh,    0, notReady, Retry,           ConfigurationRetrying",
        "TRANSIENT,               CONFIGURE,   byoh,    0, none,     Retry,           ConfigurationRetrying",
        "UNEXPECTED,              CONFIGURE,   machine, 0, none,     Retry,           ConfigurationRetrying",
        // what only an administrator can fix
        "HOST_KEY_CHANGED,        CONFIGURE,   machine, 0, none,     Report,          ConfigurationFailed",
        "REFUSED,                 CONFIGURE,   byoh,    0, none,     Report,          ConfigurationFailed",
        "MISCONFIGURED,           DECONFIGURE, byoh,    0, notReady, Report,          ConfigurationFailed",
        "CLUSTER_REJECTED,        REPLACE_MACHINE, machine, 0, ready, Report,         ConfigurationFailed",
        // the host reported the name of another entry's node: left alone, reported as a duplicate
        "DUPLICATE,               CONFIGURE,   byoh,    0, none,     Report,          DuplicateInstance",
    })
    void decidesFromTheFailureAndItsContext(
            Failure.Kind kind,
            Action action,
            String source,
            int failuresBefore,
            String node,
            String decision,
            String reason) {
        FailureDecision d = decide(kind, action, source, failuresBefore, node);

        assertEquals(decision, d.getClass().getSimpleName(), d.toString());
        assertEquals(reason, d.notice().reason().text());
    }

    @Test
    void deletesTheFailingMachineAndForceDeletesTheFailingNode() {
        FailureDecision.DeleteMachine m = assertInstanceOf(
                FailureDecision.DeleteMachine.class,
                decide(Failure.Kind.AUTHENTICATION_REJECTED, Action.CONFIGURE, "machine", 0, "none"));
        assertEquals("openshift-machine-api", m.namespace());
        assertEquals("m-1", m.name());
        assertTrue(
                m.notice().message().contains("rejected the operator's key"),
                m.notice().message());

        FailureDecision.ForceDeleteNode n = assertInstanceOf(
                FailureDecision.ForceDeleteNode.class,
                decide(Failure.Kind.HOST_UNREACHABLE, Action.DECONFIGURE, "byoh", 2, "notReady"));
        assertEquals("win-1", n.node());
    }

    @Test
    void reportsAreRecheckedAfterAQuarterOfAnHour() {
        FailureDecision.Report r = assertInstanceOf(
                FailureDecision.Report.class, decide(Failure.Kind.REFUSED, Action.CONFIGURE, "byoh", 0, "none"));
        assertEquals(FailurePolicy.PERMANENT_RECHECK, r.recheck());
        assertTrue(r.notice().message().contains("15 minutes"), r.notice().message());
    }

    @ParameterizedTest
    @EnumSource(Failure.Kind.class)
    void theSameProblemAlwaysYieldsTheSameNoticeWhateverTheAttempt(Failure.Kind kind) {
        FailureDecision first = decide(kind, Action.CONFIGURE, "byoh", 0, "none");
        FailureDecision later = decide(kind, Action.CONFIGURE, "byoh", 7, "none");

        assertEquals(first.notice(), later.notice());
        String message = first.notice().message();
        assertTrue(message.startsWith("instance 10.0.0.5: 10.0.0.5:22: connection refused"), message);
        assertFalse(message.matches(".*(attempt|\\d+s\\b).*"), "no attempt number or delay: " + message);
    }
}
