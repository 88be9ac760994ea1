package io.wmco.adapter.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SshSettingsTest {

    @Test
    void defaultsUseTheWindowsDialect() {
        assertEquals(RemoteFileDialect.WINDOWS, SshSettings.defaults().dialect());
    }

    @Test
    void rejectsNonPositiveTimeoutsNamingTheField() {
        var e = assertThrows(
                IllegalArgumentException.class, () -> SshSettings.defaults().withCommandTimeout(Duration.ZERO));
        assertTrue(e.getMessage().contains("commandTimeout"), e.getMessage());
    }

    @Test
    void rejectsAnSftpBufferOutsideTheProtocolLimits() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> SshSettings.defaults().withSftpWriteBufferSize(SshSettings.MAX_SFTP_WRITE + 1));
        assertTrue(e.getMessage().contains("sftpWriteBufferSize"), e.getMessage());
    }
}
