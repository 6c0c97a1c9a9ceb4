package io.tenfold.graph;

import io.tenfold.graph.GraphCuts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Dense (fully convolutional) evaluation of a classifier whose head sits on one average or max
 * pooling of the last feature map, as MobileNetV2's does (out_relu, 7x7 average pooling, flatten,
 * head) and ResNet's and SqueezeNet's do.
 *
 * <p>Such a network is a convolutional trunk, a pooling over a window of the trunk's feature map
 * (7x7 cells at a 224 input), and a head that sees only the pooled vector. On a larger image the
 * trunk yields a larger map; pooling every window position of the map, one cell apart, and applying
 * the head to each pooled vector gives what the network would answer for a crop at every position,
 * one cell (32 pixels for MobileNetV2) apart: the class map of the network with its pooling and
 * head turned into convolutions. The head runs as DL4J's own vertices on pooled vectors shaped
 * exactly as the pooling would have produced them, so any chain of layers after the pooling
 * works. The difference to real crops: the trunk sees the neighbourhood beyond a window's edge,
 * where a crop sees zero padding.
 *
 * <p>{@link #of} refuses a network where this is not exact: more than one input or output, no
 * average or max pooling between the output and the trunk, a pooling that leaves more than one
 * cell at the input size (the head would depend on position), padding in the pooling, or a vertex
 * after the pooling that takes several inputs. Not thread-safe, like the graph itself.
 */
public final class DenseEvaluator {

    /** A window of the feature map, in cells. */
    public record Window(int rows, int cols) {

        public Window {
            if (rows <= 0 || cols <= 0) {
                throw new IllegalArgumentException("a window needs at least one cell");
            }
        }
    }

    /** Which windows of the feature map the head sees. */
    public enum Pooling {
        /** The window the head was trained on, slid one cell at a time: a class map. */
        TRAINED_WINDOW,
        /** The whole map at once: one pooled vector per image. */
        WHOLE_MAP;

        /** The window on a map of {@code rows} x {@code cols} cells for a head trained on {@code trained}. */
        public Window window(Window trained, int rows, int cols) {
            return this == TRAINED_WINDOW ? trained : new Window(rows, cols);
        }
    }

    /**
     * The feature map of one evaluation ({@code mapRows} x {@code mapCols} cells of
     * {@code cellPixels} input pixels) and the window slid over it; positions are numbered row by row.
     */
    public record Grid(int mapRows, int mapCols, Window window, double cellPixels) {

        public int rows() {
            return mapRows - window.rows() + 1;
        }

        public int cols() {
            return mapCols - window.cols() + 1;
        }

        public int positions() {
            return rows() * cols();
        }

        /** E.g. {@code window 32,0 224x224 @256}: the input pixels a position's window covers, roughly. */
        public String describe(int position, int scale) {
            int row = position / cols();
            int col = position % cols();
            return "window %d,%d %dx%d @%d".formatted(Math.round(col * cellPixels), Math.round(row * cellPixels),
                    Math.round(window.cols() * cellPixels), Math.round(window.rows() * cellPixels), scale);
        }
    }

    /** The class probabilities {@code [image][position][class]} of one evaluation, and its grid. */
    public record Result(Grid grid, float[][][] probabilities) {
    }

    private final ComputationGraph graph;
    private final String trunk;
    private final List<String> head;
    private final Window trained;
    private final PoolingType pooling;
    private final CNN2DFormat format;
    private final InputType pooledType;
    private final double cellPixels;
    private ComputationGraph trunkGraph;

    private DenseEvaluator(ComputationGraph graph, String trunk, List<String> head, Window trained,
            PoolingType pooling, CNN2DFormat format, InputType pooledType, double cellPixels) {
        this.graph = graph;
        this.trunk = trunk;
        this.head = List.copyOf(head);
        this.trained = trained;
        this.pooling = pooling;
        this.format = format;
        this.pooledType = pooledType;
        this.cellPixels = cellPixels;
    }

    /**
     * Analyses a network that takes {@code inputSize} square NHWC RGB images.
     *
     * @throws DenseUnsupportedException saying why the network cannot be evaluated densely
     */
    public static DenseEvaluator of(ComputationGraph graph, int inputSize) {
        ComputationGraphConfiguration conf = graph.getConfiguration();
        if (conf.getNetworkInputs().size() != 1 || conf.getNetworkOutputs().size() != 1) {
            throw new DenseUnsupportedException("it has %d inputs and %d outputs, not one of each"
                    .formatted(conf.getNetworkInputs().size(), conf.getNetworkOutputs().size()));
        }
        Map<String, InputType> types;
        try {
            types = conf.getLayerActivationTypes(InputType.convolutional(inputSize, inputSize, 3, CNN2DFormat.NHWC));
        } catch (RuntimeException e) {
            throw new DenseUnsupportedException("its shapes cannot be inferred for a %dx%d input: %s"
                    .formatted(inputSize, inputSize, e.getMessage()));
        }
        Map<String, List<String>> inputs = conf.getVertexInputs();
        List<String> head = new ArrayList<>();
        String vertex = conf.getNetworkOutputs().get(0);
        Layer layer = Vertices.layerOf(conf.getVertices().get(vertex));
        while (!(layer instanceof SubsamplingLayer || layer instanceof GlobalPoolingLayer)) {
            List<String> in = inputs.get(vertex);
            if (in == null || in.size() != 1) {
                throw new DenseUnsupportedException("vertex '%s' after the last pooling takes %d inputs"
                        .formatted(vertex, in == null ? 0 : in.size()));
            }
            GraphVertex headVertex = Vertices.unfrozen(conf.getVertices().get(vertex));
            if (!(headVertex instanceof LayerVertex || headVertex instanceof PreprocessorVertex)) {
                throw new DenseUnsupportedException("vertex '%s' after the last pooling is a %s, not a layer"
                        .formatted(vertex, headVertex.getClass().getSimpleName()));
            }
            head.add(0, vertex);
            vertex = in.get(0);
            if (conf.getNetworkInputs().contains(vertex)) {
                throw new DenseUnsupportedException("no average or max pooling lies between its input and its output");
            }
            layer = Vertices.layerOf(conf.getVertices().get(vertex));
        }
        String pool = vertex;
        List<String> poolInputs = inputs.get(pool);
        if (poolInputs == null || poolInputs.size() != 1 || conf.getNetworkInputs().contains(poolInputs.get(0))) {
            throw new DenseUnsupportedException("its pooling '%s' does not follow a convolutional trunk".formatted(pool));
        }
        if (Vertices.unfrozen(conf.getVertices().get(pool)) instanceof LayerVertex lv && lv.getPreProcessor() != null) {
            throw new DenseUnsupportedException("its pooling '%s' reshapes its input first".formatted(pool));
        }
        String trunk = poolInputs.get(0);
        if (!(types.get(trunk) instanceof InputType.InputTypeConvolutional map)) {
            throw new DenseUnsupportedException("the input of its pooling '%s' is not a 2-D feature map".formatted(pool));
        }
        Window trained;
        PoolingType type;
        if (layer instanceof SubsamplingLayer s) {
            type = s.getPoolingType();
            InputType out = types.get(pool);
            if (!(out instanceof InputType.InputTypeConvolutional c) || c.getHeight() != 1 || c.getWidth() != 1) {
                throw new DenseUnsupportedException(("its pooling '%s' leaves more than one cell (%s) at its %dx%d input "
                        + "size, so its head depends on position").formatted(pool, out, inputSize, inputSize));
            }
            if (s.getPadding()[0] != 0 || s.getPadding()[1] != 0 || s.getDilation()[0] != 1 || s.getDilation()[1] != 1) {
                throw new DenseUnsupportedException("its pooling '%s' pads or dilates".formatted(pool));
            }
            trained = new Window(s.getKernelSize()[0], s.getKernelSize()[1]);
        } else {
            type = ((GlobalPoolingLayer) layer).getPoolingType();
            trained = new Window((int) map.getHeight(), (int) map.getWidth());
        }
        if (type != PoolingType.AVG && type != PoolingType.MAX) {
            throw new DenseUnsupportedException("its pooling '%s' is %s, not average or max".formatted(pool, type));
        }
        return new DenseEvaluator(graph, trunk, head, trained, type, map.getFormat(), types.get(pool),
                (double) inputSize / map.getHeight());
    }

    /** The window the head was trained on, in cells. */
    public Window trainedWindow() {
        return trained;
    }

    /**
     * Runs the trunk once over {@code images} (NHWC, all of one size, normalised as for the network)
     * and the head on every window {@code pooling} gives; returns each image's per-position probabilities.
     */
    public Result evaluate(INDArray images, Pooling pooling) {
        INDArray map = trunkGraph().outputSingle(false, images);
        if (format == CNN2DFormat.NCHW) {
            map = map.permute(0, 2, 3, 1);
        }
        int n = (int) map.size(0);
        int mapRows = (int) map.size(1);
        int mapCols = (int) map.size(2);
        int channels = (int) map.size(3);
        Window window = pooling.window(trained, mapRows, mapCols);
        if (window.rows() > mapRows || window.cols() > mapCols) {
            throw new IllegalArgumentException("the %dx%d feature map is smaller than the %dx%d window: the image is "
                    .formatted(mapRows, mapCols, window.rows(), window.cols()) + "smaller than the model's input");
        }
        Grid grid = new Grid(mapRows, mapCols, window, cellPixels);
        INDArray pooled = pool(map, window, grid.rows(), grid.cols());
        int positions = grid.positions();
        INDArray x = pooled.dup('c').reshape('c', (long) n * positions, channels);
        x = shapedAsPooled(x);
        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
        for (String name : head) {
            // The vertex's own preprocessor and layer, applied as its doForward would; a vertex's
            // setInput cannot be used alone, as it reads the batch size from the graph's input.
            GraphVertex vertex = Vertices.unfrozen(graph.getConfiguration().getVertices().get(name));
            InputPreProcessor preprocessor = vertex instanceof LayerVertex lv ? lv.getPreProcessor()
                    : ((PreprocessorVertex) vertex).getPreProcessor();
            if (preprocessor != null) {
                x = preprocessor.preProcess(x, (int) x.size(0), workspaces);
            }
            if (vertex instanceof LayerVertex) {
                org.deeplearning4j.nn.api.Layer layer = graph.getLayer(name);
                try {
                    x = layer.activate(x, false, workspaces);
                } finally {
                    layer.clear();
                }
            }
        }
        if (x.rank() != 2 || x.size(0) != (long) n * positions) {
            throw new IllegalStateException("the head gave shape %s for %d pooled vectors"
                    .formatted(java.util.Arrays.toString(x.shape()), n * positions));
        }
        float[][] rows = x.toFloatMatrix();
        float[][][] out = new float[n][positions][];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < positions; p++) {
                out[i][p] = rows[i * positions + p];
            }
        }
        return new Result(grid, out);
    }

    /**
     * The network up to the trunk's feature map, sharing nothing with it but parameter values; built
     * on first use. (DL4J's output of a named inner vertex, {@code output(List, ...)}, leaves a
     * workspace open on some graphs, which breaks every later pass on the thread; the graph's
     * ordinary output path does not.)
     */
    private ComputationGraph trunkGraph() {
        if (trunkGraph == null) {
            trunkGraph = GraphCuts.truncatedAt(graph, trunk);
        }
        return trunkGraph;
    }

    /** [n, rows, cols, C] NHWC map to [n, outRows, outCols, C] pooled windows, one cell apart (separably). */
    private INDArray pool(INDArray map, Window window, int outRows, int outCols) {
        INDArray alongRows = null;
        for (int d = 0; d < window.rows(); d++) {
            INDArray slice = map.get(NDArrayIndex.all(), NDArrayIndex.interval(d, d + outRows), NDArrayIndex.all(),
                    NDArrayIndex.all());
            alongRows = combine(alongRows, slice);
        }
        INDArray both = null;
        for (int d = 0; d < window.cols(); d++) {
            INDArray slice = alongRows.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(d, d + outCols),
                    NDArrayIndex.all());
            both = combine(both, slice);
        }
        return pooling == PoolingType.AVG ? both.divi(window.rows() * window.cols()) : both;
    }

    private INDArray combine(INDArray acc, INDArray slice) {
        if (acc == null) {
            return slice.dup('c');
        }
        return pooling == PoolingType.AVG ? acc.addi(slice) : Transforms.max(acc, slice, false);
    }

    /** Pooled vectors [m, C] shaped as the pooling vertex outputs them for one window. */
    private INDArray shapedAsPooled(INDArray vectors) {
        long m = vectors.size(0);
        long c = vectors.size(1);
        if (pooledType instanceof InputType.InputTypeConvolutional conv) {
            return conv.getFormat() == CNN2DFormat.NCHW ? vectors.reshape('c', m, c, 1, 1) : vectors.reshape('c', m, 1, 1, c);
        }
        return vectors;
    }
}
