package io.github.sparkkafkasql.embedded;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Records written as JSON lines, the format of the golden files' and the docs' data files: {@code
 * {"partition":0,"key":"k","value":…,"timestamp":…,"headers":{"h":"v"}}}. A {@code key} or {@code
 * value} is written as given when it is a JSON string and as compact JSON otherwise; {@code
 * timestamp} is the CreateTime in epoch milliseconds.
 */
public final class JsonLines {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonLines() {}

  /** The records of {@code lines} (blank lines are skipped), for {@code topic}. */
  public static List<ProducerRecord<byte[], byte[]>> records(String topic, List<String> lines) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (String line : lines) {
      if (!line.isBlank()) {
        records.add(record(topic, line));
      }
    }
    return records;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, String line) {
    JsonNode r;
    try {
      r = JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("Not a JSON line: " + line, e);
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            r.path("partition").asInt(0),
            r.has("timestamp") ? r.get("timestamp").asLong() : null,
            bytes(r.get("key")),
            bytes(r.get("value")));
    if (r.has("headers")) {
      r.get("headers")
          .fields()
          .forEachRemaining(h -> record.headers().add(h.getKey(), bytes(h.getValue())));
    }
    return record;
  }

  private static byte[] bytes(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    return (node.isTextual() ? node.asText() : node.toString()).getBytes(UTF_8);
  }
}
