package io.github.sparkkafkasql.tvf;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Admin clients kept between queries, one per distinct client configuration, so that the broker
 * check of each {@code read_kafka} query does not pay for a new client and its first connection. A
 * client unused for a minute is closed; one that failed is dropped at once.
 */
final class AdminClients {

  private static final long IDLE_MS = Duration.ofMinutes(1).toMillis();

  private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();

  private static final ScheduledExecutorService REAPER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kafka-sql-admin-reaper");
            t.setDaemon(true);
            return t;
          });

  static {
    REAPER.scheduleWithFixedDelay(AdminClients::closeIdle, 30, 30, TimeUnit.SECONDS);
  }

  private static final class Cached {
    final Admin admin;
    volatile long lastUsed = System.currentTimeMillis();

    Cached(Admin admin) {
      this.admin = admin;
    }
  }

  private AdminClients() {}

  /** The client for these settings, created on first use. */
  static Admin get(Properties props) {
    Cached c = CACHE.computeIfAbsent(key(props), k -> new Cached(Admin.create(props)));
    c.lastUsed = System.currentTimeMillis();
    return c.admin;
  }

  /** Closes and forgets the client for these settings, after it failed. */
  static void evict(Properties props) {
    Cached c = CACHE.remove(key(props));
    if (c != null) {
      c.admin.close(Duration.ZERO);
    }
  }

  private static void closeIdle() {
    long now = System.currentTimeMillis();
    CACHE
        .entrySet()
        .removeIf(
            e -> {
              boolean idle = now - e.getValue().lastUsed > IDLE_MS;
              if (idle) {
                e.getValue().admin.close(Duration.ZERO);
              }
              return idle;
            });
  }

  /** Settings as a stable key; it holds credentials, so it never leaves this map. */
  private static String key(Properties props) {
    Map<String, String> sorted = new TreeMap<>();
    props.forEach((k, v) -> sorted.put(String.valueOf(k), String.valueOf(v)));
    return sorted.toString();
  }
}
