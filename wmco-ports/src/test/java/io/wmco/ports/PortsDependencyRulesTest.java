package io.wmco.ports;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ports are the contract between modules: their production classes may use the JDK, the domain and each other,
 * nothing else (no Kubernetes client, SSH library or adapter types leak into the contract).
 */
class PortsDependencyRulesTest {
    private static JavaClasses ports;

    @BeforeAll
    static void importPorts() {
        ports = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.wmco.ports");
    }

    @Test
    void importsThePortClassesSoTheRuleCannotPassVacuously() {
        assertTrue(ports.size() > 10, "only " + ports.size() + " port classes imported");
        assertTrue(ports.contain("io.wmco.ports.remote.RemoteHost"));
        assertTrue(ports.contain("io.wmco.ports.cluster.NodeRepository"));
        assertTrue(
                ports.stream().allMatch(c -> c.getPackageName().startsWith("io.wmco.ports")),
                "classes outside io.wmco.ports were imported");
    }

    @Test
    void portsDependOnlyOnTheJdkTheDomainAndThemselves() {
        ArchRule rule = classes()
                .that()
                .resideInAPackage("io.wmco.ports..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "io.wmco.domain..", "io.wmco.ports..")
                .because("ports may depend on the domain only");

        rule.check(ports);
    }
}
