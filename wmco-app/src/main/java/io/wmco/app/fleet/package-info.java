/**
 * The Windows instance control loop: one work-queue key per instance, on the client's controller framework.
 *
 * <h2>Keys</h2>
 * {@code byoh/<entry key as written>} for a {@code windows-instances} entry, {@code machine/<name>} for a Windows
 * Machine ({@link io.wmco.domain.fleet.InstanceKey}). A key is the host's identity for its whole life: configured
 * under it, upgraded under it, and removed under it after its entry is gone, because the node records its key
 * ({@code windowsmachineconfig.openshift.io/instance-key}) when it is configured; nodes configured before that are
 * matched by address or reverse-DNS name ({@link io.wmco.domain.fleet.InstanceOwnership}). A host whose node is
 * owned by another key is not touched until that key is done. {@link io.wmco.app.fleet.KeyMapper} turns events into
 * keys: the ConfigMap into its entries and every BYOH node, a node into its owner (and the keys waiting for a slot
 * when it gives one back), a Machine into its MachineSet's Machines, the key Secret into every key.
 *
 * <h2>Reconcile</h2>
 * {@link io.wmco.app.fleet.InstanceReconciler}: read the caches ({@link io.wmco.app.fleet.FleetReader}), let the
 * domain decide for the key ({@link io.wmco.domain.fleet.InstanceRules}), claim the slot the decision takes, carry
 * it out ({@link io.wmco.app.fleet.InstanceActions}), answer done / come back after a wait / retry after the key's
 * backoff. The queue never gives a key to two workers, so the per-key memory ({@link io.wmco.app.fleet.KeyStates})
 * needs no locks; {@link io.wmco.app.fleet.KeyBackoff} makes the queue's rate limiter the domain's
 * {@link io.wmco.domain.fleet.Backoff} over the key's failures in a row.
 *
 * <h2>Resumable plans</h2>
 * A plan runs in the key's {@link io.wmco.app.workflow.PlanRun}: the plan, its next step, when that step began and
 * what the steps learned (node name, subnet, source VIP). A step that waits for the cluster or the host returns a
 * wait instead of blocking; the key comes back on the next event of its node or after a short fallback delay, and
 * the run resumes at that step. A run is dropped on failure, on a stop and when the decision changes; starting over
 * is always correct because every step is idempotent. Transfers are work and stay on the worker, one file per step,
 * and a stop is noticed between steps.
 *
 * <h2>Cluster-wide rules without a global key</h2>
 * The domain decides each key from the whole fleet. The upgrade slot counts the {@code upgrading} labels in the
 * cache together with the claims of this process in the {@link io.wmco.app.fleet.SlotLedger}; a worker claims with
 * the ledger version it decided from (compare-and-set) and decides again when another claim came first, so two
 * workers never take the last slot. MachineSet turns are claimed the same way.
 *
 * <h2>Failures</h2>
 * {@link io.wmco.app.fleet.Failures} maps port exceptions to a {@link io.wmco.domain.fleet.Failure} once;
 * {@link io.wmco.domain.fleet.FailurePolicy} decides (retry, report, delete the Machine, force-delete the node) with
 * a notice whose message stays the same while the problem repeats; the attempt and the next delay go to the log.
 */
package io.wmco.app.fleet;
