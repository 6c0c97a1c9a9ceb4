package io.tenfold.transfer;

import io.tenfold.image.Preprocessing;
import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A pretrained network that jobs start from: how to load it, how it wants its pixels, and the
 * vertex whose activations are the backbone's features (everything after it is the old head).
 */
public interface BaseModel {

    String name();

    Preprocessing preprocessing();

    String featureVertex();

    /** Loads a fresh copy; callers own it and may edit it. */
    ComputationGraph load() throws IOException;
}
