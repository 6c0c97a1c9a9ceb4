package io.tenfold.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.augment.AugmentationPolicies;
import io.tenfold.image.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchPipelineTest {

    private static final ImagePreparation AUGMENTED = new ImagePreparation.Augmented(
            AugmentationPolicies.standard(TinyNetworks.INPUT), 7);

    @Test
    void batchesAreTheSameWhateverTheNumberOfThreads() {
        List<Example> examples = TinyNetworks.examples(23, new AtomicInteger());
        int[] order = EpochLoop.permutation(23, new java.util.Random(5));
        List<BatchPipeline.Batch> one = all(examples, new LoaderOptions(1, 1), order);
        List<BatchPipeline.Batch> three = all(examples, new LoaderOptions(3, 4), order);
        assertThat(three).hasSize(5);
        for (int b = 0; b < one.size(); b++) {
            assertThat(three.get(b).indices()).isEqualTo(one.get(b).indices());
            assertThat(three.get(b).features()).isEqualTo(one.get(b).features());
            assertThat(three.get(b).labels()).isEqualTo(one.get(b).labels());
        }
        assertThat(one.get(0).indices()).containsExactly(order[0], order[1], order[2], order[3], order[4]);
        assertThat(one.get(0).features().shape()).containsExactly(5, 16, 16, 3);
    }

    @Test
    void anotherRoundAugmentsDifferently() {
        List<Example> examples = TinyNetworks.examples(4, new AtomicInteger());
        try (BatchPipeline pipeline = new BatchPipeline(examples, AUGMENTED, TinyNetworks.PREPROCESSING, 3, 4,
                LoaderOptions.DEFAULT)) {
            assertThat(pipeline.pass(1).next().features()).isNotEqualTo(pipeline.pass(2).next().features());
            assertThat(pipeline.pass(1).next().features()).isEqualTo(pipeline.pass(1).next().features());
        }
    }

    @Test
    void preparesAtMostThePrefetchDepthAhead() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        List<Example> examples = TinyNetworks.examples(40, loads);
        try (BatchPipeline pipeline = new BatchPipeline(examples, AUGMENTED, TinyNetworks.PREPROCESSING, 3, 2,
                new LoaderOptions(2, 3))) {
            BatchPipeline.Pass pass = pipeline.pass(1);
            pass.next();
            Thread.sleep(300);
            // the batch handed out and three more
            assertThat(loads.get()).isEqualTo(8);
            pass.next();
            Thread.sleep(300);
            assertThat(loads.get()).isEqualTo(10);
        }
    }

    @Test
    void closingStopsEveryThreadEvenWithWorkInFlight() {
        AtomicInteger loads = new AtomicInteger();
        List<Example> slow = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            slow.add(new Example(0, () -> {
                loads.incrementAndGet();
                sleep(100);
                return TestImages.photo(20, 20, 1);
            }));
        }
        long start = System.nanoTime();
        BatchPipeline pipeline = new BatchPipeline(slow, AUGMENTED, TinyNetworks.PREPROCESSING, 3, 4,
                new LoaderOptions(3, 2));
        BatchPipeline.Pass pass = pipeline.pass(1);
        pass.next();
        pass.close();
        pipeline.close();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        assertThat(loads.get()).isLessThan(30);
        assertThat(pipelineThreads()).isEmpty();
    }

    @Test
    void measuresTheTimeSpentWaitingForData() {
        List<Example> slow = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            slow.add(new Example(0, () -> {
                sleep(50);
                return TestImages.photo(20, 20, 1);
            }));
        }
        try (BatchPipeline pipeline = new BatchPipeline(slow, AUGMENTED, TinyNetworks.PREPROCESSING, 3, 2,
                new LoaderOptions(1, 1))) {
            BatchPipeline.Pass pass = pipeline.pass(1);
            long start = System.nanoTime();
            while (pass.hasNext()) {
                pass.next();
            }
            double total = (System.nanoTime() - start) / 1e9;
            assertThat(pass.waitSeconds()).isGreaterThan(0.25).isLessThanOrEqualTo(total);
        }
        try (BatchPipeline pipeline = new BatchPipeline(TinyNetworks.examples(6, new AtomicInteger()), AUGMENTED,
                TinyNetworks.PREPROCESSING, 3, 2, new LoaderOptions(2, 3))) {
            BatchPipeline.Pass pass = pipeline.pass(1);
            sleep(300);
            while (pass.hasNext()) {
                pass.next();
                sleep(100);
            }
            assertThat(pass.waitSeconds()).isLessThan(0.05);
        }
    }

    @Test
    void aFailedLoadSurfacesOnTheTrainingThread() {
        List<Example> broken = List.of(new Example(0, () -> {
            throw new IOException("corrupt");
        }));
        try (BatchPipeline pipeline = new BatchPipeline(broken, AUGMENTED, TinyNetworks.PREPROCESSING, 3, 1,
                LoaderOptions.DEFAULT)) {
            assertThatThrownBy(() -> pipeline.pass(1).next()).isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("corrupt");
        }
    }

    @Test
    void refusesImagesOfAnotherSizeThanTheNetworkTakes() {
        assertThatThrownBy(() -> new BatchPipeline(List.of(), new ImagePreparation.Augmented(
                AugmentationPolicies.standard(32), 1), TinyNetworks.PREPROCESSING, 3, 1, LoaderOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Loader threads still alive, after giving them up to 5 s to end: a pool reports termination
     * once its workers have left their loop, a moment before their threads have finished.
     */
    static List<Thread> pipelineThreads() {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        List<Thread> alive = alivePipelineThreads();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            sleep(10);
            alive = alivePipelineThreads();
        }
        return alive;
    }

    private static List<Thread> alivePipelineThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(BatchPipeline.THREAD_PREFIX) && t.isAlive())
                .toList();
    }

    private static List<BatchPipeline.Batch> all(List<Example> examples, LoaderOptions loader, int[] order) {
        List<BatchPipeline.Batch> batches = new ArrayList<>();
        try (BatchPipeline pipeline = new BatchPipeline(examples, AUGMENTED, TinyNetworks.PREPROCESSING, 3, 5, loader);
                BatchPipeline.Pass pass = pipeline.pass(3, order)) {
            pass.forEachRemaining(batches::add);
        }
        return batches;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
