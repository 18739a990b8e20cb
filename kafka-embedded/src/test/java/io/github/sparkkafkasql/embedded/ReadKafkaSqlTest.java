package io.github.sparkkafkasql.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadKafkaSqlTest {

  @Test
  void writesNamedArgumentsInTheOrderGiven() {
    assertThat(
            ReadKafkaSql.of("h:1")
                .subscribe("t")
                .option("startingOffsets", "earliest")
                .option("maxOffsetsPerTrigger", 20)
                .sql())
        .isEqualTo(
            "read_kafka(bootstrapServers => 'h:1', subscribe => 't',"
                + " startingOffsets => 'earliest', maxOffsetsPerTrigger => 20)");
  }

  @Test
  void streamPrefixesTheCallAndLeavesTheBaseAlone() {
    ReadKafkaSql base = ReadKafkaSql.of("h:1").subscribe("t");
    assertThat(base.stream().sql())
        .isEqualTo("STREAM read_kafka(bootstrapServers => 'h:1', subscribe => 't')");
    assertThat(base).hasToString("read_kafka(bootstrapServers => 'h:1', subscribe => 't')");
  }

  @Test
  void quotesDottedNamesAndStringValues() {
    assertThat(
            ReadKafkaSql.of("h:1")
                .option("kafka.isolation.level", "read_committed")
                .option("subscribePattern", "it's\\.*")
                .optionSql("kafka.ssl.truststore.password", "secret('pw')")
                .sql())
        .isEqualTo(
            "read_kafka(bootstrapServers => 'h:1', `kafka.isolation.level` => 'read_committed',"
                + " subscribePattern => 'it\\'s\\\\.*',"
                + " `kafka.ssl.truststore.password` => secret('pw'))");
  }
}
