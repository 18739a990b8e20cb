package io.github.sparkkafkasql.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Fills B7's topic with Avro records in Confluent's wire format (magic byte 0, the schema id
 * big-endian, then Avro binary), written with Avro's own library: the fields of the JSON topic,
 * padded to about the same size.
 */
final class AvroTopicWriter {

  static final String SCHEMA =
      "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"bench\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"long\"},"
          + "{\"name\":\"user\",\"type\":\"string\"},"
          + "{\"name\":\"amount\",\"type\":\"long\"},"
          + "{\"name\":\"country\",\"type\":\"string\"},"
          + "{\"name\":\"ts\",\"type\":\"string\"},"
          + "{\"name\":\"pad\",\"type\":\"string\"}]}";

  private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR"};

  private AvroTopicWriter() {}

  /** Writes the records framed with {@code schemaId} and returns their key and value bytes. */
  static long write(
      String bootstrap, String topic, int partitions, long records, int valueBytes, int schemaId) {
    Schema schema = new Schema.Parser().parse(SCHEMA);
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
    String pad = "x".repeat(Math.max(0, valueBytes - 60));
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.LINGER_MS_CONFIG,
            20,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024);
    AtomicReference<Exception> failure = new AtomicReference<>();
    long bytes = 0;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(valueBytes + 16);
    BinaryEncoder encoder = null;
    GenericRecord order = new GenericData.Record(schema);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < records && failure.get() == null; i++) {
        order.put("id", i);
        order.put("user", "user-" + (i % 1000));
        order.put("amount", i % 10_000);
        order.put("country", COUNTRIES[(int) (i % COUNTRIES.length)]);
        order.put("ts", "2026-01-01T00:00:00Z");
        order.put("pad", pad);
        buffer.reset();
        buffer.write(0);
        buffer.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
        try {
          writer.write(order, encoder);
          encoder.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        byte[] key = ("k-" + i).getBytes(StandardCharsets.UTF_8);
        byte[] value = buffer.toByteArray();
        bytes += key.length + value.length;
        producer.send(
            new ProducerRecord<>(topic, (int) (i % partitions), key, value),
            (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Writing the Avro benchmark topic failed", failure.get());
    }
    return bytes;
  }
}
