/**
 * Trained models: their rows, versions and aliases, their artifacts in the store, and their HTTP API
 * (everything but classification). May import the core, {@code storage} and {@code system}; no other feature.
 */
package io.tenfold.models;
