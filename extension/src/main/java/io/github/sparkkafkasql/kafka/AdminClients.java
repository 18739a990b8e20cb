package io.github.sparkkafkasql.kafka;

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

  /** Closes idle clients, of this cache and of {@link ProbeConsumers}. */
  static final ScheduledExecutorService REAPER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kafka-sql-client-reaper");
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
    // Marked used inside the map's atomic update, so the reaper cannot close it in between.
    return CACHE.compute(
            key(props),
            (k, c) -> {
              Cached used = c != null ? c : new Cached(Admin.create(props));
              used.lastUsed = System.currentTimeMillis();
              return used;
            })
        .admin;
  }

  /**
   * Forgets the client for these settings after it failed; it is closed a minute later, so that
   * other queries still using it finish their requests.
   */
  static void evict(Properties props) {
    Cached c = CACHE.remove(key(props));
    if (c != null) {
      REAPER.schedule(() -> c.admin.close(Duration.ZERO), IDLE_MS, TimeUnit.MILLISECONDS);
    }
  }

  private static void closeIdle() {
    long now = System.currentTimeMillis();
    for (String key : CACHE.keySet()) {
      CACHE.computeIfPresent(
          key,
          (k, c) -> {
            if (now - c.lastUsed <= IDLE_MS) {
              return c;
            }
            c.admin.close(Duration.ZERO);
            return null;
          });
    }
  }

  /** Settings as a stable key; it holds credentials, so it never leaves this map. */
  static String key(Properties props) {
    Map<String, String> sorted = new TreeMap<>();
    props.forEach((k, v) -> sorted.put(String.valueOf(k), String.valueOf(v)));
    return sorted.toString();
  }
}
