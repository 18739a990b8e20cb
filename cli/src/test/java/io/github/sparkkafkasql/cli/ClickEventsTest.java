package io.github.sparkkafkasql.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class ClickEventsTest {

  @Test
  void eventsAreDeterministicKeyedJsonWithTheirEventTime() {
    List<ProducerRecord<byte[], byte[]>> first = ClickEvents.records("clicks", 0, 3);
    List<ProducerRecord<byte[], byte[]>> again = ClickEvents.records("clicks", 0, 3);
    ProducerRecord<byte[], byte[]> r = first.get(1);
    String value = new String(r.value(), UTF_8);
    String key = new String(r.key(), UTF_8);

    assertThat(first).hasSize(3);
    assertThat(value).isEqualTo(new String(again.get(1).value(), UTF_8));
    assertThat(value)
        .matches(
            "\\{\"user_id\":\"u\\d{3}\",\"page\":\"/[a-z/-]*\",\"action\":\"[a-z]+\","
                + "\"ts\":\"2025-01-01T09:00:01.500Z\"}")
        .contains("\"user_id\":\"" + key + "\"");
    assertThat(r.timestamp()).isEqualTo(ClickEvents.FIRST_EVENT_MS + ClickEvents.STEP_MS);
    assertThat(r.partition()).isNull();
  }

  @Test
  void laterBatchesContinueTheSequence() {
    ProducerRecord<byte[], byte[]> fifth = ClickEvents.records("clicks", 0, 5).get(4);
    ProducerRecord<byte[], byte[]> continued = ClickEvents.records("clicks", 4, 1).get(0);
    assertThat(continued.value()).isEqualTo(fifth.value());
    assertThat(continued.timestamp()).isEqualTo(fifth.timestamp());
  }
}
