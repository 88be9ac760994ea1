package io.wmco.app.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetworkStepsTest {
    @ParameterizedTest(name = "after look {0}: recheck in {1} ms")
    @CsvSource({"0, 50", "1, 100", "2, 200", "3, 400", "6, 3200", "7, 5000", "30, 5000"})
    void theWaitForHnsNetworksRechecksSoonThenBacksOffToFiveSeconds(int visits, long millis) {
        assertEquals(Duration.ofMillis(millis), NetworkSteps.pollDelay(visits));
    }
}
