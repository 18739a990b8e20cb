package io.github.sparkkafkasql.streaming;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.github.sparkkafkasql.channels.MetricsSystemChannel;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.metrics.source.Source;

/**
 * A Spark metrics source per streaming table, registered with the driver's metrics system the first
 * time the application refreshes the table or computes its lag, so Spark's sinks (JMX, {@code
 * /metrics/prometheus}) expose it as {@code kafkaSql.<catalog>.<namespace>.<table>.*}: {@code lag}
 * (records behind the topics' end when last measured, -1 before), {@code lastRefreshDurationMs},
 * {@code rowsWritten} and {@code refreshes} and {@code failures} (counted since the application
 * started).
 */
public final class TableMetrics implements Source {

  private static final Map<String, TableMetrics> TABLES = new ConcurrentHashMap<>();

  private final String name;
  private final MetricRegistry registry = new MetricRegistry();
  private volatile long lag = -1;
  private volatile long lastDurationMs;
  private final Counter rowsWritten = registry.counter("rowsWritten");
  private final Counter refreshes = registry.counter("refreshes");
  private final Counter failures = registry.counter("failures");

  private TableMetrics(String name) {
    this.name = name;
    registry.register("lag", (Gauge<Long>) () -> lag);
    registry.register("lastRefreshDurationMs", (Gauge<Long>) () -> lastDurationMs);
  }

  /** The metrics of a table, by its qualified name, registered on first use. */
  public static TableMetrics of(List<String> qualifiedName) {
    String key = "kafkaSql." + String.join(".", qualifiedName).toLowerCase(Locale.ROOT);
    return TABLES.computeIfAbsent(
        key,
        k -> {
          TableMetrics m = new TableMetrics(k);
          MetricsSystemChannel.register(m);
          return m;
        });
  }

  /** Unregisters a dropped table's metrics. */
  public static void forget(List<String> qualifiedName) {
    String key = "kafkaSql." + String.join(".", qualifiedName).toLowerCase(Locale.ROOT);
    TableMetrics m = TABLES.remove(key);
    if (m != null) {
      MetricsSystemChannel.remove(m);
    }
  }

  void succeeded(RefreshResult r) {
    refreshes.inc();
    rowsWritten.inc(r.rowsWritten());
    lastDurationMs = r.durationMs();
  }

  void failed(long durationMs) {
    refreshes.inc();
    failures.inc();
    lastDurationMs = durationMs;
  }

  /** The total lag as last measured. */
  public void lag(long records) {
    lag = records;
  }

  @Override
  public String sourceName() {
    return name;
  }

  @Override
  public MetricRegistry metricRegistry() {
    return registry;
  }
}
