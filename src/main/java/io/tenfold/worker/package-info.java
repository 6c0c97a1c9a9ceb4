/**
 * The worker: the loop that claims jobs, heartbeats and watches for cancels, and the runner that plans
 * a job ({@code TrainingJobPlan}), trains it with the core and stores its model and checkpoints. May import
 * anything below it; nothing imports it.
 */
package io.tenfold.worker;
