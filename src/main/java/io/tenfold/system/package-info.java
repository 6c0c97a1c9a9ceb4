/**
 * Spring infrastructure every feature shares: configuration of the ND4J backend, storage and the
 * deep-learning beans, the problem+json advice (where errors are mapped to statuses, once), paging,
 * OpenAPI, roles. May import the core and {@code storage}; never a feature package.
 */
package io.tenfold.system;
