package io.wmco.adapter.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** What an administrator reads (event and log) when a host cannot be reached: the cause, not MINA's wrappers. */
class ConnectFailureMessageTest {

    @Test
    void aRefusedConnectionNamesTheServerAndTheFirewallNotTheWrappers() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        ConnectException refused = assertThrows(
                ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), closedPort).close());

        String text = MinaSshConnector.describe(new ExecutionException(refused));

        assertTrue(text.startsWith("connection refused"), text);
        assertTrue(text.contains("firewall"), text);
        assertFalse(text.contains("Exception"), text);
    }

    @Test
    void otherNetworkCausesSayWhatToCheck() {
        assertTrue(MinaSshConnector.describe(new IOException(new NoRouteToHostException("x")))
                .startsWith("no route to host"));
        assertTrue(MinaSshConnector.describe(new UnknownHostException("win-1.example"))
                .contains("DNS"));
    }

    @Test
    void anythingElseKeepsTheRootCauseAndItsMessage() {
        assertEquals(
                "IllegalStateException: bad banner",
                MinaSshConnector.describe(new ExecutionException(new IllegalStateException("bad banner"))));
        assertEquals("unknown cause", MinaSshConnector.describe(null));
    }
}
