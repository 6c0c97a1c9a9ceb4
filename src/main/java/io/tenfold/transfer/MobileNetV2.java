package io.tenfold.transfer;

import io.tenfold.transfer.tfjs.TfjsModelSource;
import io.tenfold.transfer.tfjs.TfjsLayersImporter;
import io.tenfold.image.Preprocessing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The MobileNetV2 (alpha 1.0, 224x224 RGB in [0, 1]) shipped in {@code models/mobilenetv2}; see the
 * PROVENANCE.md beside it. Its backbone was trained on ImageNet, but nsfwjs, whose weights these are,
 * trained blocks 11 and up (and the head) again for NSFW detection (their training scripts say so;
 * docs/tfjs-import.md notes the {@code trainable} flags). So the shipped base model,
 * {@code mobilenetv2}, ends at the last pure-ImageNet block: its features are the 96 channels of
 * {@code block_10_project_BN} (14 x 14 at 224), pooled by the new head, and the NSFW-tuned blocks
 * above are dropped (docs/training.md measures the choice). {@code mobilenetv2-nsfwjs} is the whole
 * network as nsfwjs ships it, features at {@code flatten_1}, for comparison.
 *
 * <p>Blocks, as Keras names the layers (checked against the imported graph in the tests): the
 * final 1x1 convolution {@code Conv_1}/{@code Conv_1_bn}/{@code out_relu} ("head_conv"), the 16
 * inverted-residual blocks {@code block_16} .. {@code block_1}, the first one
 * ({@code expanded_conv}, block 0, without expansion) and the stem convolution {@code Conv1}. A
 * block with a residual connection ends at its {@code block_N_add}; the others (the first of each
 * stage: 1, 3, 6, 10, 13, 16, and block 0) at their {@code _project_BN}, which is then the only
 * way into the next block: each end cuts the graph.
 */
final class MobileNetV2 implements BaseModel {

    static final String RESOURCE_DIR = "models/mobilenetv2";

    /** The blocks with a residual connection, which end at their add. */
    private static final List<Integer> RESIDUAL = List.of(2, 4, 5, 7, 8, 9, 11, 12, 14, 15);
    /** The last block nsfwjs left as ImageNet trained it. */
    static final int LAST_IMAGENET_BLOCK = 10;

    private final String name;
    private final String featureVertex;
    private final List<Block> blocks;

    private MobileNetV2(String name, String featureVertex, List<Block> blocks) {
        this.name = name;
        this.featureVertex = featureVertex;
        this.blocks = blocks;
    }

    /** The shipped base model: the backbone up to its last pure-ImageNet block. */
    static MobileNetV2 shipped() {
        return new MobileNetV2("mobilenetv2", end(LAST_IMAGENET_BLOCK), blocks(LAST_IMAGENET_BLOCK, false));
    }

    /** The whole network as nsfwjs ships it: features at flatten_1, the NSFW-tuned blocks and head_conv as blocks. */
    static MobileNetV2 nsfwjs() {
        return new MobileNetV2("mobilenetv2-nsfwjs", "flatten_1", blocks(16, true));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.unitRange(224);
    }

    @Override
    public String featureVertex() {
        return featureVertex;
    }

    @Override
    public List<Block> blocks() {
        return blocks;
    }

    private static String end(int block) {
        return "block_" + block + (RESIDUAL.contains(block) ? "_add" : "_project_BN");
    }

    /** Top first: head_conv (if asked for), blocks {@code top} .. 1, block 0, the stem. */
    private static List<Block> blocks(int top, boolean headConv) {
        List<Block> blocks = new ArrayList<>();
        if (headConv) {
            blocks.add(new Block("head_conv", "out_relu"));
        }
        for (int i = top; i >= 1; i--) {
            blocks.add(new Block("block_" + i, end(i)));
        }
        blocks.add(new Block("block_0", "expanded_conv_project_BN"));
        blocks.add(new Block("stem", "Conv1_relu"));
        return List.copyOf(blocks);
    }

    @Override
    public ComputationGraph load() throws IOException {
        return TfjsLayersImporter.importModel(TfjsModelSource.classpath(RESOURCE_DIR));
    }
}
