package io.github.sparkkafkasql.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientTimeoutsTest {

  @Test
  void theConnectTimeoutBoundsEveryBlockingClientCall() {
    assertThat(ClientTimeouts.derive(Map.of("subscribe", "t"), 20_000))
        .containsEntry("subscribe", "t")
        .containsEntry("kafka.default.api.timeout.ms", "20000")
        .containsEntry("kafka.request.timeout.ms", "20000")
        .containsEntry("kafka.socket.connection.setup.timeout.ms", "10000")
        .containsEntry("kafka.socket.connection.setup.timeout.max.ms", "20000")
        .containsEntry("kafka.metadata.max.age.ms", "20000")
        .containsEntry("kafkaConsumer.pollTimeoutMs", "20000");
  }

  @Test
  void kafkasDefaultsStayWhenTheConnectTimeoutIsLonger() {
    assertThat(ClientTimeouts.derive(Map.of(), 120_000))
        .containsEntry("kafka.default.api.timeout.ms", "120000")
        .containsEntry("kafka.request.timeout.ms", "30000")
        .containsEntry("kafka.socket.connection.setup.timeout.ms", "10000")
        .containsEntry("kafka.socket.connection.setup.timeout.max.ms", "30000")
        .containsEntry("kafka.metadata.max.age.ms", "120000");
  }

  @Test
  void valuesTheReadSetsWin() {
    Map<String, String> options =
        ClientTimeouts.derive(
            Map.of("kafka.request.timeout.ms", "45000", "kafkaconsumer.polltimeoutms", "600000"),
            20_000);
    assertThat(options)
        .containsEntry("kafka.request.timeout.ms", "45000")
        .containsEntry("kafkaconsumer.polltimeoutms", "600000")
        .doesNotContainKey("kafkaConsumer.pollTimeoutMs");
  }
}
