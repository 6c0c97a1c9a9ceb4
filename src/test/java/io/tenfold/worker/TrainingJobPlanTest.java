package io.tenfold.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.dataset.DatasetManifest;
import io.tenfold.jobs.JobSpec;
import io.tenfold.training.Augmentation;
import io.tenfold.training.LoaderOptions;
import io.tenfold.transfer.BaseModel;
import io.tenfold.transfer.BaseModelCatalog;
import io.tenfold.transfer.TransferPlanner;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A job's plan is a pure function of its spec, its dataset's manifest and its base model: made
 * here from a hand-written manifest, with no storage and no image read.
 */
class TrainingJobPlanTest {

    private static final BaseModel SCRATCH = BaseModelCatalog.builtIn().get("scratch-vgg");
    private final AtomicInteger reads = new AtomicInteger();

    @Test
    void theSplitStrategyAndOptionsComeFromTheSpecAndTheManifest() throws Exception {
        TrainingJobPlan plan = plan(spec(null, "none", 1), manifest(3, 10));

        assertThat(plan.split().training()).hasSize(24);
        assertThat(plan.split().validation()).hasSize(6);
        assertThat(plan.decision().strategy().name()).isEqualTo("full");
        assertThat(plan.transfer().hasFrozenPart()).isFalse();
        assertThat(plan.options().epochs()).isEqualTo(3);
        assertThat(plan.options().augmentation()).isInstanceOf(Augmentation.None.class);
        assertThat(reads).hasValue(0);
    }

    @Test
    void autoIsResolvedFromTheTrainingImagesPerClassAndSaysWhy() throws Exception {
        TrainingJobPlan plan = plan(spec(JsonNodeFactory.instance.stringNode("auto"), "none", 1), manifest(2, 5));

        assertThat(plan.decision().strategy().name()).isEqualTo("full");
        assertThat(plan.decision().reason()).isNotBlank();
    }

    @Test
    void withoutAFrozenPartAnAugmentedJobAugmentsEveryEpoch() throws Exception {
        TrainingJobPlan plan = plan(spec(null, "light", 4), manifest(2, 10));

        assertThat(plan.options().augmentation()).isInstanceOf(Augmentation.EachEpoch.class);
        assertThat(plan.trainer().cachesFeatures(plan.options().augmentation())).isFalse();
    }

    @Test
    void aFrozenPartCachesTheRequestedViews() {
        assertThat(Augmentation.forTraining(io.tenfold.augment.AugmentationPolicies.light(32), true, 4))
                .isEqualTo(new Augmentation.CachedViews(io.tenfold.augment.AugmentationPolicies.light(32), 4));
        assertThat(Augmentation.forTraining(io.tenfold.augment.AugmentationPolicies.none(32), true, 4))
                .isInstanceOf(Augmentation.None.class);
    }

    private TrainingJobPlan plan(JobSpec spec, DatasetManifest manifest) throws Exception {
        return TrainingJobPlan.of(spec, manifest, SCRATCH, SCRATCH.load(), image -> () -> {
            reads.incrementAndGet();
            throw new AssertionError("planning read image " + image.key());
        }, new TransferPlanner(), LoaderOptions.DEFAULT);
    }

    private static JobSpec spec(JsonNode strategy, String augmentation, int views) {
        return new JobSpec("d", "m", "scratch-vgg", strategy, 3, 8, 1e-3, 7, 0.2,
                JsonNodeFactory.instance.stringNode(augmentation), views, 0);
    }

    private static DatasetManifest manifest(int classes, int perClass) {
        List<String> names = new ArrayList<>();
        List<DatasetManifest.Image> images = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("class-" + c);
            for (int i = 0; i < perClass; i++) {
                images.add(new DatasetManifest.Image("datasets/d/" + c + "-" + i, c, c + "/" + i + ".png"));
            }
        }
        return new DatasetManifest(names, images, null, null);
    }
}
