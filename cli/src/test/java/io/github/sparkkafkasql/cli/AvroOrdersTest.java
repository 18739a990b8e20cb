package io.github.sparkkafkasql.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class AvroOrdersTest {

  @Test
  void ordersAreConfluentFramedAvroWithTheRegistrysId() throws Exception {
    List<ProducerRecord<byte[], byte[]>> orders = AvroOrders.records("orders", 42, 0, 3);
    byte[] value = orders.get(1).value();

    ByteBuffer header = ByteBuffer.wrap(value, 0, 5);
    assertThat(header.get()).isZero();
    assertThat(header.getInt()).isEqualTo(42);
    Schema schema = new Schema.Parser().parse(AvroOrders.SCHEMA);
    GenericRecord order =
        new GenericDatumReader<GenericRecord>(schema)
            .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
    assertThat(order.get("order_id")).isEqualTo(2L);
    assertThat(order.get("customer").toString()).isEqualTo(new String(orders.get(1).key(), UTF_8));
    assertThat(order.get("ts")).isEqualTo(ClickEvents.FIRST_EVENT_MS + ClickEvents.STEP_MS);
    assertThat((double) order.get("amount")).isPositive();
  }

  @Test
  void laterBatchesContinueTheSequence() {
    ProducerRecord<byte[], byte[]> fifth = AvroOrders.records("orders", 1, 0, 5).get(4);
    ProducerRecord<byte[], byte[]> continued = AvroOrders.records("orders", 1, 4, 1).get(0);
    assertThat(continued.value()).isEqualTo(fifth.value());
    assertThat(continued.timestamp()).isEqualTo(fifth.timestamp());
  }
}
