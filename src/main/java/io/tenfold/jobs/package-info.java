/**
 * Training jobs: the spec with its defaults, the jobs table that is also the queue (claim, lease,
 * heartbeat, lease-fenced writes), the job service and the HTTP API with its event streams. May import
 * the core, {@code system} and {@code dataset}.
 */
package io.tenfold.jobs;
