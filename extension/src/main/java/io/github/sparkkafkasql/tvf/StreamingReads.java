package io.github.sparkkafkasql.tvf;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Where {@code FROM STREAM read_kafka(…)} may be analyzed: inside a streaming table's definition
 * (set by the streaming-table commands for the duration of their analysis), or anywhere when
 * {@value #ALLOW_CONF} is true for DataFrame code that starts its own streaming query.
 */
public final class StreamingReads {

  /** Lets DataFrame code use {@code STREAM read_kafka(…)} in {@code spark.sql(…).writeStream}. */
  public static final String ALLOW_CONF = "spark.kafkaSql.allowStreamingReads";

  /** Null outside a streaming table; else whether the stream starts fresh (no checkpoint). */
  private static final ThreadLocal<Boolean> IN_STREAMING_TABLE = new ThreadLocal<>();

  /** Analyses of streaming table definitions in this JVM (each checks Kafka as it resolves). */
  private static final AtomicLong ANALYSES = new AtomicLong();

  private StreamingReads() {}

  /** How many times a streaming table's definition was analysed in this JVM, for tests. */
  public static long analyses() {
    return ANALYSES.get();
  }

  /**
   * Runs {@code body} as the analysis of a streaming table's definition; {@code freshStart} when no
   * checkpoint exists yet, so the starting options will be used.
   */
  public static <T> T forStreamingTable(boolean freshStart, Supplier<T> body) {
    ANALYSES.incrementAndGet();
    Boolean previous = IN_STREAMING_TABLE.get();
    IN_STREAMING_TABLE.set(freshStart);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        IN_STREAMING_TABLE.remove();
      } else {
        IN_STREAMING_TABLE.set(previous);
      }
    }
  }

  static boolean inStreamingTable() {
    return IN_STREAMING_TABLE.get() != null;
  }

  /**
   * Whether a streaming read will use its starting options: outside streaming tables always (a
   * DataFrame query may start fresh), inside only before the table's first checkpoint.
   */
  static boolean startsFresh() {
    Boolean fresh = IN_STREAMING_TABLE.get();
    return fresh == null || fresh;
  }
}
