package io.tenfold.transfer;

import io.tenfold.graph.GraphCuts;
import io.tenfold.transfer.TransferStrategy.Auto;
import io.tenfold.transfer.TransferStrategy.FeatureExtractor;
import io.tenfold.transfer.TransferStrategy.FineTune;
import io.tenfold.transfer.TransferStrategy.Full;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Turns a base graph and a concrete strategy into a {@link TransferPlan}: the old head replaced by
 * a softmax layer sized to the classes, everything up to the frozen boundary frozen, and each
 * trainable layer given an Adam updater of its own learning rate. The base graph is not changed.
 *
 * <p>DL4J has no learning-rate multipliers, and a {@link FineTuneConfiguration} sets one updater on
 * every layer, so the rates are written into each layer's configuration
 * ({@link BaseLayer#setIUpdater}) and the graph is rebuilt from that configuration with the same
 * parameters. Living in the configuration, they survive {@code clone()}, serialisation, and the
 * subset graph {@code TransferLearningHelper} builds (it copies the configuration).
 *
 * <p>Batch normalisation: frozen layers run in inference mode (DL4J's {@code FrozenLayer} calls
 * its layer with training off), so their running statistics are used and kept. Unfrozen batch
 * normalisation layers train as usual, normalising with batch statistics and updating the running
 * ones, at a faster decay than the pretrained network's (see {@link #TRAINED_BATCH_NORM_DECAY}): DL4J 1.0.0-M2.1 cannot keep an unfrozen one in inference mode, because its backward pass
 * always assumes batch statistics ({@code layers.normalization.BatchNormalization#backpropGradient}),
 * and freezing it in place would make {@code TransferLearningHelper} freeze everything below it.
 * Fine-tuning therefore wants batches of a reasonable size (16 or more); with very little data the
 * auto rule keeps the backbone frozen anyway.
 */
public final class TransferPlanner {

    /**
     * Running-statistics decay of batch norms that train. Keras's MobileNetV2 uses 0.999, made for
     * ImageNet's hundreds of thousands of steps: in a fine-tuning job of a few hundred steps the
     * running statistics would barely leave ImageNet's, while the layers above learn on the new
     * data's batch statistics, so evaluation would see other activations than training did. 0.9
     * (PyTorch's momentum 0.1) follows the new data within a few dozen steps.
     */
    static final double TRAINED_BATCH_NORM_DECAY = 0.9;

    /** Applies a concrete strategy (resolve {@link Auto} first). */
    public TransferPlan plan(ComputationGraph base, BaseModel model, int numClasses, TransferStrategy strategy,
            PlanOptions options) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least two classes");
        }
        if (strategy instanceof Auto) {
            throw new IllegalArgumentException("resolve the auto strategy before planning");
        }
        strategy.validateFor(model);
        ComputationGraphConfiguration baseConf = base.getConfiguration();
        String feature = model.featureVertex();
        if (!baseConf.getVertices().containsKey(feature)) {
            throw new IllegalArgumentException(model.name() + ": base graph has no vertex " + feature);
        }
        List<Block> blocks = model.blocks();
        checkBlocks(baseConf, model);

        int unfrozen;
        LearningRateMultipliers multipliers;
        String boundary;
        if (strategy instanceof FeatureExtractor) {
            unfrozen = 0;
            multipliers = LearningRateMultipliers.UNIFORM;
            boundary = feature;
        } else if (strategy instanceof FineTune fineTune) {
            unfrozen = fineTune.unfreezeBlocks();
            multipliers = fineTune.learningRateMultipliers();
            boundary = unfrozen < blocks.size() ? blocks.get(unfrozen).output() : null;
        } else if (strategy instanceof Full full) {
            unfrozen = blocks.size();
            multipliers = full.learningRateMultipliers();
            boundary = null;
        } else {
            throw new IllegalArgumentException("unsupported strategy " + strategy);
        }

        ComputationGraph edited = replaceHead(base, model, numClasses, boundary, options);
        Map<String, Double> rates = learningRates(edited.getConfiguration(), blocks, unfrozen, boundary,
                multipliers, options.learningRate());
        ComputationGraph graph = withUpdaters(edited, rates);
        return new TransferPlan(strategy, graph, boundary, rates,
                describe(strategy, blocks, unfrozen, boundary, multipliers, options.learningRate()));
    }

    private static ComputationGraph replaceHead(ComputationGraph base, BaseModel model, int numClasses,
            String boundary, PlanOptions options) {
        String feature = model.featureVertex();
        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(new Adam(options.learningRate()))
                .seed(options.seed())
                .build();
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(base.clone())
                .fineTuneConfiguration(fineTune);
        if (boundary != null) {
            builder.setFeatureExtractor(boundary);
        }
        for (String vertex : GraphCuts.after(base.getConfiguration(), feature)) {
            builder.removeVertexAndConnections(vertex);
        }
        InputType features = featureType(base, model);
        String headInput = feature;
        long featureSize = features.arrayElementsPerExample();
        if (features instanceof InputType.InputTypeConvolutional map) {
            // A feature map (a cut inside the backbone): pooled to one vector of its channels, as
            // MobileNetV2's own head pools, so the head is the same at every input size.
            int[] spatial = map.getFormat() == CNN2DFormat.NHWC ? new int[] {1, 2} : new int[] {2, 3};
            builder.addLayer(TransferPlan.HEAD_POOL, new GlobalPoolingLayer.Builder(PoolingType.AVG)
                    .poolingDimensions(spatial).build(), feature);
            headInput = TransferPlan.HEAD_POOL;
            featureSize = map.getChannels();
        }
        return builder
                .addLayer(TransferPlan.HEAD, new OutputLayer.Builder(LossFunction.MCXENT)
                        .nIn(featureSize)
                        .nOut(numClasses)
                        .activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER)
                        .build(), headInput)
                .setOutputs(TransferPlan.HEAD)
                .build();
    }

    /**
     * The rate of each trainable layer with parameters: the head tier above the top block, then
     * the unfrozen blocks, the upper half (rounded up) at {@code top}, the rest at {@code deeper}.
     */
    private static Map<String, Double> learningRates(ComputationGraphConfiguration conf, List<Block> blocks,
            int unfrozen, String boundary, LearningRateMultipliers m, double learningRate) {
        Set<String> frozen = boundary == null ? Set.of() : GraphCuts.upTo(conf, boundary);
        List<Set<String>> upToBlock = new ArrayList<>();
        for (Block block : blocks) {
            upToBlock.add(GraphCuts.upTo(conf, block.output()));
        }
        int topBlocks = (unfrozen + 1) / 2;
        Map<String, Double> rates = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            String name = e.getKey();
            if (frozen.contains(name) || !hasTrainableParameters(e.getValue())) {
                continue;
            }
            int block = blockOf(name, upToBlock);
            double multiplier = block < 0 ? m.head() : block < topBlocks ? m.top() : m.deeper();
            rates.put(name, learningRate * multiplier);
        }
        return rates;
    }

    /** The index of the block {@code vertex} lies in, or -1 above the top block. */
    private static int blockOf(String vertex, List<Set<String>> upToBlock) {
        int found = -1;
        for (int i = 0; i < upToBlock.size() && upToBlock.get(i).contains(vertex); i++) {
            found = i;
        }
        return found;
    }

    private static boolean hasTrainableParameters(GraphVertex vertex) {
        return vertex instanceof LayerVertex layer
                && layer.getLayerConf().getLayer() instanceof BaseLayer base
                && base.initializer().numParams(base) > 0;
    }

    /**
     * Rebuilds the graph with each listed layer's own Adam updater, keeping every parameter, and
     * without the do-nothing dropout DL4J's Keras import puts on every layer (retain probability
     * 1): in training, its backward pass through an NHWC convolution fails ("Op [multiply]
     * execution failed" in {@code Dropout.backprop}).
     */
    static ComputationGraph withUpdaters(ComputationGraph graph, Map<String, Double> rates) {
        ComputationGraphConfiguration conf = graph.getConfiguration().clone();
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layerVertex
                    && layerVertex.getLayerConf().getLayer().getIDropout() instanceof Dropout dropout
                    && dropout.getP() == 1.0 && dropout.getPSchedule() == null) {
                layerVertex.getLayerConf().getLayer().setIDropout(null);
            }
        }
        rates.forEach((name, rate) -> {
            BaseLayer layer = (BaseLayer) ((LayerVertex) conf.getVertices().get(name)).getLayerConf().getLayer();
            layer.setIUpdater(new Adam(rate));
            layer.setBiasUpdater(null);
            if (layer instanceof BatchNormalization norm && norm.getDecay() > TRAINED_BATCH_NORM_DECAY) {
                norm.setDecay(TRAINED_BATCH_NORM_DECAY);
            }
        });
        ComputationGraph rebuilt = new ComputationGraph(conf);
        rebuilt.init(graph.params(), true);
        return rebuilt;
    }

    private static void checkBlocks(ComputationGraphConfiguration conf, BaseModel model) {
        Set<String> belowFeature = GraphCuts.upTo(conf, model.featureVertex());
        for (Block block : model.blocks()) {
            if (!belowFeature.contains(block.output()) || !GraphCuts.isCut(conf, block.output())) {
                throw new IllegalStateException(model.name() + ": block " + block.name() + " ends at "
                        + block.output() + ", which is not a vertex that cuts the graph below "
                        + model.featureVertex());
            }
        }
    }

    private static InputType featureType(ComputationGraph base, BaseModel model) {
        int size = model.preprocessing().inputSize();
        Map<String, InputType> types = base.getConfiguration()
                .getLayerActivationTypes(InputType.convolutional(size, size, 3, CNN2DFormat.NHWC));
        return types.get(model.featureVertex());
    }

    private static String describe(TransferStrategy strategy, List<Block> blocks, int unfrozen, String boundary,
            LearningRateMultipliers m, double learningRate) {
        StringBuilder s = new StringBuilder(strategy.name()).append(": ");
        if (boundary == null) {
            s.append("every layer trains");
        } else if (unfrozen == 0) {
            s.append("the backbone is frozen up to ").append(boundary);
        } else {
            s.append("frozen up to ").append(boundary).append(" (").append(blocks.size() - unfrozen)
                    .append(" of ").append(blocks.size()).append(" blocks)");
        }
        s.append("; head at ").append(learningRate * m.head());
        int topBlocks = (unfrozen + 1) / 2;
        if (topBlocks > 0) {
            s.append(", ").append(names(blocks.subList(0, topBlocks))).append(" at ").append(learningRate * m.top());
        }
        if (unfrozen > topBlocks) {
            s.append(", ").append(names(blocks.subList(topBlocks, unfrozen))).append(" at ")
                    .append(learningRate * m.deeper());
        }
        return s.toString();
    }

    private static String names(List<Block> blocks) {
        return blocks.size() <= 3
                ? String.join(", ", blocks.stream().map(Block::name).toList())
                : blocks.get(0).name() + " .. " + blocks.get(blocks.size() - 1).name() + " (" + blocks.size()
                        + " blocks)";
    }
}
