package io.tenfold.transfer;

import io.tenfold.graph.GraphCuts;
import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.transfer.TransferStrategy.FineTune;
import java.io.IOException;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearningHelper;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The block lists of the MobileNetV2 base models against the imported graph, and plans cut inside them. */
class MobileNetV2BlocksTest {

    @Test
    void everyBlockEndsAtAVertexThatCutsTheImportedGraphAndInnerVerticesDoNot() throws IOException {
        MobileNetV2 model = MobileNetV2.nsfwjs();
        ComputationGraphConfiguration conf = model.load().getConfiguration();

        assertThat(model.blocks()).hasSize(19);
        assertThat(model.blocks().get(0)).isEqualTo(new Block("head_conv", "out_relu"));
        assertThat(model.blocks().get(3)).isEqualTo(new Block("block_14", "block_14_add"));
        assertThat(model.blocks().get(4)).isEqualTo(new Block("block_13", "block_13_project_BN"));
        for (Block block : model.blocks()) {
            assertThat(GraphCuts.isCut(conf, block.output())).as(block.output()).isTrue();
        }
        // Inside a residual block, the shortcut bypasses the branch: no cut there.
        assertThat(GraphCuts.isCut(conf, "block_14_project_BN")).isFalse();
        assertThat(GraphCuts.isCut(conf, "block_15_expand_relu")).isFalse();
    }

    @Test
    void fineTuningTheTopThreeBlocksCutsAtBlock14AndTrainsThroughTheHelper() throws IOException {
        MobileNetV2 model = MobileNetV2.nsfwjs();
        double lr = 1e-3;
        TransferPlan plan = new TransferPlanner().plan(model.load(), model, 3,
                new FineTune(3, LearningRateMultipliers.DEFAULT), new PlanOptions(lr, 1));

        assertThat(plan.frozenBoundary()).isEqualTo("block_14_add");
        assertThat(plan.learningRates()).contains(
                Map.entry(TransferPlan.HEAD, lr),
                Map.entry("Conv_1", lr * 0.1), Map.entry("Conv_1_bn", lr * 0.1),
                Map.entry("block_16_expand", lr * 0.1),
                Map.entry("block_15_depthwise", lr * 0.01), Map.entry("block_15_project_BN", lr * 0.01));
        assertThat(plan.learningRates()).doesNotContainKeys("block_14_project", "block_14_project_BN");

        ComputationGraph graph = plan.graph();
        INDArray frozenBefore = graph.getLayer("block_14_project").params().dup();
        INDArray trainedBefore = graph.getLayer("block_15_expand").params().dup();
        TransferLearningHelper helper = new TransferLearningHelper(graph, plan.frozenBoundary());
        assertThat(helper.unfrozenGraph().getConfiguration().getNetworkInputs()).containsExactly("block_14_add");
        assertThat(TransferPlannerTest.learningRateOf(helper.unfrozenGraph(), "Conv_1")).isEqualTo(lr * 0.1);

        Nd4j.getRandom().setSeed(3);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 2, 3);
        labels.putScalar(0, 0, 1.0);
        labels.putScalar(1, 2, 1.0);
        DataSet featurized = helper.featurize(new DataSet(Nd4j.rand(DataType.FLOAT, 2, 224, 224, 3), labels));
        assertThat(featurized.getFeatures().shape()).containsExactly(2, 7, 7, 160);
        helper.fitFeaturized(featurized);

        assertThat(graph.getLayer("block_14_project").params().toFloatVector())
                .containsExactly(frozenBefore.toFloatVector());
        assertThat(graph.getLayer("block_15_expand").params()).isNotEqualTo(trainedBefore);
    }

    /**
     * The shipped base model ends at block_10, the last that nsfwjs left as ImageNet trained it:
     * the NSFW-tuned blocks above are gone from the plan, and the head pools block_10's 96 channels.
     */
    @Test
    void theShippedModelEndsAtTheLastPureImageNetBlockAndPoolsItsMap() throws IOException {
        MobileNetV2 model = MobileNetV2.shipped();
        ComputationGraphConfiguration conf = model.load().getConfiguration();
        assertThat(model.featureVertex()).isEqualTo("block_10_project_BN");
        assertThat(model.blocks()).hasSize(12);
        assertThat(model.blocks().get(0)).isEqualTo(new Block("block_10", "block_10_project_BN"));
        for (Block block : model.blocks()) {
            assertThat(GraphCuts.isCut(conf, block.output())).as(block.output()).isTrue();
        }

        TransferPlan plan = new TransferPlanner().plan(model.load(), model, 3,
                TransferStrategy.named("feature-extractor", model), new PlanOptions(1e-3, 1));
        ComputationGraph graph = plan.graph();
        assertThat(plan.frozenBoundary()).isEqualTo("block_10_project_BN");
        assertThat(graph.getConfiguration().getVertices()).containsKeys(TransferPlan.HEAD_POOL, TransferPlan.HEAD)
                .doesNotContainKeys("block_11_expand", "Conv_1", "flatten_1");
        assertThat(graph.getLayer(TransferPlan.HEAD).getParam("W").shape()).containsExactly(96, 3);
        assertThat(graph.outputSingle(false, Nd4j.rand(DataType.FLOAT, 2, 224, 224, 3)).shape()).containsExactly(2, 3);

        TransferPlan fineTune = new TransferPlanner().plan(model.load(), model, 3,
                new FineTune(3, LearningRateMultipliers.DEFAULT), new PlanOptions(1e-3, 1));
        assertThat(fineTune.frozenBoundary()).isEqualTo("block_7_add");
        assertThat(fineTune.learningRates()).containsKeys("block_10_expand", "block_8_project")
                .doesNotContainKey("block_7_project");
    }
}
