package io.github.sparkkafkasql.bench;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Fills the benchmark topic with JSON records of a fixed size, spread evenly over partitions. */
final class TopicWriter {

  static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR"};

  private TopicWriter() {}

  /** Writes the records and returns their key and value bytes. */
  static long write(String bootstrap, String topic, int partitions, long records, int valueBytes) {
    return write(bootstrap, topic, partitions, records, i -> value(i, valueBytes));
  }

  /**
   * Writes {@code records} records with keys {@code k-<i>} and the values {@code values} gives,
   * round-robin over the partitions; returns their key and value bytes. The one produce loop of the
   * benchmark topics (JSON here, Avro in {@link AvroTopicWriter}).
   */
  static long write(
      String bootstrap, String topic, int partitions, long records, LongFunction<byte[]> values) {
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
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (long i = 0; i < records && failure.get() == null; i++) {
        byte[] key = ("k-" + i).getBytes(StandardCharsets.UTF_8);
        byte[] value = values.apply(i);
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
      throw new IllegalStateException(
          "Writing the benchmark topic " + topic + " failed", failure.get());
    }
    return bytes;
  }

  /** A JSON object of about {@code size} bytes: a few fields, padded with a filler field. */
  static byte[] value(long i, int size) {
    StringBuilder json =
        new StringBuilder(size + 16)
            .append("{\"id\":")
            .append(i)
            .append(",\"user\":\"user-")
            .append(i % 1000)
            .append("\",\"amount\":")
            .append(i % 10_000)
            .append(",\"country\":\"")
            .append(COUNTRIES[(int) (i % COUNTRIES.length)])
            .append("\",\"ts\":\"2026-01-01T00:00:00Z\",\"pad\":\"");
    while (json.length() < size - 2) {
      json.append('x');
    }
    return json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
