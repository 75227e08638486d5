package io.hazelray.examples.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module and package rules of the README's architecture section, checked on the compiled
 * main classes of every module (this module's tests see them all). A rule broken by a change
 * fails {@code mvn verify} and names the class and the dependency at fault.
 */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar")) // other modules' test support
                .importPackages("io.hazelray");
    }

    @Test
    void coreTypesDependOnNoOtherHazelrayPackage() {
        check(noClasses().that().resideInAPackage("io.hazelray.core..")
                .should().dependOnClassesThat(hazelrayOutside("io.hazelray.core..")));
    }

    @Test
    void noModuleUsesAnotherModulesImplementation() {
        check(noClasses().that().resideOutsideOfPackage("io.hazelray.tasks..")
                .should().dependOnClassesThat().resideInAPackage("io.hazelray.tasks.impl.."));
        check(noClasses().that().resideOutsideOfPackage("io.hazelray.actors..")
                .should().dependOnClassesThat().resideInAPackage("io.hazelray.actors.impl.."));
        check(noClasses().that().resideOutsideOfPackage("io.hazelray.datasets..")
                .should().dependOnClassesThat().resideInAPackage("io.hazelray.datasets..impl.."));
    }

    @Test
    void publicApiPackagesDoNotUseTheirOwnImplementationExceptThroughFactories() {
        // The API types a user imports (refs, builders, options, exceptions) never reach into impl;
        // only the entry points that make a runtime (Tasks, Actors) may.
        check(noClasses().that().resideInAnyPackage("io.hazelray.core..", "io.hazelray.tasks")
                .and().doNotHaveSimpleName("Tasks")
                .should().dependOnClassesThat().resideInAPackage("io.hazelray.tasks.impl.."));
        check(noClasses().that().resideInAPackage("io.hazelray.actors")
                .and().doNotHaveSimpleName("Actors")
                .should().dependOnClassesThat().resideInAPackage("io.hazelray.actors.impl.."));
    }

    @Test
    void tasksKnowNothingOfTheModulesAboveThem() {
        check(noClasses().that().resideInAnyPackage("io.hazelray.core..", "io.hazelray.tasks..")
                .should().dependOnClassesThat(hazelrayOutside("io.hazelray.core..", "io.hazelray.tasks..")));
    }

    @Test
    void actorsKnowOnlyTasksAndCore() {
        check(noClasses().that().resideInAPackage("io.hazelray.actors..")
                .should().dependOnClassesThat(hazelrayOutside("io.hazelray.core..", "io.hazelray.tasks..",
                        "io.hazelray.actors..")));
    }

    @Test
    void datasetsUseNoHazelrayModule() {
        check(noClasses().that().resideInAPackage("io.hazelray.datasets..")
                .should().dependOnClassesThat(hazelrayOutside("io.hazelray.datasets..")));
    }

    @Test
    void theDashboardReadsOnlyThePublicReadApis() {
        // It is a client of the modules' read APIs (Tasks.history, Actors.local, the status), so
        // their implementation can change under it; the facade and the CLI start it, not the reverse.
        check(noClasses().that().resideInAPackage("io.hazelray.dashboard..")
                .should().dependOnClassesThat().resideInAnyPackage("io.hazelray.tasks.spi..", "io.hazelray.tasks.impl..",
                        "io.hazelray.actors.impl..", "io.hazelray.cli..", "io.hazelray"));
    }

    @Test
    void nothingButExamplesDependsOnExamples() {
        check(noClasses().that().resideOutsideOfPackage("io.hazelray.examples..")
                .should().dependOnClassesThat().resideInAPackage("io.hazelray.examples.."));
    }

    @Test
    void hazelcastInternalsAreUsedOnlyBehindTheAdapter() {
        // Hazelcast's internal API (com.hazelcast.internal and every *.impl package) changes between
        // releases: GridInternals holds every use, so an upgrade is a one-file change. The Data type
        // (stable across 5.x) and the serializer-hook interface (how Hazelcast finds
        // IdentifiedDataSerializable factories) are the exceptions.
        DescribedPredicate<JavaClass> internal = new DescribedPredicate<>("Hazelcast internals") {
            @Override
            public boolean test(JavaClass c) {
                String name = c.getName();
                return name.startsWith("com.hazelcast.")
                        && (name.startsWith("com.hazelcast.internal.") || name.contains(".impl."))
                        && !name.equals("com.hazelcast.internal.serialization.Data")
                        && !name.equals("com.hazelcast.internal.serialization.DataSerializerHook");
            }
        };
        check(noClasses().that().doNotHaveFullyQualifiedName("io.hazelray.tasks.spi.GridInternals")
                .should().dependOnClassesThat(internal));
    }

    private static DescribedPredicate<JavaClass> hazelrayOutside(String... allowed) {
        return new DescribedPredicate<>("Hazelray classes outside " + String.join(", ", allowed)) {
            @Override
            public boolean test(JavaClass c) {
                if (!c.getPackageName().startsWith("io.hazelray")) {
                    return false;
                }
                for (String pattern : allowed) {
                    String prefix = pattern.replace("..", "");
                    if (c.getPackageName().equals(prefix) || c.getPackageName().startsWith(prefix + ".")) {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
