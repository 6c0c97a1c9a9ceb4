/**
 * Classification over HTTP: resolves the model a request names, hands the images to the core's
 * {@code Predictor}, records latencies; wires the model cache from {@code tenfold.inference.*}. May
 * import the core, {@code system} and {@code models}.
 */
package io.tenfold.classify;
