package io.custodia;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.stereotype.Controller;

/** The feature packages talk through their public types, with no cycles; the engine stays free of Spring. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.custodia");

    @Test
    void featuresAreModulesWithoutCyclesThatUseOnlyEachOthersPublicTypes() {
        ApplicationModules.of(CustodiaApplication.class).verify();
    }

    @Test
    void theEngineKnowsNothingOfSpringNorOfTheDatabase() {
        noClasses()
                .that()
                .resideInAPackage("io.custodia.policy..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.jooq..", "io.custodia.platform..", "jakarta..")
                .check(CLASSES);
    }

    @Test
    void thePlatformDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("io.custodia.platform..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.custodia.directory..", "io.custodia.access..")
                .check(CLASSES);
    }

    @Test
    void theDirectoryAsksTheAccessFeatureInsteadOfCompilingPoliciesItself() {
        noClasses()
                .that()
                .resideInAPackage("io.custodia.directory..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("io.custodia.policy.WorkspacePolicy")
                .check(CLASSES);
    }

    /** Thin controllers: HTTP in, HTTP out; the services below own transactions, queries and writes. */
    @Test
    void noControllerReachesTheDatabaseItself() {
        noClasses()
                .that()
                .areMetaAnnotatedWith(Controller.class)
                .should()
                .dependOnClassesThat()
                .areAssignableTo(DSLContext.class)
                .check(CLASSES);
    }

    @Test
    void nothingInRecordsCallsUpIntoTheRecordController() {
        noClasses()
                .that()
                .resideInAPackage("io.custodia.records..")
                .and()
                .haveNameNotMatching("io\\.custodia\\.records\\.RecordController(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .haveNameMatching("io\\.custodia\\.records\\.RecordController(\\$.*)?")
                .check(CLASSES);
    }
}
