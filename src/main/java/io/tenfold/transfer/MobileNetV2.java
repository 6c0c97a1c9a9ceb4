package io.tenfold.transfer;

import io.tenfold.image.Preprocessing;
import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The ImageNet-pretrained MobileNetV2 (alpha 1.0, 224x224 RGB in [0, 1]) shipped in
 * {@code models/mobilenetv2}; see the PROVENANCE.md beside it. Its features are the 1280 pooled
 * activations at {@code flatten_1}.
 */
final class MobileNetV2 implements BaseModel {

    static final String RESOURCE_DIR = "models/mobilenetv2";

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
    public ComputationGraph load() throws IOException {
        return TfjsLayersImporter.importModel(TfjsModelSource.classpath(RESOURCE_DIR));
    }
}
