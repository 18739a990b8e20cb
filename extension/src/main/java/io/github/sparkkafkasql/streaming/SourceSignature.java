package io.github.sparkkafkasql.streaming;

import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.streaming.StreamingRelationV2;
import org.apache.spark.sql.execution.streaming.runtime.StreamingRelation;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a streaming query reads: each source's kind and options. A checkpoint's offsets belong to
 * its sources, so a definition whose sources change cannot keep the table's checkpoint.
 */
final class SourceSignature {

  /**
   * Options that only matter before the first checkpoint, or only tune the read. ({@code
   * includeHeaders} adds a column, which the table's schema check judges; the positions hold.)
   */
  private static final Set<String> IGNORED =
      Stream.of(
              ReadKafkaOptions.STARTING_OFFSETS,
              ReadKafkaOptions.STARTING_TIMESTAMP,
              ReadKafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP,
              ReadKafkaOptions.STARTING_OFFSETS_BY_TIMESTAMP_STRATEGY,
              ReadKafkaOptions.MAX_OFFSETS_PER_TRIGGER,
              ReadKafkaOptions.MIN_OFFSETS_PER_TRIGGER,
              ReadKafkaOptions.MAX_TRIGGER_DELAY,
              ReadKafkaOptions.MIN_PARTITIONS,
              ReadKafkaOptions.MAX_RECORDS_PER_PARTITION,
              ReadKafkaOptions.FAIL_ON_DATA_LOSS,
              ReadKafkaOptions.COMMIT_OFFSETS,
              ReadKafkaOptions.GROUP_ID_PREFIX,
              ReadKafkaOptions.INCLUDE_HEADERS,
              ReadKafkaOptions.POLL_TIMEOUT_MS,
              ReadKafkaOptions.FETCH_OFFSET_NUM_RETRIES,
              ReadKafkaOptions.FETCH_OFFSET_RETRY_INTERVAL_MS)
          .map(o -> o.sparkKey().toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * Of the Kafka client's own settings ({@code kafka.*}), only the brokers name what is read. The
   * rest tune or secure the connection (fetch sizes and waits, timeouts, TLS and SASL settings,
   * many of which a refresh or the connect timeout derives unless the definition sets them), and
   * the table's positions hold whatever they are.
   */
  private static final String KAFKA_PREFIX = ReadKafkaOptions.KAFKA_PREFIX;

  private static final String BROKERS = ReadKafkaOptions.BOOTSTRAP_SERVERS.sparkKey();

  private SourceSignature() {}

  static List<String> of(Dataset<Row> df) {
    LogicalPlan plan = ((org.apache.spark.sql.classic.Dataset<Row>) df).queryExecution().analyzed();
    List<String> sources = new ArrayList<>();
    for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
      if (leaf instanceof StreamingRelationV2 v2) {
        sources.add(v2.sourceName() + " " + relevant(v2.extraOptions().asCaseSensitiveMap()));
      } else if (leaf instanceof StreamingRelation v1) {
        var ds = v1.dataSource();
        String table =
            ds.catalogTable().isDefined()
                ? ds.catalogTable().get().identifier().unquotedString()
                : "";
        sources.add(
            v1.sourceName()
                + " "
                + table
                + " "
                + relevant(CollectionConverters.asJava(ds.options())));
      }
    }
    sources.sort(null);
    return sources;
  }

  private static TreeMap<String, String> relevant(java.util.Map<String, String> options) {
    TreeMap<String, String> kept = new TreeMap<>();
    options.forEach(
        (k, v) -> {
          String key = k.toLowerCase(Locale.ROOT);
          boolean clientSetting = key.startsWith(KAFKA_PREFIX) && !key.equals(BROKERS);
          if (!IGNORED.contains(key)
              && !clientSetting
              && !key.contains("password")
              && !key.contains("jaas")) {
            kept.put(key, v);
          }
        });
    return kept;
  }
}
