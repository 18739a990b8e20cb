package io.github.sparkkafkasql.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.catalog.ColumnSpec;
import io.github.sparkkafkasql.catalog.Expectation;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.catalog.TableProperties;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.payloads.PayloadSchemas;
import io.github.sparkkafkasql.schedule.ScheduleStatus;
import io.github.sparkkafkasql.streaming.RefreshHistory;
import io.github.sparkkafkasql.streaming.StreamingTableStatus;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code DESCRIBE STREAMING TABLE name}: the definition (secrets appear only as {@code
 * secret('name')}), the streaming state, the schedule and its next fire time, the last refresh and
 * the last scheduled one, and the consumer lag per partition.
 */
public final class DescribeStreamingTableCommand extends KafkaSqlCommand {

  private final List<String> name;

  public DescribeStreamingTableCommand(List<String> name) {
    super(new StructType().add("info_name", "string", false).add("info_value", "string", true));
    this.name = List.copyOf(name);
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    StoredTable table = StreamingTables.loadStreamingTable(spark, name);
    StreamingTableDefinition d = table.definition();
    List<Row> rows = new ArrayList<>();
    add(rows, "Table", String.join(".", name));
    add(rows, "Query", d.query());
    for (Map.Entry<String, String> p : PayloadSchemas.describe(table.payloadSchemas())) {
      add(rows, p.getKey(), p.getValue());
    }
    for (ColumnSpec c : d.columns()) {
      add(rows, "Declared column", c.sql());
    }
    for (Expectation e : d.expectations()) {
      add(rows, "Expectation", e.sql());
    }
    add(
        rows,
        "Partitioned by",
        d.partitionedBy().isEmpty() ? null : String.join(", ", d.partitionedBy()));
    if (!d.clusterBy().isEmpty()) {
      add(rows, "Clustered by", String.join(", ", d.clusterBy()));
    }
    add(rows, "Comment", d.comment());
    add(rows, "Location", table.location());
    if (table.properties().containsKey(TableProperties.QUARANTINE_TABLE)) {
      add(rows, "Quarantine table", table.properties().get(TableProperties.QUARANTINE_TABLE));
    }
    add(rows, "State location", table.stateLocation());
    add(rows, "Checkpoint generation", String.valueOf(table.generation()));
    ScheduleStatus schedule = ScheduleStatus.of(spark, table);
    addSchedule(rows, schedule);
    addLastRefresh(
        rows, RefreshHistory.lastRefresh(spark.sparkContext().hadoopConfiguration(), table));
    schedule
        .lastScheduled()
        .forEach((k, v) -> add(rows, "Last scheduled refresh " + k.replace('_', ' '), v));
    if (schedule.skippedFor() != null) {
      add(rows, "Last skipped scheduled refresh for", schedule.skippedFor().toString());
      add(rows, "Last skipped scheduled refresh reason", schedule.skipReason());
    }
    addLag(spark, table, rows);
    return rows;
  }

  private static void addSchedule(List<Row> rows, ScheduleStatus status) {
    add(rows, "Schedule", status.schedule() == null ? null : status.schedule().sql());
    if (status.schedule() != null) {
      add(rows, "Next scheduled refresh at", Objects.toString(status.next(), null));
    }
    if (status.note() != null) {
      add(rows, "Scheduler", status.note());
    }
  }

  private static void addLastRefresh(List<Row> rows, JsonNode last) {
    if (last == null) {
      add(rows, "Last refresh", "never");
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = last.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("seq")) {
        continue;
      }
      add(
          rows,
          "Last refresh " + f.getKey().replace('_', ' '),
          f.getValue().isNull() ? null : f.getValue().asText());
    }
  }

  private static void addLag(SparkSession spark, StoredTable table, List<Row> rows) {
    try {
      Map<TopicPartition, Long> committed = StreamingTableStatus.committedOffsets(spark, table);
      for (Map.Entry<TopicPartition, Long> c : committed.entrySet()) {
        add(rows, "Committed offset " + c.getKey(), String.valueOf(c.getValue()));
      }
      for (Map.Entry<TopicPartition, Long> l : StreamingTableStatus.lag(spark, table).entrySet()) {
        add(
            rows,
            "Lag " + l.getKey(),
            l.getValue() != null
                ? String.valueOf(l.getValue())
                : "unavailable: the partition no longer exists (its topic was deleted, or"
                    + " recreated with fewer partitions); REFRESH STREAMING TABLE "
                    + table.sqlName()
                    + " FULL reloads the table from the topic as it is now");
      }
    } catch (Exception e) {
      add(rows, "Lag", "unavailable: " + unavailable(spark, e));
    }
  }

  /** Why the lag could not be read, in a line (a timeout's own message is empty). */
  private static String unavailable(SparkSession spark, Exception e) {
    Throwable deepest = e;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    if (deepest instanceof java.util.concurrent.TimeoutException
        || deepest instanceof org.apache.kafka.common.errors.TimeoutException) {
      return "the brokers did not answer within "
          + KafkaSqlConf.CONNECT_TIMEOUT.key()
          + " ("
          + KafkaSqlConf.CONNECT_TIMEOUT.get(spark)
          + " ms)";
    }
    String message = deepest.getMessage();
    return message == null || message.isBlank()
        ? deepest.getClass().getSimpleName()
        : message.lines().findFirst().orElse("");
  }

  private static void add(List<Row> rows, String key, String value) {
    rows.add(RowFactory.create(key, value));
  }

  @Override
  protected List<Object> arguments() {
    return List.of(String.join(".", name));
  }
}
