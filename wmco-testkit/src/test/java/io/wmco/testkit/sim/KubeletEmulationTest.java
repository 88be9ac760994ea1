package io.wmco.testkit.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wmco.domain.remote.WindowsCommandLine;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeletEmulationTest {

    @Test
    void readsFlagsInBothFormsFromAWindowsCommandLine() {
        String cmdLine = "\"C:\\k\\kubelet.exe\" --bootstrap-kubeconfig=C:\\k\\bootstrap-kubeconfig "
                + "--kubeconfig \"C:\\k\\kube config\" --node-labels=node.openshift.io/os_id=Windows,a=b "
                + "--register-with-taints=os=Windows:NoSchedule --windows-service --v=2";
        Map<String, String> flags = KubeletEmulation.flags(WindowsCommandLine.split(cmdLine));
        assertEquals("C:\\k\\bootstrap-kubeconfig", flags.get("bootstrap-kubeconfig"));
        assertEquals("C:\\k\\kube config", flags.get("kubeconfig"));
        assertEquals("node.openshift.io/os_id=Windows,a=b", flags.get("node-labels"));
        assertEquals("os=Windows:NoSchedule", flags.get("register-with-taints"));
        assertEquals("true", flags.get("windows-service"));
        assertEquals("2", flags.get("v"));
    }
}
