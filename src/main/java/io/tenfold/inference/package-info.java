/**
 * Serving without HTTP: {@code Predictor} (classify images with a served model and options),
 * {@code ClassificationTranslator} (the only code that knows what a TTA policy means), {@code ServedModel}
 * and its engine ({@code ForwardBatcher} over network replicas), and the {@code ModelCache}. Spring-free;
 * imports {@code image}, {@code graph}, {@code tta} and {@code validation}, never {@code training}.
 */
package io.tenfold.inference;
