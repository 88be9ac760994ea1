package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The HNS commands' parsers; the builders are covered by {@link CommandVocabularyTest}. */
class HnsCommandsTest {
    @Test
    void parsesHnsEndpointAddress() {
        assertEquals("10.132.0.2", HnsCommands.parseEndpointAddress(new CommandResult(0, "10.132.0.2\r\n", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> HnsCommands.parseEndpointAddress(new CommandResult(0, "10.132.0.256", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> HnsCommands.parseEndpointAddress(new CommandResult(1, "", "HNS network not found")));
    }

    @Test
    void parsesNetworkNamesOneALine() {
        assertEquals(
                List.of("BaseOVNKubernetesHybridOverlayNetwork", "OVNKubernetesHybridOverlayNetwork"),
                HnsCommands.parseNetworkNames(new CommandResult(
                        0, "BaseOVNKubernetesHybridOverlayNetwork\r\n\r\nOVNKubernetesHybridOverlayNetwork\r\n", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> HnsCommands.parseNetworkNames(new CommandResult(1, "", "module not found")));
    }
}
