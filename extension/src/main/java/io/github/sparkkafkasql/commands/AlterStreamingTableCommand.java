package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.errors.ScheduleErrors;
import io.github.sparkkafkasql.schedule.RefreshScheduler;
import io.github.sparkkafkasql.schedule.ScheduleSettings;
import io.github.sparkkafkasql.streaming.RefreshLock;
import io.github.sparkkafkasql.streaming.TableSetup;
import java.time.Duration;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * {@code ALTER STREAMING TABLE name { ADD | ALTER } SCHEDULE …} and {@code … DROP SCHEDULE}: sets,
 * changes or removes the table's refresh schedule, leaving its definition alone.
 */
public final class AlterStreamingTableCommand extends KafkaSqlCommand {

  /** How long to wait for a running refresh, whose batch a property change would fail. */
  private static final Duration LOCK_WAIT = Duration.ofSeconds(30);

  /** What the statement does to the schedule. */
  public enum Action {
    ADD,
    ALTER,
    DROP
  }

  private final List<String> name;
  private final Action action;
  private final RefreshSchedule schedule;

  public AlterStreamingTableCommand(List<String> name, Action action, RefreshSchedule schedule) {
    super(new StructType());
    this.name = List.copyOf(name);
    this.action = action;
    this.schedule = schedule;
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    String sqlName = SqlText.identifier(name);
    RefreshSchedule next = schedule == null ? null : ScheduleSettings.validate(spark, schedule);
    StoredTable table = StreamingTables.loadStreamingTable(spark, name);
    try (RefreshLock lock = RefreshLock.acquire(table.stateLocation(), sqlName, LOCK_WAIT)) {
      table = StreamingTables.loadStreamingTable(spark, name);
      RefreshSchedule current = table.schedule();
      if (action == Action.ADD && current != null) {
        throw ScheduleErrors.alreadyScheduled(sqlName, current.sql());
      }
      if (action != Action.ADD && current == null) {
        throw ScheduleErrors.notScheduled(sqlName, action + " SCHEDULE");
      }
      TableSetup.schedule(spark, table, next);
    }
    RefreshScheduler.changed(spark, name);
    return List.of();
  }

  @Override
  protected List<Object> arguments() {
    return List.of(
        String.join(".", name),
        action + " SCHEDULE" + (schedule == null ? "" : " " + schedule.sql()));
  }
}
