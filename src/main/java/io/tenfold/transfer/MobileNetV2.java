package io.tenfold.transfer;

import io.tenfold.transfer.tfjs.TfjsModelSource;
import io.tenfold.transfer.tfjs.TfjsLayersImporter;
import io.tenfold.image.Preprocessing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The ImageNet-pretrained MobileNetV2 (alpha 1.0, 224x224 RGB in [0, 1]) shipped in
 * {@code models/mobilenetv2}; see the PROVENANCE.md beside it. Its features are the 1280 pooled
 * activations at {@code flatten_1}.
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

    /** Top first; the blocks with a residual connection are 2, 4, 5, 7, 8, 9, 11, 12, 14, 15. */
    private static final List<Block> BLOCKS = blocks(List.of(2, 4, 5, 7, 8, 9, 11, 12, 14, 15));

    static MobileNetV2 shipped() {
        return new MobileNetV2();
    }

    @Override
    public String name() {
        return "mobilenetv2";
    }

    @Override
    public Preprocessing preprocessing() {
        return Preprocessing.unitRange(224);
    }

    @Override
    public String featureVertex() {
        return "flatten_1";
    }

    @Override
    public List<Block> blocks() {
        return BLOCKS;
    }

    private static List<Block> blocks(List<Integer> residual) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block("head_conv", "out_relu"));
        for (int i = 16; i >= 1; i--) {
            blocks.add(new Block("block_" + i, "block_" + i + (residual.contains(i) ? "_add" : "_project_BN")));
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
