package app.lightbox.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.core.domain.JavaAccess.Predicates.target;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The layering of STYLE.md: ui → core → model, with the toolkit, OkHttp and the console kept in their place. */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("app.lightbox");
    }

    @Test
    void modelAndCoreDoNotUseJavaFx() {
        check(noClasses().that().resideInAnyPackage("app.lightbox.model..", "app.lightbox.core..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.controlsfx.."));
    }

    @Test
    void modelDependsOnNothingOfTheApp() {
        check(noClasses().that().resideInAPackage("app.lightbox.model..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "app.lightbox.core..", "app.lightbox.ui..", "app.lightbox.cli..", "app.lightbox.sandbox.."));
    }

    @Test
    void coreDoesNotReachUp() {
        check(noClasses().that().resideInAPackage("app.lightbox.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "app.lightbox.ui..", "app.lightbox.cli..", "app.lightbox.sandbox.."));
    }

    @Test
    void uiDoesNotStartServersOrParseCommandLines() {
        check(noClasses().that().resideInAPackage("app.lightbox.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("app.lightbox.cli..", "app.lightbox.sandbox.."));
    }

    @Test
    void sandboxIsIndependentOfTheClient() {
        check(noClasses().that().resideInAPackage("app.lightbox.sandbox..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "app.lightbox.model..", "app.lightbox.core.api..", "app.lightbox.core.media..",
                        "app.lightbox.ui..", "app.lightbox.cli..", "javafx.."));
    }

    @Test
    void okHttpOnlyInApiAndMedia() {
        check(noClasses().that().resideOutsideOfPackages("app.lightbox.core.api..", "app.lightbox.core.media..")
                .should().dependOnClassesThat().resideInAnyPackage("okhttp3..", "okio.."));
    }

    @Test
    void consoleOnlyFromTheCommandLine() {
        check(noClasses().that().resideOutsideOfPackage("app.lightbox.cli..")
                .should().accessField(System.class, "out")
                .orShould().accessField(System.class, "err"));
    }

    @Test
    void threadsAreMadeInOnePlace() {
        check(noClasses().that().resideOutsideOfPackage("app.lightbox.core.concurrent..")
                .should().callConstructorWhere(target(owner(assignableTo(Thread.class))))
                .as("threads are created only by app.lightbox.core.concurrent"));
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }
}
