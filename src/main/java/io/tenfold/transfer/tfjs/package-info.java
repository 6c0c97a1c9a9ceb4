/**
 * The TensorFlow.js layers-format importer behind the shipped base model: topology, quantized weights,
 * the Keras import. Reached only through {@code transfer}'s catalogue. Spring-free; imports no other
 * Tenfold package.
 */
package io.tenfold.transfer.tfjs;
