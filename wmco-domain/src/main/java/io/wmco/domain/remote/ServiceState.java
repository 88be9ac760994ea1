package io.wmco.domain.remote;

/** The run state of a Windows service as {@code ServiceController.Status} prints it, plus missing. */
public enum ServiceState {
    MISSING("Missing"),
    STOPPED("Stopped"),
    START_PENDING("StartPending"),
    STOP_PENDING("StopPending"),
    RUNNING("Running"),
    CONTINUE_PENDING("ContinuePending"),
    PAUSE_PENDING("PausePending"),
    PAUSED("Paused");

    private final String printed;

    ServiceState(String printed) {
        this.printed = printed;
    }

    /** The text PowerShell prints for this state. */
    public String printed() {
        return printed;
    }

    /**
     * The state for PowerShell's text.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static ServiceState parse(String printed) {
        for (ServiceState s : values()) {
            if (s.printed.equals(printed)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown service state '" + CommandOutput.abbreviate(printed) + "'");
    }
}
