package io.wmco.adapter.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SftpPathsTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "C:\\k\\kubelet.exe | /C:/k/kubelet.exe",
                "c:\\var\\log\\kubelet\\kubelet.log | /c:/var/log/kubelet/kubelet.log",
                "C:/k/cni/config/cni.conf | /C:/k/cni/config/cni.conf",
                "C:\\ | /C:/",
                "/tmp/x/kubelet.exe | /tmp/x/kubelet.exe",
                "relative\\path | relative\\path"
            })
    void mapsWindowsDrivePathsAndPassesPosixPathsThrough(String path, String sftp) {
        assertEquals(sftp, SftpPaths.toSftp(path));
    }
}
