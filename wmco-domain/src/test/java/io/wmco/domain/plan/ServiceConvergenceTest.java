package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wmco.domain.remote.CommandKind;
import io.wmco.domain.remote.MatchedCommand;
import io.wmco.domain.remote.ServiceState;
import io.wmco.domain.remote.ServiceStatus;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceConvergenceTest {
    private static final ServiceSpec KUBELET = Services.containerd();

    static ServiceStatus observed(String state, boolean samePath) {
        if (state.equals("MISSING")) {
            return ServiceStatus.MISSING;
        }
        return new ServiceStatus(
                ServiceState.valueOf(state),
                "Automatic",
                samePath ? KUBELET.commandLine() : "C:\\old\\containerd.exe --config C:\\old.toml");
    }

    /** The kinds of the commands the actions send, in order. */
    static String kinds(List<ServiceConvergence.ServiceAction> actions) {
        return String.join(
                " ",
                actions.stream()
                        .map(a -> CommandKind.match(a.command().script())
                                .map(MatchedCommand::kind)
                                .orElseThrow()
                                .name()
                                .replace("SERVICE_", ""))
                        .toList());
    }

    @ParameterizedTest(name = "{0}, same command line {1}: {2}")
    @CsvSource({
        "MISSING,       false, CREATE START",
        "RUNNING,       true,  ''",
        "STOPPED,       true,  START",
        "START_PENDING, true,  START",
        "PAUSED,        true,  START",
        "RUNNING,       false, STOP SET_BINARY_PATH START",
        "STOP_PENDING,  false, STOP SET_BINARY_PATH START",
        "STOPPED,       false, SET_BINARY_PATH START",
    })
    void closesTheGapBetweenDesiredAndObservedWithNoSecondQuery(String state, boolean samePath, String expected) {
        assertEquals(expected, kinds(ServiceConvergence.toRun(KUBELET, observed(state, samePath))));
    }

    @ParameterizedTest(name = "{0}: stop [{1}] delete [{2}]")
    @CsvSource({
        "MISSING,      '',   ''",
        "STOPPED,      '',   DELETE",
        "RUNNING,      STOP, DELETE",
        "STOP_PENDING, STOP, DELETE",
    })
    void stopsOnlyWhatRunsAndDeletesOnlyWhatExists(String state, String stop, String delete) {
        ServiceStatus s = observed(state, true);
        assertEquals(stop, kinds(ServiceConvergence.toStop("containerd", s)));
        assertEquals(delete, kinds(ServiceConvergence.toDelete("containerd", s)));
    }

    @ParameterizedTest
    @CsvSource({"MISSING", "RUNNING", "STOPPED"})
    void everyActionCarriesTheServiceNameAndTheWantedCommandLine(String state) {
        for (ServiceConvergence.ServiceAction a : ServiceConvergence.toRun(KUBELET, observed(state, false))) {
            MatchedCommand m = CommandKind.match(a.command().script()).orElseThrow();
            assertEquals(KUBELET.name(), m.argument(0));
            if (m.arguments().size() == 2) {
                assertEquals(KUBELET.commandLine(), m.argument(1));
            }
        }
    }
}
