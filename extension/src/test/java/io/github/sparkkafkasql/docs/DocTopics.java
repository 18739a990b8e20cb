package io.github.sparkkafkasql.docs;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.JsonLines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Carries out the {@code docs-test} directives of a block on the test's broker.
 *
 * <ul>
 *   <li>{@code topic <name> partitions <n>} creates the topic, once: pages that use the same topic
 *       each declare it, with the same partition count.
 *   <li>{@code produce <topic> from <file>} produces the records of a JSON-lines file in the golden
 *       files' format (path relative to the repository root, e.g. {@code
 *       sql-tests/inputs/data/orders.jsonl}); a record without {@code timestamp} gets the current
 *       time as its CreateTime.
 *   <li>{@code produce <topic> <n>} produces n sample click events, like the demo's {@code --
 *       @produce <topic> <n>}.
 * </ul>
 */
final class DocTopics {

  private static final Pattern TOPIC = Pattern.compile("topic\\s+(\\S+)\\s+partitions\\s+(\\d+)");
  private static final Pattern FROM = Pattern.compile("produce\\s+(\\S+)\\s+from\\s+(\\S+)");
  private static final Pattern SAMPLES = Pattern.compile("produce\\s+(\\S+)\\s+(\\d+)");
  private static final String[] PAGES = {"/home", "/products", "/pricing", "/docs", "/cart"};
  private static final String[] ACTIONS = {"view", "view", "click", "purchase"};

  private final EmbeddedKafka kafka;
  private final Path root;
  private final Map<String, Integer> partitions = new HashMap<>();
  private long samples;

  DocTopics(EmbeddedKafka kafka, Path root) {
    this.kafka = kafka;
    this.root = root;
  }

  void apply(String where, String directive) throws IOException {
    Matcher m;
    if ((m = TOPIC.matcher(directive)).matches()) {
      int n = Integer.parseInt(m.group(2));
      Integer existing = partitions.putIfAbsent(m.group(1), n);
      if (existing == null) {
        kafka.createTopic(m.group(1), n);
      } else if (existing != n) {
        throw new IllegalArgumentException(
            where + ": topic " + m.group(1) + " was declared with " + existing + " partitions");
      }
    } else if ((m = FROM.matcher(directive)).matches()) {
      kafka.produce(JsonLines.records(m.group(1), Files.readAllLines(root.resolve(m.group(2)))));
    } else if ((m = SAMPLES.matcher(directive)).matches()) {
      produceSamples(m.group(1), Integer.parseInt(m.group(2)));
    } else {
      throw new IllegalArgumentException(
          where
              + ": unknown docs-test directive '"
              + directive
              + "'; expected 'topic <name> partitions <n>', 'produce <topic> from <file>',"
              + " 'produce <topic> <n>' or 'skip: <reason>'");
    }
  }

  /** Sample click events: JSON with user_id, page, action and ts, keyed by user. */
  void produceSamples(String topic, int count) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (int k = 0; k < count; k++, samples++) {
      long ts = 1_735_722_000_000L + samples * 1_500L;
      String user = String.format(Locale.ROOT, "u%03d", samples % 40);
      String json =
          String.format(
              Locale.ROOT,
              "{\"user_id\":\"%s\",\"page\":\"%s\",\"action\":\"%s\",\"ts\":\"%s\"}",
              user,
              PAGES[(int) (samples % PAGES.length)],
              ACTIONS[(int) (samples % ACTIONS.length)],
              java.time.Instant.ofEpochMilli(ts));
      records.add(
          new ProducerRecord<>(topic, null, ts, user.getBytes(UTF_8), json.getBytes(UTF_8)));
    }
    kafka.produce(records);
  }
}
