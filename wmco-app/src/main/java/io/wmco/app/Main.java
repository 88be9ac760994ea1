package io.wmco.app;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.KubeConfig;
import io.wmco.app.config.InvalidSettingsException;
import io.wmco.app.config.OperatorSettings;
import io.wmco.app.config.SettingsParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator process: parses flags, connects to the API server ({@code --kubeconfig} or in-cluster), runs the
 * operator until SIGTERM, and exits non-zero when leadership is lost so the Deployment restarts it.
 */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.print(SettingsParser.usage());
            return;
        }
        OperatorSettings settings;
        try {
            String version = Main.class.getPackage().getImplementationVersion();
            settings = new SettingsParser(System.getenv(), version == null ? "" : version).parse(args);
        } catch (InvalidSettingsException e) {
            System.err.println(e.getMessage());
            System.err.print(SettingsParser.usage());
            System.exit(2);
            return;
        }
        ApiClient client;
        try {
            client = apiClient(settings);
        } catch (IOException e) {
            LOG.error("cannot load the API server configuration: {}", e.getMessage());
            System.exit(1);
            return;
        }
        WindowsMachineConfigOperator operator;
        try {
            operator = WindowsMachineConfigOperator.start(settings, client, () -> {
                LOG.error("leadership lost: exiting so that a new replica campaigns");
                Runtime.getRuntime().halt(3);
            });
        } catch (IllegalStateException e) {
            LOG.error("cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            operator.close();
                            done.countDown();
                        },
                        "wmco-shutdown"));
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ApiClient apiClient(OperatorSettings settings) throws IOException {
        ApiClient client;
        if (settings.kubeconfig().isPresent()) {
            try (Reader r = Files.newBufferedReader(settings.kubeconfig().get(), StandardCharsets.UTF_8)) {
                KubeConfig config = KubeConfig.loadKubeConfig(r);
                config.setFile(settings.kubeconfig().get().toFile());
                client = ClientBuilder.kubeconfig(config).build();
            }
        } else {
            client = ClientBuilder.cluster().build();
        }
        client.setReadTimeout(0);
        return client;
    }
}
