package io.wmco.domain.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.platform.Platform;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepOverlapTest {
    private static final String SHA = "0".repeat(64);
    private static final ConfigStep DIRS = new FileStep.EnsureDirectories(List.of("C:\\k"));
    private static final ConfigStep STOP = new ServiceStep.Stop(List.of("kubelet"));

    private static FileStep.Transfer transfer(String remotePath) {
        return new FileStep.Transfer("f", remotePath, SHA, 1);
    }

    @Test
    void consecutiveTransfersToDifferentFilesFormOneRun() {
        List<ConfigStep> steps =
                List.of(DIRS, transfer("C:\\k\\a.exe"), transfer("C:\\k\\b.exe"), transfer("C:\\k\\c.exe"), STOP);
        assertEquals(3, StepOverlap.runLength(steps, 1));
        assertEquals(2, StepOverlap.runLength(steps, 2), "a run may be resumed in its middle");
        assertEquals(1, StepOverlap.runLength(steps, 3));
    }

    @Test
    void everyOtherStepRunsAlone() {
        List<ConfigStep> steps = List.of(DIRS, transfer("C:\\k\\a.exe"), STOP);
        assertEquals(1, StepOverlap.runLength(steps, 0));
        assertEquals(1, StepOverlap.runLength(steps, 2));
        assertEquals(1, StepOverlap.runLength(steps, 1), "a transfer alone is a run of one");
    }

    @Test
    void aWriteBetweenTransfersEndsTheRun() {
        List<ConfigStep> steps = List.of(
                transfer("C:\\k\\a.exe"), FileStep.Write.text("C:\\k\\x.conf", "x", "x"), transfer("C:\\k\\b.exe"));
        assertEquals(1, StepOverlap.runLength(steps, 0));
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({
        "C:\\k\\a.exe, C:\\k\\a.exe",
        "C:\\k\\a.exe, c:\\K\\A.EXE",
        "C:\\k\\a.exe, C:/k/a.exe",
        "C:\\k\\sub, C:\\k\\sub\\a.exe",
        "C:\\k\\sub\\a.exe, C:\\k\\sub",
    })
    void aTransferToAFileTheRunAlreadyWritesStartsANewRun(String first, String second) {
        List<ConfigStep> steps = List.of(transfer(first), transfer(second));
        assertEquals(1, StepOverlap.runLength(steps, 0));
        assertEquals(1, StepOverlap.runLength(steps, 1));
    }

    @Test
    void aSharedPrefixThatIsNoDirectoryIsNoConflict() {
        List<ConfigStep> steps = List.of(transfer("C:\\k\\kube"), transfer("C:\\k\\kube-proxy.exe"));
        assertEquals(2, StepOverlap.runLength(steps, 0));
    }

    @Test
    void theConfigurationPlansPayloadTransfersFormOneRunBetweenItsDirectoriesAndTheHostSettings() {
        ConfigurationPlan plan = ((PlanResult.Planned) ConfigurationPlanner.configure(
                        PlanFixtures.inputs(Platform.NONE, PlanFixtures.byoh(), Optional.empty())))
                .plan();
        List<ConfigStep> steps = plan.steps();
        int first = 0;
        while (!(steps.get(first) instanceof FileStep.Transfer)) {
            first++;
        }
        int run = StepOverlap.runLength(steps, first);
        long transfers =
                steps.stream().filter(FileStep.Transfer.class::isInstance).count();
        assertTrue(transfers > 1, "the plan sends several payload files");
        assertEquals(transfers, run, "all of them in one run");
        assertTrue(steps.get(first - 1) instanceof FileStep.EnsureDirectories, "the directories exist first");
        assertTrue(!(steps.get(first + run) instanceof FileStep.Transfer));
    }

    @ParameterizedTest
    @CsvSource({"-1", "2"})
    void refusesAnIndexOutsideThePlan(int from) {
        List<ConfigStep> steps = List.of(DIRS, STOP);
        assertThrows(IndexOutOfBoundsException.class, () -> StepOverlap.runLength(steps, from));
    }
}
