package io.tenfold.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tenfold.transfer.TransferStrategy.FeatureExtractor;
import io.tenfold.transfer.TransferStrategy.FineTune;
import io.tenfold.transfer.TransferStrategy.Full;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;

class TransferPlannerTest {

    private static final double LR = 1e-2;
    private static final int CLASSES = 3;
    private static final Set<String> FROZEN_LAYERS = Set.of("stem_conv", "stem_bn", "b1_conv", "b1_bn");

    private final TinyResidualModel model = new TinyResidualModel();
    private final TransferPlanner planner = new TransferPlanner();

    @Test
    void fineTuneFreezesBelowTheTopBlocksAndGivesEachTierItsRate() {
        TransferPlan plan = fineTuneTopTwo();

        assertThat(plan.frozenBoundary()).isEqualTo("b1_add");
        assertThat(plan.learningRates()).containsOnly(
                Map.entry(TransferPlan.HEAD, LR),
                Map.entry("top_conv", LR * 0.1),
                Map.entry("b2_conv", LR * 0.01),
                Map.entry("b2_bn", LR * 0.01));
        assertThat(plan.description()).contains("b1_add", "top at 0.001", "block_2 at 1.0E-4");
        for (String name : plan.learningRates().keySet()) {
            assertThat(learningRateOf(plan.graph(), name)).as(name).isEqualTo(plan.learningRates().get(name));
        }
    }

    @Test
    void frozenParametersDoNotMoveAndTheOthersMoveAtTheConfiguredRatio() {
        ComputationGraph graph = fineTuneTopTwo().graph();
        Map<String, INDArray> before = parameters(graph);

        graph.fit(batch(8, 1));

        Map<String, INDArray> after = parameters(graph);
        for (String frozen : FROZEN_LAYERS) {
            assertThat(after.get(frozen).toFloatVector()).as(frozen).containsExactly(before.get(frozen).toFloatVector());
        }
        // Adam's first step moves each parameter by about its learning rate, whatever its gradient.
        double head = meanStep(before, after, TransferPlan.HEAD);
        assertThat(head).isCloseTo(LR, within(LR * 0.05));
        assertThat(meanStep(before, after, "top_conv") / head).isCloseTo(0.1, within(0.005));
        assertThat(meanStep(before, after, "b2_conv") / head).isCloseTo(0.01, within(0.0005));
    }

    @Test
    void theHelperAtTheBoundaryTrainsTheSamePartWithTheSameRates() {
        ComputationGraph graph = fineTuneTopTwo().graph();
        Map<String, INDArray> before = parameters(graph);
        TransferLearningHelper helper = new TransferLearningHelper(graph, "b1_add");

        ComputationGraph upper = helper.unfrozenGraph();
        assertThat(upper.getConfiguration().getNetworkInputs()).containsExactly("b1_add");
        assertThat(learningRateOf(upper, "top_conv")).isEqualTo(LR * 0.1);
        assertThat(learningRateOf(upper, "b2_bn")).isEqualTo(LR * 0.01);

        helper.fitFeaturized(helper.featurize(batch(8, 1)));

        Map<String, INDArray> after = parameters(graph);
        for (String frozen : FROZEN_LAYERS) {
            assertThat(after.get(frozen).toFloatVector()).as(frozen).containsExactly(before.get(frozen).toFloatVector());
        }
        double head = meanStep(before, after, TransferPlan.HEAD);
        assertThat(meanStep(before, after, "top_conv") / head).isCloseTo(0.1, within(0.005));
        assertThat(meanStep(before, after, "b2_conv") / head).isCloseTo(0.01, within(0.0005));
    }

    @Test
    void withoutTheBoundaryNamedTheHelperCutsBelowTheResidualAdd() {
        // DL4J finds frozen layers, not frozen vertices: the add stays trainable and both its inputs
        // become inputs of the subset graph. Trainers must pass plan.frozenBoundary().
        TransferLearningHelper helper = new TransferLearningHelper(fineTuneTopTwo().graph());
        assertThat(helper.unfrozenGraph().getConfiguration().getNetworkInputs())
                .containsExactlyInAnyOrder("b1_bn", "stem_relu");
    }

