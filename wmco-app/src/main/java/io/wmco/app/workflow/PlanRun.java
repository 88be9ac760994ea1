package io.wmco.app.workflow;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.plan.ConfigStep;
import io.wmco.domain.plan.ConfigurationPlan;
import java.time.Instant;
import java.util.Optional;

/**
 * How far one plan has come on one instance, kept in memory under the instance's key between reconciles, so that a
 * plan that waits for the cluster gives its worker back and resumes at the same step when its key comes round
 * again: the plan, the next step, when that step began (for its deadline and its duration), how often it was
 * looked at, and what the steps learned (node name, node subnet, source VIP, whether a reboot is due and the boot
 * time before it).
 *
 * <p>A run is discarded when a step fails, when leadership is lost or the operator stops, and when the key's next
 * decision asks for something else ({@link #identity()} differs). Starting again from the first step is always
 * correct, since every step is idempotent; resuming only saves the commands already done.
 *
 * <p>Not thread-safe: only the worker holding the key touches it (the work queue never gives one key to two
 * workers).
 */
public final class PlanRun {

    /**
     * What a plan is for. A run is resumed only by a decision with an equal identity: the same kind of plan for the
     * same instance (address, user, source) or node, under the same key and operator version.
     *
     * @param kind the plan's kind (configure, upgrade, deconfigure)
     * @param target the instance or node the plan is for (compared, never logged: it may hold the user name)
     * @param keyHash the hash of the private key the plan was made with (a rotated key starts over)
     */
    public record Identity(String kind, Object target, String keyHash) {
        public Identity {
            requireNonNull(kind, "kind cannot be null");
            requireNonNull(target, "target cannot be null");
            requireNonNull(keyHash, "keyHash cannot be null");
        }

        @Override
        public String toString() {
            return "Identity[" + kind + "]";
        }
    }

    private final Identity identity;
    private final ConfigurationPlan plan;
    private final Instant startedAt;
    private int next;
    private Instant stepStartedAt;
    private int visits;
    private String nodeName;
    private String nodeSubnet;
    private String sourceVip;
    private boolean rebootDue;
    private String bootBefore;

    /**
     * @param knownNodeName the node's name when it exists already, else empty (learned by the wait for the node)
     */
    public PlanRun(Identity identity, ConfigurationPlan plan, Instant startedAt, Optional<String> knownNodeName) {
        this.identity = requireNonNull(identity, "identity cannot be null");
        this.plan = requireNonNull(plan, "plan cannot be null");
        this.startedAt = requireNonNull(startedAt, "startedAt cannot be null");
        this.nodeName =
                requireNonNull(knownNodeName, "knownNodeName cannot be null").orElse(null);
    }

    public Identity identity() {
        return identity;
    }

    public ConfigurationPlan plan() {
        return plan;
    }

    /** When the first step began. */
    public Instant startedAt() {
        return startedAt;
    }

    /** The index of the next step to run; equal to the number of steps when the plan is done. */
    public int next() {
        return next;
    }

    /** Whether every step is done. */
    public boolean finished() {
        return next >= plan.steps().size();
    }

    /** Whether the last step has been looked at and waits (the plan has not finished). */
    public boolean waitsAtLastStep() {
        return next == plan.steps().size() - 1 && visits > 0;
    }

    /** The step to run next. */
    ConfigStep step() {
        return plan.steps().get(next);
    }

    /** Marks the current step as begun at {@code now} unless it already has been; returns when it began. */
    Instant begin(Instant now) {
        if (stepStartedAt == null) {
            stepStartedAt = now;
        }
        return stepStartedAt;
    }

    /** How often the current step was looked at before (0 the first time): a wait acts once, then only looks. */
    int visits() {
        return visits;
    }

    /** The current step waits: it is looked at again on the next reconcile. */
    void visited() {
        visits++;
    }

    /** The current step is done: the next one begins on the next look. */
    void advance() {
        next++;
        stepStartedAt = null;
        visits = 0;
    }

    public Optional<String> nodeName() {
        return Optional.ofNullable(nodeName);
    }

    void nodeName(String name) {
        this.nodeName = requireNonNull(name, "name cannot be null");
    }

    Optional<String> nodeSubnet() {
        return Optional.ofNullable(nodeSubnet);
    }

    void nodeSubnet(String subnet) {
        this.nodeSubnet = requireNonNull(subnet, "subnet cannot be null");
    }

    Optional<String> sourceVip() {
        return Optional.ofNullable(sourceVip);
    }

    void sourceVip(String vip) {
        this.sourceVip = requireNonNull(vip, "vip cannot be null");
    }

    /** A step changed something that takes effect only at a reboot (the computer name). */
    void rebootDue() {
        this.rebootDue = true;
    }

    boolean isRebootDue() {
        return rebootDue;
    }

    /** The host's last boot time read just before the reboot was sent: a different one means it rebooted. */
    Optional<String> bootBefore() {
        return Optional.ofNullable(bootBefore);
    }

    void bootBefore(String bootTime) {
        this.bootBefore = requireNonNull(bootTime, "bootTime cannot be null");
    }
}
