package io.wmco.it.support;

import static java.util.Objects.requireNonNull;

import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1Node;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Small pieces the sandbox and the onboarding benchmark share: the operator's key pair and Secret, the
 * {@code windows-instances} ConfigMap, and what "configured" means for a Windows node. Stateless, thread-safe.
 */
public final class SandboxParts {
    /** The Secret the operator reads its private key from, and the key inside it. */
    public static final String KEY_SECRET = "cloud-private-key";
    /** The instances ConfigMap of bring-your-own-host. */
    public static final String INSTANCES = "windows-instances";
    /** Annotation holding the operator version that configured a node. */
    public static final String VERSION_ANNOTATION = "windowsmachineconfig.openshift.io/version";

    private SandboxParts() {}

    /** A fresh 2048-bit RSA key pair. */
    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no RSA key generator", e);
        }
    }

    /** The private key as PKCS#8 PEM, as an admin would put it into the Secret. */
    public static String privateKeyPem(KeyPair key) {
        requireNonNull(key, "key cannot be null");
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** Creates the namespace unless it exists. */
    public static void ensureNamespace(CoreV1Api core, String namespace) throws ApiException {
        try {
            core.createNamespace(new V1Namespace().metadata(new V1ObjectMeta().name(namespace)))
                    .execute();
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    /** Creates or replaces the operator's private key Secret. */
    public static void putKeySecret(CoreV1Api core, String namespace, String pem) throws ApiException {
        V1Secret secret = new V1Secret()
                .metadata(new V1ObjectMeta().name(KEY_SECRET).namespace(namespace))
                .putDataItem("private-key.pem", pem.getBytes(StandardCharsets.US_ASCII));
        try {
            core.replaceNamespacedSecret(KEY_SECRET, namespace, secret).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            core.createNamespacedSecret(namespace, secret).execute();
        }
    }

    /** Creates or replaces the {@code windows-instances} ConfigMap with these entries (address -> username=...). */
    public static void putInstances(CoreV1Api core, String namespace, Map<String, String> entries) throws ApiException {
        V1ConfigMap cm = new V1ConfigMap()
                .metadata(new V1ObjectMeta().name(INSTANCES).namespace(namespace))
                .data(Map.copyOf(entries));
        try {
            core.replaceNamespacedConfigMap(INSTANCES, namespace, cm).execute();
        } catch (ApiException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            core.createNamespacedConfigMap(namespace, cm).execute();
        }
    }

    /** Whether the node reports the Ready condition True. */
    public static boolean isReady(V1Node n) {
        return n.getStatus() != null
                && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The operator is done with a node: Ready, schedulable and annotated with {@code version}. */
    public static boolean isConfigured(V1Node n, String version) {
        Map<String, String> a = n.getMetadata().getAnnotations();
        return isReady(n)
                && a != null
                && version.equals(a.get(VERSION_ANNOTATION))
                && (n.getSpec() == null || !Boolean.TRUE.equals(n.getSpec().getUnschedulable()));
    }

    /** A TCP port free on loopback right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Deletes a directory tree, quietly (best effort at shutdown). */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