    @Test
    void theRatesSurviveCloneAndSerialisation() throws IOException {
        ComputationGraph graph = fineTuneTopTwo().graph();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelSerializer.writeModel(graph, bytes, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(
                new ByteArrayInputStream(bytes.toByteArray()), true);

        for (ComputationGraph copy : List.of(graph.clone(), restored)) {
            assertThat(learningRateOf(copy, "top_conv")).isEqualTo(LR * 0.1);
            assertThat(learningRateOf(copy, "b2_conv")).isEqualTo(LR * 0.01);
            assertThat(copy.params()).isEqualTo(graph.params());
            Map<String, INDArray> before = parameters(copy);
            copy.fit(batch(8, 2));
            Map<String, INDArray> after = parameters(copy);
            assertThat(after.get("b1_conv").toFloatVector()).containsExactly(before.get("b1_conv").toFloatVector());
            assertThat(meanStep(before, after, "top_conv") / meanStep(before, after, TransferPlan.HEAD))
                    .isCloseTo(0.1, within(0.005));
        }
    }

    @Test
    void featureExtractorFreezesEverythingBelowTheFeaturesAsBefore() {
        TransferPlan plan = planner.plan(model.load(), model, CLASSES, new FeatureExtractor(), new PlanOptions(LR, 1));

        assertThat(plan.frozenBoundary()).isEqualTo("pool");
        assertThat(plan.learningRates()).containsOnly(Map.entry(TransferPlan.HEAD, LR));
        assertThat(plan.graph().getConfiguration().getVertices()).doesNotContainKey("old_head");
        assertThat(plan.graph().outputSingle(batch(2, 3).getFeatures()).shape()).containsExactly(2, CLASSES);
    }

    @Test
    void fullTrainsEveryLayerWithTheBackboneAtDiscriminativeRates() {
        TransferPlan plan = planner.plan(model.load(), model, CLASSES, new Full(LearningRateMultipliers.DEFAULT),
                new PlanOptions(LR, 1));

        assertThat(plan.frozenBoundary()).isNull();
        assertThat(plan.hasFrozenPart()).isFalse();
        // Four blocks: the upper two (top, block_2) at 0.1x, the lower two (block_1, stem) at 0.01x.
        assertThat(plan.learningRates()).containsOnly(
                Map.entry(TransferPlan.HEAD, LR),
                Map.entry("top_conv", LR * 0.1), Map.entry("b2_conv", LR * 0.1), Map.entry("b2_bn", LR * 0.1),
                Map.entry("b1_conv", LR * 0.01), Map.entry("b1_bn", LR * 0.01),
                Map.entry("stem_conv", LR * 0.01), Map.entry("stem_bn", LR * 0.01));
        ComputationGraph graph = plan.graph();
        Map<String, INDArray> before = parameters(graph);
        graph.fit(batch(8, 4));
        Map<String, INDArray> after = parameters(graph);
        assertThat(meanStep(before, after, "stem_conv") / meanStep(before, after, TransferPlan.HEAD))
                .isCloseTo(0.01, within(0.0005));
    }

    @Test
    void unfreezingEveryBlockIsFull() {
        TransferPlan plan = planner.plan(model.load(), model, CLASSES, new FineTune(4, LearningRateMultipliers.DEFAULT),
                new PlanOptions(LR, 1));
        assertThat(plan.frozenBoundary()).isNull();
        assertThat(plan.learningRates()).containsKeys("stem_conv", "b1_bn");
    }

    @Test
    void theBaseGraphIsNotChanged() {
        ComputationGraph base = model.load();
        String json = base.getConfiguration().toJson();
        INDArray params = base.params().dup();
        fineTuneTopTwo(base);
        assertThat(base.getConfiguration().toJson()).isEqualTo(json);
        assertThat(base.params()).isEqualTo(params);
    }

    @Test
    void aBlockThatDoesNotCutTheGraphIsRejected() {
        BaseModel wrong = new TinyResidualModel() {
            @Override
            public List<Block> blocks() {
                return List.of(new Block("top", "top_relu"), new Block("inside_block_1", "b1_bn"));
            }
        };
        assertThatThrownBy(() -> planner.plan(wrong.load(), wrong, CLASSES, new FineTune(1, null),
                new PlanOptions(LR, 1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("b1_bn");
    }

    private TransferPlan fineTuneTopTwo() {
        return fineTuneTopTwo(model.load());
    }

    private TransferPlan fineTuneTopTwo(ComputationGraph base) {
        return planner.plan(base, model, CLASSES, new FineTune(2, LearningRateMultipliers.DEFAULT),
                new PlanOptions(LR, 1));
    }

    static DataSet batch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray images = Nd4j.rand(DataType.FLOAT, n, TinyResidualModel.SIZE, TinyResidualModel.SIZE, 3);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % CLASSES, 1.0);
        }
        return new DataSet(images, labels);
    }

    static double learningRateOf(ComputationGraph graph, String layer) {
        IUpdater updater = ((BaseLayer) graph.getLayer(layer).conf().getLayer()).getIUpdater();
        assertThat(updater).isInstanceOf(Adam.class);
        return ((Adam) updater).getLearningRate();
    }

    /** Every layer's parameters (all of them, running statistics of batch normalisation included), copied. */
    static Map<String, INDArray> parameters(ComputationGraph graph) {
        Map<String, INDArray> params = new HashMap<>();
        for (GraphVertex vertex : graph.getVertices()) {
            if (vertex.hasLayer() && vertex.getLayer().numParams() > 0) {
                params.put(vertex.getVertexName(), vertex.getLayer().params().dup());
            }
        }
        return params;
    }

    /** The mean absolute change of a layer's weights among those that changed. */
    static double meanStep(Map<String, INDArray> before, Map<String, INDArray> after, String layer) {
        INDArray step = Transforms.abs(after.get(layer).sub(before.get(layer)));
        double moved = step.gt(0).castTo(DataType.DOUBLE).sumNumber().doubleValue();
        assertThat(moved).as("parameters of " + layer + " that moved").isPositive();
        return step.sumNumber().doubleValue() / moved;
    }
}
