package io.github.sparkkafkasql.sqltests;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seeds Kafka for a golden file, deterministically.
 *
 * <ul>
 *   <li>{@code --TOPIC name PARTITIONS n [CONFIG k=v ...]} creates a topic. Topic names must be
 *       unique across the suite, since all files share one broker.
 *   <li>{@code --PRODUCE name FROM data/file.jsonl} produces each line of the file.
 *   <li>{@code --PRODUCE name {"partition":0,"key":"k","value":…,"timestamp":…}} produces one.
 * </ul>
 *
 * A record's {@code value} (and {@code key}) is written as given when it is a JSON string and as
 * compact JSON otherwise; {@code headers} is an object of string values; {@code timestamp} is the
 * CreateTime in epoch ms; {@code partition} defaults to 0.
 */
final class Directives {

  private final EmbeddedKafka kafka;
  private final Path home;
  private final Map<String, Path> topicOwners = new HashMap<>();

  Directives(EmbeddedKafka kafka, Path home) {
    this.kafka = kafka;
    this.home = home;
  }

  void apply(InputFile file, String d) throws IOException {
    String[] words = d.split("\\s+", 3);
    if (words[0].equals("TOPIC")) {
      createTopic(file.path(), d);
    } else if (words.length == 3 && words[2].startsWith("FROM ")) {
      Path data = home.resolve("inputs").resolve(words[2].substring(5).trim());
      produce(words[1], Files.readAllLines(data));
    } else if (words.length == 3) {
      produce(words[1], List.of(words[2]));
    } else {
      throw new IllegalArgumentException("Malformed directive in " + file.path() + ": " + d);
    }
  }

  private void createTopic(Path owner, String directive) {
    String[] w = directive.split("\\s+");
    if (w.length < 4 || !w[2].equals("PARTITIONS")) {
      throw new IllegalArgumentException("Expected --TOPIC name PARTITIONS n, got: " + directive);
    }
    Path previous = topicOwners.putIfAbsent(w[1], owner);
    if (previous != null) {
      throw new IllegalArgumentException(
          "Topic " + w[1] + " is declared by both " + previous + " and " + owner);
    }
    Map<String, String> configs = new HashMap<>();
    for (int i = 5; i < w.length && w[4].equals("CONFIG"); i++) {
      String[] kv = w[i].split("=", 2);
      configs.put(kv[0], kv[1]);
    }
    kafka.createTopic(w[1], Integer.parseInt(w[3]), configs);
  }

  private void produce(String topic, List<String> lines) {
    kafka.produce(JsonLines.records(topic, lines));
  }
}
