package io.wmco.domain.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    @ParameterizedTest(name = "after {0} failures: {1} s")
    @CsvSource({"1, 2", "2, 4", "3, 8", "4, 16", "5, 32", "6, 64", "7, 128", "8, 256", "9, 300", "30, 300", "1000, 300"
    })
    void doublesFromTwoSecondsUpToFiveMinutes(int failures, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), Backoff.after(failures));
    }

    @ParameterizedTest
    @CsvSource({"0", "-1"})
    void refusesCountsBelowOne(int failures) {
        assertThrows(IllegalArgumentException.class, () -> Backoff.after(failures));
    }
}
