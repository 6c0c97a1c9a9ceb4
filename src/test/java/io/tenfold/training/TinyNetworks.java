package io.tenfold.training;

import io.tenfold.image.Preprocessing;
import io.tenfold.image.TestImages;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** A small CNN on 16x16 NHWC images and labelled synthetic photos, for fast training tests. */
final class TinyNetworks {

    static final int INPUT = 16;
    static final int CLASSES = 3;
    static final Preprocessing PREPROCESSING = Preprocessing.unitRange(INPUT);

    private TinyNetworks() {
    }

    /** in -> conv1 -> conv2 -> pool (global average) -> dense -> out (softmax, 3 classes); same weights every call. */
    static ComputationGraph network(double learningRate) {
        ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .graphBuilder()
                .addInputs("in")
                .setInputTypes(InputType.convolutional(INPUT, INPUT, 3, CNN2DFormat.NHWC))
                .addLayer("conv1", new ConvolutionLayer.Builder(3, 3).stride(2, 2).convolutionMode(ConvolutionMode.Same)
                        .nOut(4).activation(Activation.RELU).dataFormat(CNN2DFormat.NHWC).build(), "in")
                .addLayer("conv2", new ConvolutionLayer.Builder(3, 3).convolutionMode(ConvolutionMode.Same)
                        .nOut(6).activation(Activation.RELU).dataFormat(CNN2DFormat.NHWC).build(), "conv1")
                .addLayer("pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "conv2")
                .addLayer("dense", new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MCXENT).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .build());
        net.init();
        return net;
    }

    /** The network with everything up to {@code boundary} frozen, as the transfer strategies leave it. */
    static ComputationGraph frozenAt(String boundary, double learningRate) {
        return new TransferLearning.GraphBuilder(network(learningRate)).setFeatureExtractor(boundary).build();
    }

    /** {@code n} photos of 20x18 whose label (i mod 3) shows in their tint, loaded through a counter. */
    static List<Example> examples(int n, AtomicInteger loads) {
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % CLASSES;
            BufferedImage image = tinted(TestImages.photo(20, 18, i), label);
            examples.add(new Example(label, () -> {
                loads.incrementAndGet();
                return image;
            }));
        }
        return examples;
    }

    private static BufferedImage tinted(BufferedImage image, int label) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int shift = 16 - 8 * label;
                int channel = Math.min(255, ((rgb >> shift) & 0xFF) + 80);
                image.setRGB(x, y, (rgb & ~(0xFF << shift)) | channel << shift);
            }
        }
        return image;
    }
}
