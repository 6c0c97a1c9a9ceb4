/**
 * API keys with scopes, checked by a Spring Security filter chain before anything else, and the loopback
 * rule for a service without keys. Imports {@code system} and {@code validation} only.
 */
package io.tenfold.security;
