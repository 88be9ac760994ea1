package io.wmco.domain.plan;

import io.wmco.domain.cluster.ClusterSettings;
import io.wmco.domain.cluster.Ipv4Cidr;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Inputs shared by the plan tests. */
final class PlanFixtures {
    private PlanFixtures() {}

    static final String TOKEN = "abcdef.0123456789abcdef";
    static final String CA = "-----BEGIN CERTIFICATE-----\nMIIBcluster\n-----END CERTIFICATE-----\n";
    static final String CLIENT_CA = "-----BEGIN CERTIFICATE-----\nMIIBkubeletclient\n-----END CERTIFICATE-----\n";

    static BootstrapCredentials credentials() {
        return new BootstrapCredentials("https://api-int.example.com:6443", CA, CLIENT_CA, TOKEN);
    }

    /** A payload with every file (including optional ones); hashes are the SHA-256 of the file name. */
    static PayloadManifest fullPayload() {
        Map<String, PayloadFile> files = new TreeMap<>();
        List<String> names = new ArrayList<>(PayloadFiles.REQUIRED);
        names.addAll(PayloadFiles.OPTIONAL);
        long size = 1000;
        for (String name : names) {
            files.put(name, new PayloadFile(sha256(name), size));
            size += 1000;
        }
        return PayloadManifest.of(files);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ClusterSettings cluster(Platform platform, Optional<Integer> vxlanPort) {
        return new ClusterSettings(platform, Ipv4Cidr.parse("172.30.0.0/16"), "172.30.0.10", vxlanPort);
    }

    static PlanInputs inputs(Platform platform, NodeTarget target, Optional<Integer> vxlanPort) {
        return new PlanInputs(
                PlatformProfiles.of(platform),
                cluster(platform, vxlanPort),
                target,
                fullPayload(),
                "10.0.1-4a5b6c7",
                credentials(),
                new NodeIdentity("9f86d081884c7d659a2feaa0c55ad015", "ZW5jcnlwdGVk"),
                PlanTimeouts.DEFAULT);
    }

    static NodeTarget byoh() {
        return new NodeTarget("10.0.0.5", "10.0.0.5", "win-byoh-1", true);
    }

    static NodeTarget awsMachine() {
        return new NodeTarget("10.0.129.77", "10.0.129.77", "ip-10-0-129-77.us-east-2.compute.internal", false);
    }
}
