/**
 * The object-store port and its adapters (local files, S3), and artifacts: data first, then a manifest of
 * sizes and SHA-256, verified on every read. Imports no other Tenfold package.
 */
package io.tenfold.storage;
