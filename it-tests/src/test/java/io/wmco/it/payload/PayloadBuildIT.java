package io.wmco.it.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.wmco.app.payload.PayloadDirectory;
import io.wmco.app.payload.PayloadLoader;
import io.wmco.domain.payload.PayloadFile;
import io.wmco.domain.payload.PayloadFiles;
import io.wmco.domain.payload.PayloadManifest;
import io.wmco.domain.payload.PayloadManifestFormat;
import io.wmco.domain.payload.PayloadOrigin;
import io.wmco.domain.platform.Platform;
import io.wmco.domain.platform.PlatformProfiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Checks of the payload {@code scripts/build-payload.sh} built (in {@code WMCO_PAYLOAD_DIR}, else the repository's
 * {@code target/payload}); skipped, saying so, when there is none. Every built file must be a PE32+ x86-64
 * executable whose Go build information says windows/amd64 and the module version pinned in
 * {@code scripts/payload/versions.tsv}; the manifest must match the files; the repository's own files must be the
 * current ones; the operator must accept the payload. The file list itself is checked with or without a payload.
 */
class PayloadBuildIT {

    private static Path payloadDir() {
        String env = System.getenv("WMCO_PAYLOAD_DIR");
        return env != null && !env.isBlank()
                ? Path.of(env)
                : PinnedVersions.repositoryRoot().resolve("target/payload");
    }

    private static PayloadManifest manifest() throws IOException {
        Path dir = payloadDir();
        assumeTrue(
                Files.isRegularFile(dir.resolve(PayloadFiles.MANIFEST)),
                "no built payload in " + dir + " (run scripts/build-payload.sh): its checks are skipped");
        return PayloadManifestFormat.parse(
                Files.readAllLines(dir.resolve(PayloadFiles.MANIFEST), StandardCharsets.UTF_8),
                dir.resolve(PayloadFiles.MANIFEST).toString());
    }

    @Test
    void everyPayloadFileIsPinnedOrOursAndEveryPinnedFileIsKnown() throws IOException {
        Set<String> known = new TreeSet<>(PayloadFiles.REQUIRED);
        known.addAll(PayloadFiles.OPTIONAL);
        Set<String> sourced = new TreeSet<>(PinnedVersions.read().keySet());
        try (Stream<Path> own = Files.list(PinnedVersions.repositoryRoot().resolve("scripts/payload/files"))) {
            own.forEach(p -> sourced.add(p.getFileName().toString()));
        }
        assertEquals(
                known, sourced, "PayloadFiles and scripts/payload (versions.tsv + files/) must name the same files");
    }

    @Test
    void aLinuxExecutableIsNotTakenForAWindowsOne() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortableExecutable.read(java));
        assertTrue(e.getMessage().contains("no MZ (DOS) signature"), e.getMessage());
    }

    @Test
    void builtFilesAreWindowsAmd64ExecutablesOfThePinnedModuleVersion() throws Exception {
        PayloadManifest manifest = manifest();
        Map<String, List<PinnedVersions.Pin>> pins = PinnedVersions.read();
        List<String> built = new ArrayList<>();
        for (Map.Entry<String, PayloadFile> e : manifest.files().entrySet()) {
            if (e.getValue().origin() != PayloadOrigin.BUILT) {
                continue;
            }
            String name = e.getKey();
            Path file = payloadDir().resolve(name);
            built.add(name);

            PortableExecutable pe = PortableExecutable.read(file);
            assertTrue(pe.isPe32PlusAmd64(), name + " is not PE32+ x86-64: " + pe);

            PinnedVersions.Pin pin = pins.getOrDefault(name, List.of()).stream()
                    .filter(p -> p.module().equals(e.getValue().module().orElse("")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " was built from "
                            + e.getValue().module() + ", which scripts/payload/versions.tsv does not pin for it"));
            assertEquals(Optional.of(pin.version()), e.getValue().version(), name + ": manifest version");
            String info = goVersionM(file);
            assertTrue(info.contains("\tbuild\tGOOS=windows\n"), name + ":\n" + info);
            assertTrue(info.contains("\tbuild\tGOARCH=amd64\n"), name + ":\n" + info);
            assertTrue(info.contains("\tpath\t" + pin.mainPackage() + "\n"), name + ":\n" + info);
            assertTrue(
                    info.lines()
                            .anyMatch(l ->
                                    l.matches("\\s+(mod|dep)\\s+" + pin.module().replace(".", "\\.") + "\\s+"
                                            + pin.version().replace(".", "\\.") + "(\\s.*)?")),
                    name + ": go version -m does not report " + pin.module() + " " + pin.version() + ":\n" + info);
        }
        assertTrue(built.contains(PayloadFiles.KUBELET), "the payload has no built kubelet.exe: " + built);
    }

    @Test
    void theManifestMatchesTheFilesAndOurOwnFilesAreCurrent() throws IOException {
        PayloadManifest manifest = manifest();
        Path own = PinnedVersions.repositoryRoot().resolve("scripts/payload/files");
        for (Map.Entry<String, PayloadFile> e : manifest.files().entrySet()) {
            Path file = payloadDir().resolve(e.getKey());
            assertEquals(e.getValue().size(), Files.size(file), e.getKey() + ": size");
            assertEquals(e.getValue().sha256(), PayloadDirectory.sha256(file), e.getKey() + ": SHA-256");
            switch (e.getValue().origin()) {
                case REPOSITORY ->
                    assertEquals(
                            PayloadDirectory.sha256(own.resolve(e.getKey())),
                            e.getValue().sha256(),
                            e.getKey() + " differs from scripts/payload/files: rebuild with scripts/build-payload.sh");
                case STAND_IN ->
                    assertTrue(
                            Files.readString(file, StandardCharsets.ISO_8859_1).startsWith("wmco stand-in for "),
                            e.getKey() + " is recorded as a stand-in but does not say so");
                default -> {}
            }
        }
        assertFalse(manifest.files().isEmpty());
    }

    @Test
    void theOperatorAcceptsThePayload() throws IOException {
        manifest();
        PayloadLoader.Payload p = PayloadLoader.load(payloadDir(), PlatformProfiles.of(Platform.NONE));
        assertTrue(p.manifest().get(PayloadFiles.KUBELET).isPresent());
    }

    private static String goVersionM(Path file) throws Exception {
        String go = Files.isExecutable(Path.of("/usr/local/go/bin/go")) ? "/usr/local/go/bin/go" : "go";
        Process p = new ProcessBuilder(go, "version", "-m", file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "go version -m did not finish");
        assertEquals(0, p.exitValue(), "go version -m " + file + ":\n" + out);
        return out;
    }
}
