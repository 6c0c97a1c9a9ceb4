package io.tenfold.transfer;

import io.tenfold.image.Preprocessing;
import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * A network that jobs start from: how to load it, how it wants its pixels, the vertex whose
 * activations are the backbone's features (everything after it is the old head), and the blocks
 * fine-tuning unfreezes.
 */
public interface BaseModel {

    String name();

    Preprocessing preprocessing();

    String featureVertex();

    /**
     * The backbone's blocks, top (nearest the features) first, down to the one that reads the
     * input. Unfreezing the top K blocks trains {@code blocks().subList(0, K)}; the frozen part ends
     * at {@code blocks().get(K).output()}. Every output is a cut of the graph below
     * {@link #featureVertex()}.
     */
    List<Block> blocks();

    /** False for architectures whose weights start random: they can only be trained whole. */
    default boolean pretrained() {
        return true;
    }

    /** Loads a fresh copy; callers own it and may edit it. */
    ComputationGraph load() throws IOException;
}
