package io.tenfold.inference;

import io.tenfold.support.TrainedStatistics;
import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** A replica swaps in its folded network only where the fold leaves every answer as it was. */
class NetworkReplicaTest {

    static final int SIZE = 8;

    @Test
    void foldsWhenTheFoldedNetworkAnswersTheSame() {
        ComputationGraph network = network(new BatchNormalization.Builder().dataFormat(CNN2DFormat.NHWC).build());
        TrainedStatistics.randomize(network);
        INDArray images = Nd4j.rand(DataType.FLOAT, 3, SIZE, SIZE, 3);
        INDArray expected = network.outputSingle(false, images).dup();
        NetworkReplica replica = new NetworkReplica(network, SIZE);

        assertThat(replica.foldBatchNorm(SIZE)).isTrue();
        assertThat(replica.output(images).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    /**
     * DL4J's own batch norm applies fixed gamma and beta only when gamma is not 1 and beta is not
     * 0 (BatchNormalization.preOutput), so with gamma 2 and beta 0 the network computes something
     * other than the textbook batch norm the fold reproduces. The check at load sees the
     * difference, and the network serves as it was trained.
     */
    @Test
    void keepsTheNetworkWhenItsFoldedCopyWouldAnswerDifferently() {
        ComputationGraph network = network(new BatchNormalization.Builder().lockGammaBeta(true).gamma(2).beta(0)
                .dataFormat(CNN2DFormat.NHWC).build());
        INDArray images = Nd4j.rand(DataType.FLOAT, 3, SIZE, SIZE, 3);
        INDArray expected = network.outputSingle(false, images).dup();
        NetworkReplica replica = new NetworkReplica(network, SIZE);

        assertThat(replica.foldBatchNorm(SIZE)).isFalse();
        assertThat(replica.output(images).sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    /** A tiny NHWC classifier, SIZE x SIZE images to 3 classes: convolution, then {@code batchNorm}, pooling and softmax. */
    static ComputationGraph network(BatchNormalization batchNorm) {
        ComputationGraph network = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(5)
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(SIZE, SIZE, 3, CNN2DFormat.NHWC))
                .addLayer("conv", new ConvolutionLayer.Builder(3, 3).nOut(4).dataFormat(CNN2DFormat.NHWC)
                        .activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", batchNorm, "conv")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "bn")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX)
                        .build(), "pool")
                .setOutputs("out")
                .build());
        network.init();
        return network;
    }
}
