package io.wmco.domain.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EventReasonTest {

    @ParameterizedTest
    @EnumSource(EventReason.class)
    void everyReasonIsOneCamelCaseWordDerivedFromItsName(EventReason reason) {
        assertTrue(reason.text().matches("[A-Z][a-zA-Z]+"), reason.text());
        assertEquals(reason.name().replace("_", ""), reason.text().toUpperCase());
    }

    @Test
    void reasonsAreDistinct() {
        Set<String> texts =
                Arrays.stream(EventReason.values()).map(EventReason::text).collect(Collectors.toSet());
        assertEquals(EventReason.values().length, texts.size());
    }

    @ParameterizedTest
    @CsvSource({
        "NODE_CONFIGURED, NORMAL",
        "NODE_UPGRADED, NORMAL",
        "MACHINE_REPLACED, NORMAL",
        "MACHINE_DELETED, WARNING",
        "CONFIGURATION_RETRYING, WARNING",
        "INVALID_INSTANCE_ENTRY, WARNING",
    })
    void outcomesAreNormalAndProblemsWarnings(EventReason reason, EventReason.Severity severity) {
        assertEquals(severity, reason.severity());
    }

    @Test
    void aNoticeNeedsAMessage() {
        assertThrows(IllegalArgumentException.class, () -> new Notice(EventReason.CONFIGURATION_FAILED, " "));
    }
}
