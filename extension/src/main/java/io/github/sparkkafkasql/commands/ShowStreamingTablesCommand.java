package io.github.sparkkafkasql.commands;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.schedule.ScheduleStatus;
import io.github.sparkkafkasql.streaming.RefreshHistory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code SHOW STREAMING TABLES [IN namespace]}: the streaming tables, their last refresh, their
 * schedule, next scheduled refresh and the status of the last scheduled one.
 */
public final class ShowStreamingTablesCommand extends KafkaSqlCommand {

  private final List<String> namespace;

  public ShowStreamingTablesCommand(List<String> namespace) {
    super(
        new StructType()
            .add("namespace", "string", false)
            .add("table", "string", false)
            .add("last_refresh_status", "string", true)
            .add("last_refresh_finished_at", "string", true)
            .add("last_refresh_rows_written", "bigint", true)
            .add("total_lag", "bigint", true)
            .add("schedule", "string", true)
            .add("next_refresh_at", "string", true)
            .add("last_scheduled_refresh_status", "string", true));
    this.namespace = List.copyOf(namespace);
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    String db =
        namespace.isEmpty() ? spark.catalog().currentDatabase() : String.join(".", namespace);
    String in = namespace.isEmpty() ? "" : " IN " + SqlText.identifier(namespace);
    List<StoredTable> tables = new ArrayList<>();
    for (Row t : spark.sql("SHOW TABLES" + in).collectAsList()) {
      if (t.getBoolean(2)) {
        continue; // temporary views
      }
      String tableName = t.getString(1);
      List<String> name = new ArrayList<>(namespace.isEmpty() ? List.of(db) : namespace);
      name.add(tableName);
      StoredTable table = StreamingTables.load(spark, name).orElse(null);
      if (table != null && table.isStreamingTable()) {
        tables.add(table);
      }
    }
    List<Long> lags = TableLags.of(spark, tables);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      StoredTable table = tables.get(i);
      String tableName = table.name().get(table.name().size() - 1);
      JsonNode last = RefreshHistory.lastRefresh(spark.sparkContext().hadoopConfiguration(), table);
      ScheduleStatus schedule = ScheduleStatus.of(spark, table);
      rows.add(
          RowFactory.create(
              db,
              tableName,
              last == null ? null : last.path("status").asText(null),
              last == null ? null : last.path("finished_at").asText(null),
              last == null || !last.has("rows_written") ? null : last.get("rows_written").asLong(),
              lags.get(i),
              schedule.schedule() == null ? null : schedule.schedule().sql(),
              Objects.toString(schedule.next(), null),
              schedule.lastStatus()));
    }
    return rows;
  }

  @Override
  protected List<Object> arguments() {
    return List.of(String.join(".", namespace));
  }
}
