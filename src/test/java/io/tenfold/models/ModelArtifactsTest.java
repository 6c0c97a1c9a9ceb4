package io.tenfold.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tenfold.image.Preprocessing;
import io.tenfold.inference.ModelManifest;
import io.tenfold.storage.ArtifactStore;
import io.tenfold.storage.CorruptArtifactException;
import io.tenfold.storage.LocalObjectStore;
import io.tenfold.storage.ObjectStore;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import tools.jackson.databind.json.JsonMapper;

/** A model is a verified artifact: manifest as metadata, the network checked before it is loaded. */
class ModelArtifactsTest {

    @TempDir
    Path tmp;

    private static ComputationGraph tinyNetwork() {
        ComputationGraph graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build(), "in")
                .setOutputs("out").build());
        graph.init();
        return graph;
    }

    @Test
    void writeReadAndRefuseACorruptedNetwork() throws Exception {
        ObjectStore store = new LocalObjectStore(tmp.resolve("objects"));
        ModelArtifacts models = new ModelArtifacts(new ArtifactStore(store, JsonMapper.builder().build()));
        assertThatThrownBy(() -> models.manifest("m1")).isInstanceOf(NoSuchFileException.class);

        ComputationGraph network = tinyNetwork();
        ModelManifest manifest = ModelManifest.of(List.of("bag", "shoe"), Preprocessing.unitRange(224),
                "mobilenetv2", "feature-extractor", "feature-extractor: the backbone is frozen");
        models.write("m1", network, manifest);

        ModelManifest read = models.manifest("m1");
        assertThat(read.labels()).containsExactly("bag", "shoe");
        assertThat(read.network()).isEqualTo("network.zip");
        assertThat(read.preprocessing().inputSize()).isEqualTo(224);
        assertThat(read.baseModel()).isEqualTo("mobilenetv2");
        assertThat(models.network("m1", read).params()).isEqualTo(network.params());

        byte[] zip = store.read("models/m1/network.zip");
        zip[zip.length / 2] ^= 1;
        store.put("models/m1/network.zip", zip);
        assertThatThrownBy(() -> models.network("m1", read)).isInstanceOf(CorruptArtifactException.class)
                .hasMessageContaining("models/m1/network.zip has SHA-256");
    }
}
