package io.tenfold.inference;

import io.tenfold.graph.DenseEvaluator;
import io.tenfold.graph.DenseUnsupportedException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model ready to serve (DJL's {@code ZooModel}): its manifest and the engine that runs its
 * network, a {@link ForwardBatcher} over replicas of it, each folded for inference and warmed on
 * its own thread. The engine sees tensors and rows only; what they mean is the
 * {@link ClassificationTranslator}'s business. Also whether the network can be evaluated densely,
 * and the memory it is charged for in a cache's budget.
 */
public final class ServedModel implements AutoCloseable {

    private static final int WARM_UP_BATCH = 10;

    /**
     * How a model is served.
     *
     * @param replicas      network copies, each on a runner thread of its own
     * @param foldBatchNorm serve the network with its batch norms folded into its convolutions
     *                      ({@link NetworkReplica#foldBatchNorm}), checked at load
     * @param batching      how the runners share passes between requests
     */
    public record Settings(int replicas, boolean foldBatchNorm, ForwardBatcher.Settings batching) {

        public Settings {
            if (replicas < 1) {
                throw new IllegalArgumentException("at least one replica");
            }
        }
    }

    private final String id;
    private final ModelManifest manifest;
    private final ForwardBatcher<NetworkReplica> batcher;
    private final String denseRefusal;
    private final long bytes;

    private ServedModel(String id, ModelManifest manifest, ForwardBatcher<NetworkReplica> batcher, String denseRefusal,
            long bytes) {
        this.id = id;
        this.manifest = manifest;
        this.batcher = batcher;
        this.denseRefusal = denseRefusal;
        this.bytes = bytes;
    }

    /**
     * Serves {@code network} (taken over: it becomes the first replica): copies it into the
     * replicas, folds and warms each on its runner thread (a pass at batch 1 and at the ten-crop
     * batch, which also checks that the output matches the labels), and returns once all are warm.
     *
     * @throws IllegalStateException if a warm-up failed; nothing is left running
     */
    public static ServedModel start(String id, ModelManifest manifest, ComputationGraph network, Settings settings,
            ForwardBatcher.Listener listener) {
        int inputSize = manifest.preprocessing().inputSize();
        String denseRefusal = denseRefusal(network, inputSize);
        List<NetworkReplica> replicas = new ArrayList<>();
        for (int i = 0; i < settings.replicas(); i++) {
            replicas.add(new NetworkReplica(i == 0 ? network : network.clone(), inputSize));
        }
        int labels = manifest.labels().size();
        ForwardBatcher<NetworkReplica> batcher = new ForwardBatcher<>(id, replicas, settings.batching(), listener,
                replica -> {
                    if (settings.foldBatchNorm()) {
                        replica.foldBatchNorm(inputSize);
                    }
                    warmUp(replica, inputSize, labels);
                });
        // Charged for the networks as they serve, after the fold, which shrinks a pass's activations.
        long bytes = replicas.stream()
                .mapToLong(replica -> replica.memoryEstimate(inputSize, settings.batching().maxViews())).sum();
        return new ServedModel(id, manifest, batcher, denseRefusal, bytes);
    }

    /** Why {@code network} cannot be evaluated densely, or null if it can. */
    private static String denseRefusal(ComputationGraph network, int inputSize) {
        try {
            DenseEvaluator.of(network, inputSize);
            return null;
        } catch (DenseUnsupportedException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "its graph could not be analysed (" + e + ")";
        }
    }

    private static void warmUp(NetworkReplica replica, int inputSize, int labels) {
        for (int batch : new int[] {1, WARM_UP_BATCH}) {
            try (INDArray input = Nd4j.rand(DataType.FLOAT, batch, inputSize, inputSize, 3);
                    INDArray output = replica.output(input)) {
                if (output.rank() != 2 || output.size(0) != batch || output.size(1) != labels) {
                    throw new IllegalStateException("the network answers shape %s for %d inputs, but the model has "
                            .formatted(Arrays.toString(output.shape()), batch) + labels + " labels");
                }
            }
        }
    }

    /** The id it was stored under (or named by, for a model that never was). */
    public String id() {
        return id;
    }

    public ModelManifest manifest() {
        return manifest;
    }

    /** Memory charged for it: every replica's parameters and a full pass's activations. */
    public long bytes() {
        return bytes;
    }

    /** Most views one pass of the engine takes. */
    public int maxViewsPerPass() {
        return batcher.maxViews();
    }

    int queuedViews() {
        return batcher.queuedViews();
    }

    /** Runs views (NHWC rows of one shape) through the network, sharing a pass with other callers; takes the views over. */
    ForwardBatcher.Forward forward(INDArray views) {
        return batcher.forward(views);
    }

    /** Why the model cannot be evaluated densely, or null if it can. */
    public String denseRefusal() {
        return denseRefusal;
    }

    /**
     * Evaluates {@code images} densely in a pass of its own, weighted as {@code cost} views in the
     * queue; takes the images over (they are closed once no pass will read them).
     */
    DenseEvaluator.Result dense(INDArray images, DenseEvaluator.Pooling pooling, int cost) {
        if (denseRefusal != null) {
            images.close();
            throw new IllegalStateException("no dense evaluation: " + denseRefusal);
        }
        return batcher.exclusive(replica -> replica.dense(images, pooling), cost, images::close);
    }

    /** Stops taking requests; those queued finish, then the replicas are freed. */
    @Override
    public void close() {
        batcher.close();
    }
}
