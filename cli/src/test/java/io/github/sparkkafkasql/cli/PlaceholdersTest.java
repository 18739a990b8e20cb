package io.github.sparkkafkasql.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

  @Test
  void replacesEveryBootstrapReference() {
    String sql = "SELECT * FROM read_kafka(bootstrapServers => '${bootstrap}') -- ${bootstrap}";
    assertThat(Placeholders.substitute(sql, Optional.of("h1:9092,h2:9092")))
        .isEqualTo(
            "SELECT * FROM read_kafka(bootstrapServers => 'h1:9092,h2:9092') -- h1:9092,h2:9092");
  }

  @Test
  void leavesSparksOwnVariablesAlone() {
    String sql = "SELECT '${spark.sql.shuffle.partitions}', '${bootstrapServers}'";
    assertThat(Placeholders.substitute(sql, Optional.of("h:1"))).isEqualTo(sql);
  }

  @Test
  void textWithoutThePlaceholderNeedsNoBroker() {
    assertThat(Placeholders.substitute("SELECT 1", Optional.empty())).isEqualTo("SELECT 1");
  }

  @Test
  void aPlaceholderWithoutABrokerSaysWhatToPass() {
    assertThatThrownBy(() -> Placeholders.substitute("'${bootstrap}'", Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("${bootstrap}")
        .hasMessageContaining("--bootstrap-servers")
        .hasMessageContaining("--embedded-kafka");
  }
}
