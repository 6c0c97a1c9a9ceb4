package io.tenfold.transfer;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * A small VGG-style network trained from random weights ({@code scratch-vgg}) for 32x32 inputs.
 * Three stages of two 3x3 convolutions (32, 64, 128 channels), each followed by batch
 * normalisation and ReLU, and a 2x2 max pooling; features are the 128 globally averaged
 * activations of the last stage.
 *
 * <p>Why stacks of 3x3: two 3x3 convolutions see a 5x5 window and three a 7x7 one, with fewer
 * weights (2·9C² vs 25C², 3·9C² vs 49C²) and a non-linearity between each (Simonyan and
 * Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition", 2015).
 * Global average pooling instead of VGG's large dense layers keeps the parameter count at about
 * 290 thousand, which a small dataset can train.
 */
final class ScratchVgg extends ScratchModel {

    static final String NAME = "scratch-vgg";
    private static final int[] WIDTHS = {32, 64, 128};

    ScratchVgg() {
        super(NAME, 20140904L);
    }

    @Override
    public List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (int stage = WIDTHS.length; stage >= 1; stage--) {
            blocks.add(new Block("stage_" + stage, "stage" + stage + "_pool"));
        }
        return blocks;
    }

    @Override
    String addBody(GraphBuilder graph, String input) {
        String last = input;
        for (int stage = 1; stage <= WIDTHS.length; stage++) {
            String prefix = "stage" + stage;
            last = convBnRelu(graph, prefix + "_a", last, WIDTHS[stage - 1], 3, 1);
            last = convBnRelu(graph, prefix + "_b", last, WIDTHS[stage - 1], 3, 1);
            graph.addLayer(prefix + "_pool", new SubsamplingLayer.Builder(PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2).dataFormat(CNN2DFormat.NHWC).build(), last);
            last = prefix + "_pool";
        }
        return last;
    }
}
