package io.github.sparkkafkasql.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

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

  private AvroTopicWriter() {}

  /** Writes the records framed with {@code schemaId} and returns their key and value bytes. */
  static long write(
      String bootstrap, String topic, int partitions, long records, int valueBytes, int schemaId) {
    Schema schema = new Schema.Parser().parse(SCHEMA);
    GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(schema);
    String pad = "x".repeat(Math.max(0, valueBytes - 60));
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(valueBytes + 16);
    BinaryEncoder[] encoder = {null};
    GenericRecord order = new GenericData.Record(schema);
    byte[] header = ByteBuffer.allocate(5).put((byte) 0).putInt(schemaId).array();
    return TopicWriter.write(
        bootstrap,
        topic,
        partitions,
        records,
        i -> {
          order.put("id", i);
          order.put("user", "user-" + (i % 1000));
          order.put("amount", i % 10_000);
          order.put("country", TopicWriter.COUNTRIES[(int) (i % TopicWriter.COUNTRIES.length)]);
          order.put("ts", "2026-01-01T00:00:00Z");
          order.put("pad", pad);
          buffer.reset();
          buffer.writeBytes(header);
          encoder[0] = EncoderFactory.get().binaryEncoder(buffer, encoder[0]);
          try {
            writer.write(order, encoder[0]);
            encoder[0].flush();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          return buffer.toByteArray();
        });
  }
}
