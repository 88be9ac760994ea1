package io.wmco.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The domain is JDK only: its production classes may use {@code java..} and each other, nothing else (no
 * libraries, no ports or adapters). The one exception is {@code javax.crypto..}, the JDK's own cipher API, which
 * the username encryption needs (AES-GCM, HMAC); other {@code javax..} packages stay out. The Maven enforcer
 * guards the declared dependencies; this guards the byte code.
 */
class DomainDependencyRulesTest {
    private static JavaClasses domain;

    @BeforeAll
    static void importDomain() {
        domain = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.wmco.domain");
    }

    @Test
    void importsTheDomainClassesSoTheRuleCannotPassVacuously() {
        assertTrue(domain.size() > 20, "only " + domain.size() + " domain classes imported");
        assertTrue(domain.contain("io.wmco.domain.instance.InstancesConfigMap"));
        assertTrue(domain.contain("io.wmco.domain.fleet.InstanceRules"));
        assertTrue(domain.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")), "test classes were imported");
    }

    @Test
    void domainDependsOnlyOnTheJdkAndItself() {
        ArchRule rule = classes()
                .that()
                .resideInAPackage("io.wmco.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax.crypto..", "io.wmco.domain..")
                .because("wmco-domain is pure: JDK only, no I/O libraries, no ports or adapters");

        rule.check(domain);
    }

    @Test
    void domainDoesNoIoAndReadsNoClock() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("io.wmco.domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "java.nio.file..",
                        "java.nio.channels..",
                        "java.net..",
                        "java.sql..",
                        "java.util.logging..",
                        "java.lang.management..")
                .orShould()
                .dependOnClassesThat()
                .belongToAnyOf(
                        File.class,
                        FileInputStream.class,
                        FileOutputStream.class,
                        FileReader.class,
                        FileWriter.class,
                        RandomAccessFile.class,
                        ProcessBuilder.class,
                        Runtime.class)
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .callMethod(System.class, "getProperty", String.class)
                .orShould()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(Thread.class, "sleep", long.class)
                .because("the domain decides from data passed in: files, sockets, clocks and the environment belong to "
                        + "adapters and the app");

        rule.check(domain);
    }
}
