package io.wmco.app.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.payload.PayloadOrigin;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {

    @Test
    void publishesOneInfoSeriesPerPayloadFile() throws Exception {
        OperatorMetrics metrics = new OperatorMetrics();
        String sha = "c".repeat(64);
        metrics.payload(PayloadManifest.of(Map.of(
                "kubelet.exe",
                new PayloadFile(sha, 5, PayloadOrigin.BUILT, Optional.of("k8s.io/kubernetes"), Optional.of("v1.34.4")),
                "hybrid-overlay-node.exe",
                new PayloadFile(sha, 1, PayloadOrigin.STAND_IN, Optional.empty(), Optional.empty()))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.writeTo(out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertTrue(
                text.contains(
                        "wmco_payload_file_info{file=\"kubelet.exe\",module=\"k8s.io/kubernetes\",origin=\"built\","
                                + "sha256=\"" + sha + "\",version=\"v1.34.4\"} 1"),
                text);
        assertTrue(
                text.contains(
                        "wmco_payload_file_info{file=\"hybrid-overlay-node.exe\",module=\"\",origin=\"stand-in\""),
                text);
    }
}
