package io.github.sparkkafkasql.streaming;

import java.time.Instant;

/**
 * A refresh the scheduler starts: the fire time it stands for, and whether it catches up on fire
 * times that passed while no scheduler ran.
 */
public record ScheduledRun(Instant scheduledFor, boolean catchUp) {}
