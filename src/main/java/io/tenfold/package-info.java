/**
 * The application: the Spring Boot entry point. Everything else lives in the feature and core packages below it.
 */
package io.tenfold;
