/**
 * A simulated Windows Server host for tests, benchmarks and the sandbox.
 *
 * <p>{@link io.wmco.testkit.sim.SimulatedWindowsHost} is an SSH server that understands exactly the operator's
 * command vocabulary ({@link io.wmco.domain.remote.CommandKind}); anything else fails with
 * {@code simulator: unknown command} and is listed by {@code unknownCommands()}, which every integration test should
 * assert to be empty. Starting its {@code kubelet} service with a bootstrap kubeconfig joins a real API server;
 * {@link io.wmco.testkit.sim.ClusterNetworkEmulator} plays ovn-kubernetes for the hybrid-overlay subnets.
 * {@link io.wmco.testkit.sim.SimulatedHostsMain} runs hosts as a process.
 */
package io.wmco.testkit.sim;
