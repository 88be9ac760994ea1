package io.wmco.adapter.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClusterOptionsTest {

    @Test
    void defaultsFollowTheReferenceOperator() {
        ClusterOptions o = ClusterOptions.forNamespace("ops");
        assertEquals("openshift-machine-api", o.machineApiNamespace());
        assertEquals("windows-user-data", o.userDataSecretName());
    }

    @Test
    void theMirrorPullSecretIsOpenShiftsWhereTheImageConfigIsServedUnlessNamed() {
        ClusterOptions o = ClusterOptions.forNamespace("ops");
        assertEquals(
                "openshift-config/pull-secret", o.pullSecret(true).orElseThrow().toString());
        assertEquals(java.util.Optional.empty(), o.pullSecret(false));
        assertEquals(
                "ops/regcred",
                o.withMirrorPullSecret("regcred")
                        .pullSecret(false)
                        .orElseThrow()
                        .toString());
        assertEquals(
                "ns/regcred",
                o.withMirrorPullSecret("ns/regcred")
                        .pullSecret(true)
                        .orElseThrow()
                        .toString());
        assertThrows(IllegalArgumentException.class, () -> o.withMirrorPullSecret("a/b/c"));
    }

    @Test
    void rejectsBlankNamespaceNamingTheField() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ClusterOptions.forNamespace(" "));
        assertTrue(e.getMessage().startsWith("operatorNamespace"), e.getMessage());
    }
}
