package io.wmco.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.wmco.app.cli.CliWiring;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon's outer rings, checked on byte code (the domain and ports have their own rules in their modules):
 * adapters know the ports and the domain but neither the app nor each other; the app's loops and use cases see
 * ports and the domain only; adapters are built in one place, the composition root ({@link OperatorModule}); and
 * nothing outside the root reads the wall clock, so every loop runs on the injected {@link Clock} and tests can
 * move time by hand.
 *
 * <p>The CLI ({@code io.wmco.app.cli}) is its own entry point with its own composition root, {@link CliWiring}: the
 * same two rules hold for the CLI's commands.
 */
class ArchitectureRulesTest {
    private static final String ROOT = OperatorModule.class.getName();
    private static final String LIFECYCLE = WindowsMachineConfigOperator.class.getName();
    private static final String CLI_ROOT = CliWiring.class.getName();
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("wmco-testkit"))
                .importPackages("io.wmco.app", "io.wmco.adapter");
    }

    @Test
    void importsAppAndAdapterClassesSoTheRulesCannotPassVacuously() {
        assertTrue(classes.contain(ROOT));
        assertTrue(classes.contain("io.wmco.app.fleet.InstanceReconciler"));
        assertTrue(classes.contain("io.wmco.adapter.k8s.KubernetesCluster"));
        assertTrue(classes.contain("io.wmco.adapter.ssh.MinaSshConnector"));
        assertTrue(classes.stream().noneMatch(c -> c.getSimpleName().endsWith("Test")), "test classes imported");
        assertTrue(
                classes.stream().noneMatch(c -> c.getPackageName().startsWith("io.wmco.testkit")),
                "test kit classes imported");
        assertTrue(classes.size() > 60, "only " + classes.size() + " classes imported");
    }

    @Test
    void adaptersDependNeitherOnTheAppNorOnEachOther() {
        noClasses()
                .that()
                .resideInAPackage("io.wmco.adapter..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.wmco.app..")
                .because("adapters implement ports; the app composes them, never the reverse")
                .check(classes);
        slices().matching("io.wmco.adapter.(*)..")
                .should()
                .notDependOnEachOther()
                .because("each adapter wraps one technology; they meet only through ports")
                .check(classes);
    }

    @Test
    void loopsAndUseCasesSeeOnlyPortsAndTheDomain() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage("io.wmco.app..")
                .and()
                .doNotHaveFullyQualifiedName(ROOT)
                .and()
                .doNotHaveFullyQualifiedName(LIFECYCLE)
                .and()
                .doNotHaveFullyQualifiedName(CLI_ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.wmco.adapter..")
                .because("control loops decide on domain data and act through ports; only the composition root"
                        + " (OperatorModule) and the operator's life cycle (WindowsMachineConfigOperator, which"
                        + " starts and stops the informers) know adapters");
        rule.check(classes);
    }

    @Test
    void onlyTheCompositionRootConstructsAdapters() {
        DescribedPredicate<JavaCall<?>> buildsAnAdapter =
                new DescribedPredicate<>("a constructor or static factory of an adapter") {
                    @Override
                    public boolean test(JavaCall<?> call) {
                        boolean inAdapter =
                                call.getTargetOwner().getPackageName().startsWith("io.wmco.adapter");
                        boolean constructs = call.getTarget().getName().equals("<init>")
                                || call.getTarget()
                                        .resolveMember()
                                        .map(m -> m.getModifiers().contains(JavaModifier.STATIC))
                                        .orElse(false);
                        return inAdapter && constructs;
                    }
                };
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackage("io.wmco.adapter..")
                .and()
                .doNotHaveFullyQualifiedName(ROOT)
                .and()
                .doNotHaveFullyQualifiedName(CLI_ROOT)
                .should()
                .callCodeUnitWhere(buildsAnAdapter)
                .because("OperatorModule is the one place that chooses implementations; tests replace them there");
        rule.check(classes);
    }

    @Test
    void nothingButTheCompositionRootReadsTheWallClock() {
        ArchRule rule = noClasses()
                .that()
                .doNotHaveFullyQualifiedName(ROOT)
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(Clock.class, "systemUTC")
                .orShould()
                .callMethod(Clock.class, "systemDefaultZone")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(OffsetDateTime.class, "now")
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .because("time comes from the injected Clock (bound once in OperatorModule), so that retries,"
                        + " deadlines and rechecks are testable with a clock moved by hand");
        rule.check(classes);
    }
}
