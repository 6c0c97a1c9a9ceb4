/**
 * Deeplearning4j graph surgery shared by training and serving: cuts at a vertex, batch-norm folding,
 * dense (fully convolutional) evaluation, memory estimates, and {@link io.tenfold.graph.Vertices}, the one
 * place that looks through frozen wrappers. Spring-free; imports no other Tenfold package.
 */
package io.tenfold.graph;
