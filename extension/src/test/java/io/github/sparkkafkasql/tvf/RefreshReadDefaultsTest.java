package io.github.sparkkafkasql.tvf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal$;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The batch bound, the split and the fetch sizes a refresh reads Kafka with by default. Needs no
 * Spark session.
 */
class RefreshReadDefaultsTest {

  private static Map<String, String> defaults(Map<String, String> given, int cores, int parts) {
    Map<String, String> options = new HashMap<>(given);
    RefreshReadDefaults.add(options, cores, parts);
    return options;
  }

  @Test
  void aBacklogIsReadInBatchesOfRecordsPerCoreTimesCores() {
    assertThat(defaults(Map.of(), 2, 3)).containsEntry("maxOffsetsPerTrigger", "10000000");
    assertThat(defaults(Map.of("maxOffsetsPerTrigger", "30"), 2, 3))
        .containsEntry("maxOffsetsPerTrigger", "30");
  }

  @Test
  void tasksAreAMultipleOfTheKafkaPartitionsThatKeepsEveryCoreBusy() {
    // Spark rounds each even partition's share of 4 tasks to 1: 6 splits each partition in two.
    assertThat(RefreshReadDefaults.minPartitions(4, 3)).isEqualTo(6);
    assertThat(RefreshReadDefaults.minPartitions(16, 12)).isEqualTo(24);
    assertThat(RefreshReadDefaults.minPartitions(4, 0)).isEqualTo(4);
    assertThat(defaults(Map.of(), 2, 3)).containsEntry("minPartitions", "6");
    // Enough Kafka partitions already: nothing to split.
    assertThat(defaults(Map.of(), 2, 100)).doesNotContainKey("minPartitions");
  }

  @Test
  void theDefinitionsOwnSplitWins() {
    assertThat(defaults(Map.of("minPartitions", "2"), 2, 3)).containsEntry("minPartitions", "2");
    assertThat(defaults(Map.of("maxRecordsPerPartition", "1000"), 2, 3))
        .doesNotContainKey("minPartitions");
  }

  @Test
  void aBacklogIsFetchedInLargerChunksUnlessTheDefinitionSaysOtherwise() {
    assertThat(defaults(Map.of(), 2, 3))
        .containsEntry("kafka.max.partition.fetch.bytes", "8388608")
        .containsEntry("kafka.receive.buffer.bytes", "-1");
    assertThat(defaults(Map.of("kafka.max.partition.fetch.bytes", "1048576"), 2, 3))
        .containsEntry("kafka.max.partition.fetch.bytes", "1048576")
        .containsEntry("kafka.receive.buffer.bytes", "-1");
    // Any spelling in the definition is bound to the declared option's one key (OptionBinder).
    Map<String, String> given =
        OptionBinder.bind(
                CollectionConverters.asScala(
                        List.<Expression>of(
                            new NamedArgumentExpression(
                                "bootstrapServers", Literal$.MODULE$.apply("127.0.0.1:9092")),
                            new NamedArgumentExpression("subscribe", Literal$.MODULE$.apply("t")),
                            new NamedArgumentExpression(
                                "KAFKA.receive.buffer.bytes", Literal$.MODULE$.apply(65536))))
                    .toList())
            .sparkOptions(true);
    assertThat(defaults(given, 2, 3))
        .containsEntry("kafka.receive.buffer.bytes", "65536")
        .doesNotContainKey("KAFKA.receive.buffer.bytes");
  }

  @Test
  void aReadThatAcceptsDataLossIsNotSplit() {
    // Spark's consumer pool hands a consumer to a second task of the same partition while the
    // first still uses it after an offset out of range (RefreshReadDefaults).
    assertThat(defaults(Map.of("failOnDataLoss", "false"), 2, 3))
        .doesNotContainKey("minPartitions")
        .containsEntry("maxOffsetsPerTrigger", "10000000");
    assertThat(defaults(Map.of("failOnDataLoss", "true"), 2, 3))
        .containsEntry("minPartitions", "6");
  }
}
