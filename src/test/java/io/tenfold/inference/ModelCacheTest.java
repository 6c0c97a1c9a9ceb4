package io.tenfold.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.tenfold.graph.BatchNormFolding;
import io.tenfold.graph.MemoryEstimate;
import io.tenfold.image.Preprocessing;
import io.tenfold.inference.ModelManifest;
import io.tenfold.models.ModelArtifacts;
import io.tenfold.models.ModelDeleted;
import io.tenfold.support.TrainedStatistics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The model cache on the real object store: loads verified models once, warms them up, refuses a
 * model whose output does not match its labels, and retires the least recently used beyond its
 * memory budget. Tiny convolutional networks stand in for trained models.
 */
@SpringBootTest(properties = {"tenfold.role=api", "tenfold.inference.cache-budget=400KB"})
class ModelCacheTest {

    private static final int INPUT = 8;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("tenfold-cache-");
        registry.add("tenfold.data-dir", dir::toString);
    }

    @Autowired
    ModelCache cache;

    @Autowired
    ModelArtifacts artifacts;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ApplicationEventPublisher events;

    /** Models stored by the running test, retired after it so that each test starts with an empty cache. */
    private final List<String> stored = new ArrayList<>();

    @AfterEach
    void retireStoredModels() {
        stored.forEach(id -> events.publishEvent(new ModelDeleted(id)));
    }

    @Test
    void concurrentFirstRequestsLoadAModelOnceAndItServes() throws Exception {
        String id = store(3, 3, 16);
        double misses = count("miss");
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<ServedModel>> loads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                loads.add(clients.submit(() -> cache.get(id)));
            }
            ServedModel first = loads.get(0).get();
            for (Future<ServedModel> load : loads) {
                assertThat(load.get()).isSameAs(first);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(count("miss") - misses).isEqualTo(1);
        ServedModel model = cache.get(id);
        float[][] rows = model.forward(Nd4j.rand(DataType.FLOAT, 2, INPUT, INPUT, 3)).rows();
        assertThat(rows).hasDimensions(2, 3);
        assertThat(rows[0][0] + rows[0][1] + rows[0][2]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-4f));
    }

    @Test
    void modelsBeyondTheBudgetAreRetiredLeastRecentlyUsedFirst() throws Exception {
        // Each of these is charged about 160 kB (mostly a 64-view pass of activations): two fit in 400 kB, three do not.
        String a = store(2, 2, 16);
        String b = store(2, 2, 16);
        String c = store(2, 2, 16);
        ServedModel modelA = cache.get(a);
        assertThat(modelA.bytes()).isBetween(140_000L, 200_000L);
        ServedModel modelB = cache.get(b);
        cache.get(a);
        double evictions = registry.get("tenfold.model.cache.evictions").counter().count();

        cache.get(c);

        assertThat(registry.get("tenfold.model.cache.evictions").counter().count() - evictions).isEqualTo(1);
        assertThatThrownBy(() -> modelB.forward(Nd4j.rand(DataType.FLOAT, 1, INPUT, INPUT, 3)))
                .isInstanceOf(ForwardBatcher.BatcherClosedException.class);
        assertThat(cache.get(a)).isSameAs(modelA);
        assertThat(modelA.forward(Nd4j.rand(DataType.FLOAT, 1, INPUT, INPUT, 3)).rows()).hasNumberOfRows(1);
    }

    @Test
    void aDeletedModelIsRetiredAtOnce() throws Exception {
        String id = store(2, 2, 4);
        ServedModel model = cache.get(id);
        double misses = count("miss");

        events.publishEvent(new ModelDeleted(id));

        assertThatThrownBy(() -> model.forward(Nd4j.rand(DataType.FLOAT, 1, INPUT, INPUT, 3)))
                .isInstanceOf(ForwardBatcher.BatcherClosedException.class);
        assertThat(cache.get(id)).isNotSameAs(model);
        assertThat(count("miss") - misses).isEqualTo(1);
    }

    @Test
    void aModelWhoseOutputDoesNotMatchItsLabelsNeverServes() throws Exception {
        String id = store(4, 3, 4);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> cache.get(id)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("3 labels");
        }
    }

    @Test
    void aModelWithBatchNormsServesWhatItsTrainedNetworkAnswersAndIsChargedAsFolded() throws Exception {
        ComputationGraph network = NetworkReplicaTest.network(
                new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC).build());
        TrainedStatistics.randomize(network);
        String id = UUID.randomUUID().toString();
        artifacts.write(id, network, ModelManifest.of(List.of("a", "b", "c"), Preprocessing.unitRange(INPUT), "tiny",
                "test", null));
        stored.add(id);
        INDArray images = Nd4j.rand(DataType.FLOAT, 4, INPUT, INPUT, 3);
        float[][] expected = network.outputSingle(false, images).toFloatMatrix();

        ServedModel model = cache.get(id);
        float[][] served = model.forward(images).rows();

        // charged for the folded network it serves
        long folded = MemoryEstimate.inference(BatchNormFolding.fold(network).graph(), INPUT, 64);
        assertThat(model.bytes()).isEqualTo(folded).isLessThan(MemoryEstimate.inference(network, INPUT, 64));

        for (int i = 0; i < expected.length; i++) {
            assertThat(served[i]).containsExactly(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    private double count(String result) {
        return registry.get("tenfold.model.cache").tag("result", result).counter().count();
    }

    /** Stores a tiny NHWC classifier with {@code outputs} classes under {@code labels} labels; returns its id. */
    private String store(int outputs, int labels, int channels) throws Exception {
        ComputationGraph network = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(INPUT, INPUT, 3, CNN2DFormat.NHWC))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(channels).dataFormat(CNN2DFormat.NHWC)
                        .activation(Activation.RELU).build(), "in")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(outputs)
                        .activation(Activation.SOFTMAX).build(), "pool")
                .setOutputs("out")
                .build());
        network.init();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < labels; i++) {
            names.add("class-" + i);
        }
        String id = UUID.randomUUID().toString();
        artifacts.write(id, network, ModelManifest.of(names, Preprocessing.unitRange(INPUT), "tiny", "test", null));
        stored.add(id);
        return id;
    }
}
