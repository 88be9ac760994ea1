package io.wmco.domain.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The service commands' parsers; the builders are covered by {@link CommandVocabularyTest}. */
class ServiceCommandsTest {
    @Test
    void parsesServiceStatus() {
        assertEquals(ServiceStatus.MISSING, ServiceCommands.parseQuery(new CommandResult(0, "Missing\r\n", "")));
        ServiceStatus running = ServiceCommands.parseQuery(
                new CommandResult(0, "Running\r\nAutomatic\r\n\"C:\\k\\kubelet.exe\" --v=2\r\n", ""));
        assertEquals(new ServiceStatus(ServiceState.RUNNING, "Automatic", "\"C:\\k\\kubelet.exe\" --v=2"), running);
        assertTrue(running.exists());
        assertThrows(
                IllegalArgumentException.class,
                () -> ServiceCommands.parseQuery(new CommandResult(0, "Running\r\n", "")));
        assertThrows(
                IllegalArgumentException.class,
                () -> ServiceCommands.parseQuery(new CommandResult(0, "Sleeping\r\nManual\r\nx\r\n", "")));
    }
}
