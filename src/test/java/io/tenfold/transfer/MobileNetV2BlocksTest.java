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

/** The block list of the shipped MobileNetV2 against its imported graph, and a plan cut inside it. */
class MobileNetV2BlocksTest {

    @Test
    void everyBlockEndsAtAVertexThatCutsTheImportedGraphAndInnerVerticesDoNot() throws IOException {
        MobileNetV2 model = MobileNetV2.shipped();
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
        MobileNetV2 model = MobileNetV2.shipped();
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
}
