package io.custodia.policy;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine is a library of pure values and functions: it depends on the JDK and nothing else. */
class PolicyArchitectureTest {
    @Test
    void theEngineDependsOnTheJdkOnly() {
        classes()
                .that()
                .resideInAPackage("io.custodia.policy..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.custodia.policy..", "java..")
                .check(new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.custodia.policy"));
    }
}
