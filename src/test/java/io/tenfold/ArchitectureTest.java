package io.tenfold;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The architecture docs/architecture.md draws, checked on the compiled classes: the deep-learning
 * core imports no Spring (so it can be tested and reused alone), and no layer imports one above it.
 * Each package's package-info.java says the same in words.
 */
class ArchitectureTest {

    /** The Spring-free core: what a training script or another server could reuse as it is. */
    private static final String[] CORE = {"io.tenfold.validation..", "io.tenfold.image..", "io.tenfold.graph..",
        "io.tenfold.augment..", "io.tenfold.tta..", "io.tenfold.transfer..", "io.tenfold.training..",
        "io.tenfold.inference.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tenfold");

    @Test
    void theCoreImportsNoSpringAndNoServiceCode() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jakarta.servlet..",
                        "io.tenfold.storage..", "io.tenfold.system..", "io.tenfold.security..",
                        "io.tenfold.dataset..", "io.tenfold.models..", "io.tenfold.jobs..", "io.tenfold.classify..",
                        "io.tenfold.worker..")
                .because("the deep-learning core must run without Spring, a database or HTTP")
                .check(CLASSES);
    }

    @Test
    void noLayerImportsALayerAboveIt() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Validation").definedBy("io.tenfold.validation..")
                .layer("Image").definedBy("io.tenfold.image..")
                .layer("Graph").definedBy("io.tenfold.graph..")
                .layer("Augment").definedBy("io.tenfold.augment..")
                .layer("Tta").definedBy("io.tenfold.tta..")
                .layer("Transfer").definedBy("io.tenfold.transfer..")
                .layer("Training").definedBy("io.tenfold.training..")
                .layer("Inference").definedBy("io.tenfold.inference..")
                .layer("Storage").definedBy("io.tenfold.storage..")
                .layer("System").definedBy("io.tenfold.system..")
                .layer("Security").definedBy("io.tenfold.security..")
                .layer("Dataset").definedBy("io.tenfold.dataset..")
                .layer("Models").definedBy("io.tenfold.models..")
                .layer("Jobs").definedBy("io.tenfold.jobs..")
                .layer("Classify").definedBy("io.tenfold.classify..")
                .layer("Worker").definedBy("io.tenfold.worker..")
                .layer("Application").definedBy("io.tenfold")

                .whereLayer("Worker").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Classify").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("Jobs").mayOnlyBeAccessedByLayers("Worker")
                .whereLayer("Models").mayOnlyBeAccessedByLayers("Classify", "Worker")
                .whereLayer("Dataset").mayOnlyBeAccessedByLayers("Jobs", "Worker")
                .whereLayer("Security").mayOnlyBeAccessedByLayers("Application")
                .whereLayer("System").mayOnlyBeAccessedByLayers("Security", "Dataset", "Models", "Jobs", "Classify",
                        "Worker", "Application")
                .whereLayer("Storage").mayOnlyBeAccessedByLayers("System", "Dataset", "Models", "Classify", "Worker")
                .whereLayer("Inference").mayOnlyBeAccessedByLayers("System", "Models", "Classify", "Worker")
                .whereLayer("Training").mayOnlyBeAccessedByLayers("Models", "Jobs", "Worker")
                .whereLayer("Transfer").mayOnlyBeAccessedByLayers("Training", "System", "Jobs", "Worker")
                .whereLayer("Tta").mayOnlyBeAccessedByLayers("Inference", "Classify")
                .whereLayer("Augment").mayOnlyBeAccessedByLayers("Training", "Dataset", "Jobs", "Worker")
                .whereLayer("Graph").mayOnlyBeAccessedByLayers("Tta", "Transfer", "Training", "Inference")
                .whereLayer("Image").mayOnlyBeAccessedByLayers("Augment", "Tta", "Transfer", "Training", "Inference", "Jobs", "Models",
                        "System", "Dataset", "Classify", "Worker")
                .check(CLASSES);
    }

    @Test
    void theTfjsImporterIsReachedOnlyThroughTheBaseModelCatalogue() {
        noClasses().that().resideOutsideOfPackages("io.tenfold.transfer..")
                .should().dependOnClassesThat().resideInAPackage("io.tenfold.transfer.tfjs..")
                .check(CLASSES);
    }
}
