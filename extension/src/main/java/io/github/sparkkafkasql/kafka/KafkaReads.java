package io.github.sparkkafkasql.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import org.apache.spark.sql.sources.BaseRelation;

/**
 * The batch relations that {@code read_kafka} created, with the options they were created from, so
 * that the optimizer can narrow their offsets. Keyed by identity (Spark's Kafka relation does not
 * override equals) and weakly, so a relation is forgotten with its plan.
 */
public final class KafkaReads {

  private static final Map<BaseRelation, ReadKafkaSource> SOURCES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private KafkaReads() {}

  public static void register(BaseRelation relation, ReadKafkaSource source) {
    SOURCES.put(relation, source);
  }

  /** The read_kafka call behind a relation, if it came from a batch read_kafka. */
  public static Optional<ReadKafkaSource> lookup(BaseRelation relation) {
    return Optional.ofNullable(SOURCES.get(relation));
  }
}
