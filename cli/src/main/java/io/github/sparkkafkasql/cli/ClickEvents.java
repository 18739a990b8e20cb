package io.github.sparkkafkasql.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Deterministic sample click events for the demo: JSON values with {@code user_id}, {@code page},
 * {@code action} and {@code ts}, keyed by user and stamped with their event time as CreateTime.
 *
 * <p>Event {@code i} is the same on every run, so the demo prints the same tables every time.
 */
final class ClickEvents {

  /** The topic the demo creates and fills before running its script. */
  static final String TOPIC = "clicks";

  static final int PARTITIONS = 3;
  static final int INITIAL_EVENTS = 300;

  /** Event 0 happened at 2025-01-01T09:00:00Z; each later one 1.5 s after the previous. */
  static final long FIRST_EVENT_MS = 1_735_722_000_000L;

  static final long STEP_MS = 1_500L;

  private static final String[] PAGES = {
    "/home", "/products", "/products/kafka-sql", "/pricing", "/docs", "/blog", "/signup", "/cart"
  };
  private static final String[] ACTIONS = {"view", "view", "view", "click", "click", "purchase"};
  private static final int USERS = 40;
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private ClickEvents() {}

  /** Events {@code first} to {@code first + count - 1} as records for {@code topic}. */
  static List<ProducerRecord<byte[], byte[]>> records(String topic, long first, int count) {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(count);
    for (long i = first; i < first + count; i++) {
      records.add(record(topic, i));
    }
    return records;
  }

  /** Event {@code i}: the key is the user, so each user's clicks stay in order in one partition. */
  static ProducerRecord<byte[], byte[]> record(String topic, long i) {
    SplittableRandom random = new SplittableRandom(i);
    String user = String.format(Locale.ROOT, "u%03d", random.nextInt(USERS));
    String page = PAGES[random.nextInt(PAGES.length)];
    String action = ACTIONS[random.nextInt(ACTIONS.length)];
    long ts = FIRST_EVENT_MS + i * STEP_MS;
    String json =
        String.format(
            Locale.ROOT,
            "{\"user_id\":\"%s\",\"page\":\"%s\",\"action\":\"%s\",\"ts\":\"%s\"}",
            user,
            page,
            action,
            TS.format(Instant.ofEpochMilli(ts)));
    return new ProducerRecord<>(topic, null, ts, user.getBytes(UTF_8), json.getBytes(UTF_8));
  }
}
