package io.tenfold.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.tenfold.transfer.TransferStrategy.Decision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class ScratchPresetsTest {

    private static final int SIZE = 32;

    @ParameterizedTest
    @ValueSource(strings = {"scratch-vgg", "scratch-resnet"})
    void buildsRunsAtItsInputSizeAndLearnsAToyProblem(String name) throws IOException {
        BaseModel model = BaseModelCatalog.builtIn().get(name);
        assertThat(model.preprocessing().inputSize()).isEqualTo(SIZE);
        assertThat(model.pretrained()).isFalse();
        ComputationGraph base = model.load();
        for (var layer : base.getLayers()) {
            if (layer.conf().getLayer() instanceof ConvolutionLayer conv) {
                assertThat(conv.getKernelSize()[0]).as(conv.getLayerName()).isIn(1, 3);
            }
        }

        Decision decision = new TransferStrategy.Auto().resolve(model, List.of(10, 10));
        TransferPlan plan = new TransferPlanner().plan(base, model, 2, decision.strategy(), new PlanOptions(3e-3, 1));
        assertThat(plan.frozenBoundary()).isNull();
        assertThat(plan.learningRates().values()).containsOnly(3e-3);
        ComputationGraph graph = plan.graph();

        DataSet toy = brighterHalf(4);
        assertThat(graph.outputSingle(toy.getFeatures()).shape()).containsExactly(4, 2);
        // The training loss (batch statistics in the normalisation layers); the inference-mode loss
        // lags while the running statistics are still far from the batch's.
        List<Double> losses = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            graph.fit(toy);
            losses.add(graph.score());
        }
        assertThat(losses.get(losses.size() - 1)).as("losses " + losses).isLessThan(losses.get(0) * 0.7);
    }

    /** Class 0: the left half of the image is the brighter one; class 1: the right half. */
    private static DataSet brighterHalf(int n) {
        Nd4j.getRandom().setSeed(5);
        INDArray images = Nd4j.rand(DataType.FLOAT, n, SIZE, SIZE, 3).muli(0.5);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, n, 2);
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            int from = label == 0 ? 0 : SIZE / 2;
            images.get(NDArrayIndex.point(i), NDArrayIndex.all(),
                    NDArrayIndex.interval(from, from + SIZE / 2),
                    NDArrayIndex.all()).addi(0.5);
            labels.putScalar(i, label, 1.0);
        }
        return new DataSet(images, labels);
    }
}
