package io.tenfold.training;

import io.tenfold.graph.GraphCuts;
import io.tenfold.training.BatchPipeline.Batch;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The frozen part of a graph, below and including its boundary vertex, as a feature extractor:
 * the boundary's activations for batches of images. A copy of the graph cut at the boundary runs
 * them (built on first use), so the activations are what the frozen part computes in the graph.
 */
final class FrozenFeatures {

    private final ComputationGraph graph;
    private final String boundary;
    private ComputationGraph belowBoundary;

    FrozenFeatures(ComputationGraph graph, String boundary) {
        this.graph = graph;
        this.boundary = boundary;
    }

    /** The boundary's activations for a batch of NHWC images. */
    INDArray of(INDArray images) {
        if (belowBoundary == null) {
            belowBoundary = GraphCuts.truncatedAt(graph, boundary);
        }
        return belowBoundary.outputSingle(false, images);
    }

    /** The boundary's activations for one pass over the pipeline's examples, in their order. */
    Featurized featurize(BatchPipeline pipeline, long round, Progress progress, TrainingListener listener) {
        List<INDArray> features = new ArrayList<>();
        List<INDArray> labels = new ArrayList<>();
        try (BatchPipeline.Pass pass = pipeline.pass(round)) {
            double waited = 0;
            while (pass.hasNext()) {
                if (listener.stopRequested()) {
                    throw new TrainingCancelledException();
                }
                Batch batch = pass.next();
                features.add(of(batch.features()));
                labels.add(batch.labels());
                progress.advance(batch.indices().length, pass.waitSeconds() - waited);
                waited = pass.waitSeconds();
            }
        }
        return new Featurized(Nd4j.concat(0, features.toArray(INDArray[]::new)),
                Nd4j.concat(0, labels.toArray(INDArray[]::new)));
    }

    /** Reports featurizing progress: images done, their rate and the share of time spent waiting for them. */
    static final class Progress {

        private final int total;
        private final TrainingListener listener;
        private final long start = System.nanoTime();
        private int done;
        private double waitSeconds;

        Progress(int total, TrainingListener listener) {
            this.total = total;
            this.listener = listener;
        }

        void advance(int images, double waitedSeconds) {
            done += images;
            waitSeconds += waitedSeconds;
            double elapsed = (System.nanoTime() - start) / 1e9;
            listener.onFeaturized(done, total, done / elapsed, waitSeconds / elapsed);
        }
    }
}
