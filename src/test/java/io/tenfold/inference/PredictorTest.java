package io.tenfold.inference;

import static io.tenfold.image.TestImages.photo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tenfold.image.ImageDecoder;
import io.tenfold.image.ImageLimits;
import io.tenfold.image.ImageRejectedException;
import io.tenfold.image.ImageTensors;
import io.tenfold.image.Preprocessing;
import io.tenfold.support.ImageFixtures;
import io.tenfold.tta.CenterCrop;
import io.tenfold.tta.Dense;
import io.tenfold.tta.MeanMerge;
import io.tenfold.tta.TenCrop;
import io.tenfold.validation.InvalidFieldException;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Classification as one call on plain objects: a network and its manifest served in memory, a
 * predictor built from options, images in, classifications out. No database, HTTP or Spring.
 */
class PredictorTest {

    private static final int SIZE = NetworkReplicaTest.SIZE;
    private static final Preprocessing PREPROCESSING = Preprocessing.unitRange(SIZE);
    private static final ImageDecoder DECODER = new ImageDecoder(ImageLimits.DEFAULT);

    private final ComputationGraph network = NetworkReplicaTest.network(new BatchNormalization.Builder().build());
    private final ComputationGraph reference = network.clone();
    private final ServedModel model = ServedModel.start("tiny", ModelManifest.of(List.of("a", "b", "c"), PREPROCESSING,
            "tiny", "full", null), network, new ServedModel.Settings(1, true,
            new ForwardBatcher.Settings(64, Duration.ofMillis(1), 640, true)), ForwardBatcher.Listener.NONE);

    @AfterEach
    void close() {
        model.close();
    }

    @Test
    void centerClassifiesTheEvaluationViewAsTheNetworkDoes() {
        BufferedImage image = photo(40, 30, 3);
        Classification result = new Predictor(model, new ClassifyOptions(new CenterCrop(), new MeanMerge(), 3, true),
                DECODER).predict(ImageFixtures.encode(image, "png"));

        float[] expected;
        try (INDArray input = ImageTensors.toNhwcBatch(List.of(PREPROCESSING.evaluationView(image)), PREPROCESSING)) {
            expected = reference.outputSingle(false, input).toFloatVector();
        }
        assertThat(result.modelId()).isEqualTo("tiny");
        assertThat(result.views()).isEqualTo(1);
        assertThat(result.tta()).isEqualTo("center");
        for (Classification.Prediction p : result.predictions()) {
            assertThat(p.probability()).isCloseTo(expected[List.of("a", "b", "c").indexOf(p.label())], within(1e-4));
        }
        assertThat(result.predictions()).isSortedAccordingTo((x, y) -> Double.compare(y.probability(), x.probability()));
        assertThat(result.perView()).hasSize(1);
        assertThat(result.timings().totalMs()).isGreaterThanOrEqualTo(result.timings().forwardMs());
    }

    @Test
    void aBatchSharesPassesAndKeepsTheImagesOrder() {
        List<byte[]> images = List.of(ImageFixtures.encode(photo(40, 30, 1), "png"),
                ImageFixtures.encode(photo(20, 50, 2), "png"), ImageFixtures.encode(photo(33, 33, 3), "png"));
        ClassifyOptions tenCrop = new ClassifyOptions(new TenCrop(), new MeanMerge(), 2, false);
        BatchClassification batch = new Predictor(model, tenCrop, DECODER).predict(images);

        assertThat(batch.results()).hasSize(3);
        for (int i = 0; i < images.size(); i++) {
            Classification alone = new Predictor(model, tenCrop, DECODER).predict(images.get(i));
            assertThat(batch.results().get(i).views()).isEqualTo(10);
            assertThat(batch.results().get(i).predictions().get(0).probability())
                    .isCloseTo(alone.predictions().get(0).probability(), within(1e-5));
            assertThat(batch.results().get(i).predictions()).hasSize(2);
        }
    }

    /**
     * Dense evaluation bounds the image before it resizes it: a panorama costs what its kept part
     * does. A 40,000,000 x 1 PNG (the whole pixel limit) used to overflow the resize and fail with a 500.
     */
    @Test
    void densePanoramasAreBoundedBeforeTheyAreResized() {
        Predictor dense = new Predictor(model, new ClassifyOptions(new Dense(), new MeanMerge(), 1, false), DECODER);
        for (int[] size : new int[][] {{40_000, 100}, {40_000_000, 1}, {1, 4_000_000}}) {
            Classification result = dense.predict(ImageFixtures.blackPng(size[0], size[1]));
            assertThat(result.views()).as("%dx%d", size[0], size[1]).isPositive();
            assertThat(result.predictions().get(0).probability()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aPolicyTheModelCannotRunAndABrokenImageAreRefusedNamingWhy() {
        // the tiny network pools globally, so dense evaluation is exact: its grid has one position
        Classification dense = new Predictor(model, new ClassifyOptions(new Dense(), new MeanMerge(), 1, false),
                DECODER).predict(ImageFixtures.encode(photo(40, 30, 3), "png"));
        assertThat(dense.views()).isPositive();
        assertThatThrownBy(() -> new Predictor(model, new ClassifyOptions(io.tenfold.tta.MultiScale.fixed(
                List.of(SIZE * 5)), new MeanMerge(), 1, false), DECODER))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("scales"));
        Predictor center = new Predictor(model, new ClassifyOptions(new CenterCrop(), new MeanMerge(), 1, false),
                DECODER);
        assertThatThrownBy(() -> center.predict(List.of(ImageFixtures.encode(photo(9, 9, 1), "png"),
                new byte[] {1, 2, 3}))).isInstanceOf(ImageRejectedException.class).hasMessageStartingWith("images[1]: ");
    }
}
