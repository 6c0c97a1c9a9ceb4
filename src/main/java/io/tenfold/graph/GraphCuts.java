package io.tenfold.graph;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;

/** Reachability questions about a graph's configuration: what a vertex depends on, and cuts. */
public final class GraphCuts {

    private GraphCuts() {
    }

    /** {@code vertex} and every vertex it (transitively) takes input from, network inputs included. */
    public static Set<String> upTo(ComputationGraphConfiguration conf, String vertex) {
        Map<String, List<String>> inputs = conf.getVertexInputs();
        Set<String> needed = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(vertex));
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (needed.add(v)) {
                todo.addAll(inputs.getOrDefault(v, List.of()));
            }
        }
        return needed;
    }

    /**
     * A copy of the graph up to {@code vertex}, with it as the output, sharing only parameter values
     * with {@code graph}. (DL4J's output of a named inner vertex, {@code output(List, ...)}, leaves a
     * workspace open on the thread on some graphs, which breaks every later pass there; a graph's
     * ordinary output path does not.)
     */
    public static ComputationGraph truncatedAt(ComputationGraph graph, String vertex) {
        Set<String> needed = upTo(graph.getConfiguration(), vertex);
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(graph);
        for (String name : graph.getConfiguration().getVertices().keySet()) {
            if (!needed.contains(name)) {
                builder.removeVertexAndConnections(name);
            }
        }
        return builder.setOutputs(vertex).build();
    }

    /** Every vertex that is not needed to compute {@code vertex}. */
    public static Set<String> after(ComputationGraphConfiguration conf, String vertex) {
        Set<String> after = new HashSet<>(conf.getVertices().keySet());
        after.addAll(conf.getNetworkInputs());
        after.removeAll(upTo(conf, vertex));
        return after;
    }

    /**
     * Whether {@code vertex} cuts the graph: no vertex outside {@link #upTo} reads any vertex
     * inside it except {@code vertex} itself. Only then can the part up to it be computed once
     * and the rest trained on its single output (a residual block's inner vertex is not a cut:
     * its shortcut bypasses it).
     */
    public static boolean isCut(ComputationGraphConfiguration conf, String vertex) {
        if (!conf.getVertices().containsKey(vertex) && !conf.getNetworkInputs().contains(vertex)) {
            return false;
        }
        Set<String> below = upTo(conf, vertex);
        for (Map.Entry<String, List<String>> e : conf.getVertexInputs().entrySet()) {
            if (below.contains(e.getKey())) {
                continue;
            }
            for (String input : e.getValue()) {
                if (!input.equals(vertex) && below.contains(input)) {
                    return false;
                }
            }
        }
        return true;
    }
}
