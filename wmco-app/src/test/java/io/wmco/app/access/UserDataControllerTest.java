package io.wmco.app.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.wmco.app.metrics.OperatorMetrics;
import io.wmco.domain.access.AuthorizedKey;
import io.wmco.domain.access.PublicKeyHash;
import io.wmco.domain.access.UserData;
import io.wmco.domain.access.UsernameCipher;
import io.wmco.domain.node.MetadataKeys;
import io.wmco.domain.platform.Platform;
import io.wmco.ports.cluster.MetricsEndpoints;
import io.wmco.ports.cluster.SecretStore;
import io.wmco.ports.remote.SshCredentials;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UserDataControllerTest {
    static final String PEM = "-----BEGIN PRIVATE KEY-----\nnot-used-here\n-----END PRIVATE KEY-----\n";
    static final AuthorizedKey KEY = AuthorizedKey.parse(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0W2Am8iiE9ollepbAbKGrIFOKpRrF0m48JnTb0Ku35 test@example");
    static final AuthorizedKey OTHER_KEY = AuthorizedKey.parse(
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFqGm0jD3mYjL7lH3bqE0aVv5r0Yy6rT1fQm3wq2xE7C other@example");

    private final SecretStore secrets = mock(SecretStore.class);
    private final MetricsEndpoints namespaces = mock(MetricsEndpoints.class);
    private final UserDataController controller = new UserDataController(
            mock(KeyMaterial.class),
            secrets,
            namespaces,
            Platform.AWS,
            new OperatorMetrics(),
            "wmco",
            mock(io.wmco.ports.cluster.EventRecorder.class));
    private final KeyMaterial.Keys keys = new KeyMaterial.Keys(
            SshCredentials.ofPem(PEM),
            KEY,
            PublicKeyHash.of(KEY),
            new UsernameCipher(PEM.getBytes(StandardCharsets.US_ASCII), new SecureRandom()));

    private void machineApiNamespace() {
        when(namespaces.namespaceLabels(MetadataKeys.MACHINE_API_NAMESPACE)).thenReturn(Optional.of(Map.of()));
    }

    private void userData(AuthorizedKey key) {
        when(secrets.data(MetadataKeys.MACHINE_API_NAMESPACE, MetadataKeys.USER_DATA_SECRET))
                .thenReturn(Optional.of(Map.of(
                        MetadataKeys.USER_DATA_SECRET_KEY,
                        UserData.render(Platform.AWS, key).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void userDataOfTheCurrentKeyLetsMachinesProceed() {
        machineApiNamespace();
        userData(KEY);

        assertEquals(Optional.empty(), controller.problem(keys));
    }

    @Test
    void userDataOfAnotherKeyHoldsMachinesBack() {
        machineApiNamespace();
        userData(OTHER_KEY);

        String problem = controller.problem(keys).orElseThrow();
        assertTrue(
                problem.contains(
                        "does not match the current public key " + keys.hash().value()),
                problem);
    }

    @Test
    void missingUserDataHoldsMachinesBack() {
        machineApiNamespace();
        when(secrets.data(MetadataKeys.MACHINE_API_NAMESPACE, MetadataKeys.USER_DATA_SECRET))
                .thenReturn(Optional.empty());

        assertTrue(controller.problem(keys).orElseThrow().contains("is missing"));
    }

    @Test
    void withoutTheMachineApiNamespaceThereIsNothingToCheck() {
        when(namespaces.namespaceLabels(MetadataKeys.MACHINE_API_NAMESPACE)).thenReturn(Optional.empty());

        assertEquals(Optional.empty(), controller.problem(keys));
    }
}
