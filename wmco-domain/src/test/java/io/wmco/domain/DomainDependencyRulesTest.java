package io.wmco.domain;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
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
        assertTrue(domain.contain("io.wmco.domain.upgrade.UpgradePlanner"));
        assertTrue(domain.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")), "test classes were imported");
    }

    @Test
    void domainDependsOnlyOnTheJdkAndItself() {
        ArchRule rule = classes().that().resideInAPackage("io.wmco.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "io.wmco.domain..")
                .because("wmco-domain is pure: JDK only, no I/O libraries, no ports or adapters");

        rule.check(domain);
    }
}
