package io.wmco.domain.plan;

import static java.util.Objects.requireNonNull;

import io.wmco.domain.remote.RemoteCommand;
import io.wmco.domain.remote.ServiceCommands;
import io.wmco.domain.remote.ServiceState;
import io.wmco.domain.remote.ServiceStatus;
import java.util.List;

/**
 * The difference between a service as a plan wants it and as the host reports it, as the commands that close
 * it. One query per service is enough: a created or reconfigured service is known to be stopped afterwards, so
 * it is started without asking again. Thread-safe; no state.
 */
public final class ServiceConvergence {
    private ServiceConvergence() {}

    /** One change to a service, in the order {@link #toRun} lists them. */
    public sealed interface ServiceAction {
        /** The command that makes the change. */
        RemoteCommand command();

        /** What the change does, for logs and command errors (never a secret). */
        String describe();
    }

    /** Create the service (it is created stopped). */
    public record Create(String name, String commandLine) implements ServiceAction {
        public Create {
            requireNonNull(name, "name cannot be null");
            requireNonNull(commandLine, "commandLine cannot be null");
        }

        @Override
        public RemoteCommand command() {
            return ServiceCommands.create(name, commandLine);
        }

        @Override
        public String describe() {
            return "create service " + name;
        }
    }

    /** Stop the service (before its command line changes, or before it is deleted). */
    public record Stop(String name) implements ServiceAction {
        public Stop {
            requireNonNull(name, "name cannot be null");
        }

        @Override
        public RemoteCommand command() {
            return ServiceCommands.stop(name);
        }

        @Override
        public String describe() {
            return "stop service " + name;
        }
    }

    /** Give the service a new command line (effective at its next start). */
    public record SetBinaryPath(String name, String commandLine) implements ServiceAction {
        public SetBinaryPath {
            requireNonNull(name, "name cannot be null");
            requireNonNull(commandLine, "commandLine cannot be null");
        }

        @Override
        public RemoteCommand command() {
            return ServiceCommands.setBinaryPath(name, commandLine);
        }

        @Override
        public String describe() {
            return "update service " + name;
        }
    }

    /** Start the service. */
    public record Start(String name) implements ServiceAction {
        public Start {
            requireNonNull(name, "name cannot be null");
        }

        @Override
        public RemoteCommand command() {
            return ServiceCommands.start(name);
        }

        @Override
        public String describe() {
            return "start service " + name;
        }
    }

    /** Delete the service (stopped first). */
    public record Delete(String name) implements ServiceAction {
        public Delete {
            requireNonNull(name, "name cannot be null");
        }

        @Override
        public RemoteCommand command() {
            return ServiceCommands.delete(name);
        }

        @Override
        public String describe() {
            return "delete service " + name;
        }
    }

    /**
     * What makes the observed service run as {@code desired}: nothing when it runs with the wanted command line;
     * create and start when missing; stop (unless stopped), set the command line and start when the command line
     * differs; start when it only does not run.
     */
    public static List<ServiceAction> toRun(ServiceSpec desired, ServiceStatus observed) {
        requireNonNull(desired, "desired cannot be null");
        requireNonNull(observed, "observed cannot be null");
        String name = desired.name();
        String commandLine = desired.commandLine();
        if (!observed.exists()) {
            return List.of(new Create(name, commandLine), new Start(name));
        }
        if (!observed.binaryPath().equals(commandLine)) {
            return observed.state() == ServiceState.STOPPED
                    ? List.of(new SetBinaryPath(name, commandLine), new Start(name))
                    : List.of(new Stop(name), new SetBinaryPath(name, commandLine), new Start(name));
        }
        return observed.state() == ServiceState.RUNNING ? List.of() : List.of(new Start(name));
    }

    /** What stops the observed service: nothing when it is missing or stopped. */
    public static List<ServiceAction> toStop(String name, ServiceStatus observed) {
        requireNonNull(name, "name cannot be null");
        requireNonNull(observed, "observed cannot be null");
        return observed.exists() && observed.state() != ServiceState.STOPPED ? List.of(new Stop(name)) : List.of();
    }

    /** What deletes the observed (stopped) service: nothing when it is missing. */
    public static List<ServiceAction> toDelete(String name, ServiceStatus observed) {
        requireNonNull(name, "name cannot be null");
        requireNonNull(observed, "observed cannot be null");
        return observed.exists() ? List.of(new Delete(name)) : List.of();
    }
}
