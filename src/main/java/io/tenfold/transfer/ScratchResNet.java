package io.tenfold.transfer;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;

/**
 * A small ResNet of bottleneck blocks trained from random weights ({@code scratch-resnet}) for
 * 32x32 inputs. A 3x3 stem (32 channels), then three stages of two bottleneck blocks (outputs 64,
 * 128, 256 channels at 32x32, 16x16, 8x8); features are the 256 globally averaged activations of
 * the last block.
 *
 * <p>A bottleneck block (He et al., "Deep Residual Learning for Image Recognition", 2016): a 1x1
 * convolution reduces the channels by 4, a 3x3 convolution works at that width (with the stage's
 * stride, as in the later "ResNet v1.5"), a 1x1 convolution expands again, each batch-normalised;
 * the input is added back (identity shortcut, or a strided 1x1 convolution with batch
 * normalisation where the shape changes: the projection shortcut) and a ReLU follows the sum.
 * The 3x3 work happens on a quarter of the channels, so depth is cheap; the shortcuts keep
 * gradients flowing through the stack. Each block ends at {@code stageS_blockB_out}, a cut.
 */
final class ScratchResNet extends ScratchModel {

    static final String NAME = "scratch-resnet";
    private static final int STEM_WIDTH = 32;
    private static final int[] STAGE_OUTPUTS = {64, 128, 256};
    private static final int BLOCKS_PER_STAGE = 2;
    private static final int BOTTLENECK_RATIO = 4;

    ScratchResNet() {
        super(NAME, 20151210L);
    }

    @Override
    public List<Block> blocks() {
        List<Block> blocks = new ArrayList<>();
        for (int stage = STAGE_OUTPUTS.length; stage >= 1; stage--) {
            for (int block = BLOCKS_PER_STAGE; block >= 1; block--) {
                String name = blockName(stage, block);
                blocks.add(new Block(name, name + "_out"));
            }
        }
        blocks.add(new Block("stem", "stem_relu"));
        return blocks;
    }

    @Override
    String addBody(GraphBuilder graph, String input) {
        String last = convBnRelu(graph, "stem", input, STEM_WIDTH, 3, 1);
        int channels = STEM_WIDTH;
        for (int stage = 1; stage <= STAGE_OUTPUTS.length; stage++) {
            for (int block = 1; block <= BLOCKS_PER_STAGE; block++) {
                int stride = stage > 1 && block == 1 ? 2 : 1;
                last = bottleneck(graph, blockName(stage, block), last, channels, STAGE_OUTPUTS[stage - 1], stride);
                channels = STAGE_OUTPUTS[stage - 1];
            }
        }
        return last;
    }

    private static String bottleneck(GraphBuilder graph, String name, String input, int inChannels, int outChannels,
            int stride) {
        int width = outChannels / BOTTLENECK_RATIO;
        String reduced = convBnRelu(graph, name + "_reduce", input, width, 1, 1);
        String spatial = convBnRelu(graph, name + "_3x3", reduced, width, 3, stride);
        String expanded = convBn(graph, name + "_expand", spatial, outChannels, 1, 1);
        String shortcut = stride == 1 && inChannels == outChannels
                ? input
                : convBn(graph, name + "_projection", input, outChannels, 1, stride);
        graph.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), expanded, shortcut);
        return relu(graph, name + "_out", name + "_add");
    }

    private static String blockName(int stage, int block) {
        return "stage" + stage + "_block" + block;
    }
}
