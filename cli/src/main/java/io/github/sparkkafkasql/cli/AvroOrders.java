package io.github.sparkkafkasql.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Deterministic sample orders for {@code --demo avro}: Avro records in Confluent's wire format
 * (magic byte 0, the writer schema's id big-endian, then Avro binary), written with Avro's own
 * library under the id the registry gave {@link #SCHEMA}, keyed by customer.
 */
final class AvroOrders {

  static final String TOPIC = "orders";
  static final String SUBJECT = TOPIC + "-value";
  static final int INITIAL_EVENTS = 200;

  /** Version 1 of the subject {@code orders-value}. */
  static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"demo\",\"fields\":["
          + "{\"name\":\"order_id\",\"type\":\"long\"},"
          + "{\"name\":\"customer\",\"type\":\"string\"},"
          + "{\"name\":\"item\",\"type\":\"string\"},"
          + "{\"name\":\"quantity\",\"type\":\"int\"},"
          + "{\"name\":\"amount\",\"type\":\"double\"},"
          + "{\"name\":\"ts\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}]}";

  private static final String[] ITEMS = {"keyboard", "monitor", "mouse", "headset", "webcam"};
  private static final double[] PRICES = {49.90, 189.00, 19.50, 79.00, 59.90};
  private static final int CUSTOMERS = 25;

  private static final Schema PARSED = new Schema.Parser().parse(SCHEMA);

  private AvroOrders() {}

  /** Orders {@code first} to {@code first + count - 1}, framed with {@code schemaId}. */
  static List<ProducerRecord<byte[], byte[]>> records(
      String topic, int schemaId, long first, int count) {
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(PARSED);
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
    BinaryEncoder encoder = null;
    for (long i = first; i < first + count; i++) {
      SplittableRandom random = new SplittableRandom(i);
      String customer = String.format(Locale.ROOT, "c%02d", random.nextInt(CUSTOMERS));
      int item = random.nextInt(ITEMS.length);
      int quantity = 1 + random.nextInt(3);
      long ts = ClickEvents.FIRST_EVENT_MS + i * ClickEvents.STEP_MS;
      GenericRecord order = new GenericData.Record(PARSED);
      order.put("order_id", i + 1);
      order.put("customer", customer);
      order.put("item", ITEMS[item]);
      order.put("quantity", quantity);
      order.put("amount", Math.round(PRICES[item] * quantity * 100) / 100.0);
      order.put("ts", ts);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      bytes.write(0);
      bytes.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
      encoder = EncoderFactory.get().binaryEncoder(bytes, encoder);
      try {
        writer.write(order, encoder);
        encoder.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      records.add(
          new ProducerRecord<>(topic, null, ts, customer.getBytes(UTF_8), bytes.toByteArray()));
    }
    return records;
  }
}
