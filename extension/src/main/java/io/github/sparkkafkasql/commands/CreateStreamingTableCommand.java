package io.github.sparkkafkasql.commands;

import io.github.sparkkafkasql.catalog.Expectation;
import io.github.sparkkafkasql.catalog.RefreshSchedule;
import io.github.sparkkafkasql.catalog.SqlText;
import io.github.sparkkafkasql.catalog.StoredTable;
import io.github.sparkkafkasql.catalog.StreamingTableDefinition;
import io.github.sparkkafkasql.catalog.StreamingTables;
import io.github.sparkkafkasql.catalog.TableProperties;
import io.github.sparkkafkasql.conf.KafkaSqlConf;
import io.github.sparkkafkasql.errors.StreamingTableErrors;
import io.github.sparkkafkasql.payloads.PayloadSchemas;
import io.github.sparkkafkasql.schedule.RefreshScheduler;
import io.github.sparkkafkasql.schedule.ScheduleSettings;
import io.github.sparkkafkasql.streaming.DefinitionPlan;
import io.github.sparkkafkasql.streaming.GroupOffsets;
import io.github.sparkkafkasql.streaming.QuarantineRows;
import io.github.sparkkafkasql.streaming.RefreshResult;
import io.github.sparkkafkasql.streaming.Refresher;
import io.github.sparkkafkasql.streaming.TableSetup;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code CREATE [OR REFRESH] STREAMING TABLE [IF NOT EXISTS] name … AS query}: creates the Delta
 * table, records the definition with it, and runs the first refresh; on an existing streaming
 * table, OR REFRESH applies additive changes, sets or removes the schedule as the statement says,
 * and refreshes.
 */
public final class CreateStreamingTableCommand extends KafkaSqlCommand {

  private final List<String> name;
  private final boolean orRefresh;
  private final boolean ifNotExists;
  private final StreamingTableDefinition definition;
  private final RefreshSchedule schedule;

  /** {@code schedule} is the SCHEDULE clause as parsed, or null. */
  public CreateStreamingTableCommand(
      List<String> name,
      boolean orRefresh,
      boolean ifNotExists,
      StreamingTableDefinition definition,
      RefreshSchedule schedule) {
    super(RefreshResult.SCHEMA);
    this.name = List.copyOf(name);
    this.orRefresh = orRefresh;
    this.ifNotExists = ifNotExists;
    this.definition = definition;
    this.schedule = schedule;
  }

  /** The definition as parsed. */
  public StreamingTableDefinition definition() {
    return definition;
  }

  @Override
  protected List<Row> execute(SparkSession spark) {
    // Unqualified names in the query mean tables of the database current now, as in a view.
    StreamingTableDefinition definition =
        this.definition.in(DefinitionPlan.currentNamespace(spark));
    String sqlName = SqlText.identifier(name);
    // Each expectation's counts are reported under its name: names must differ (in any case).
    Map<String, Expectation> named = new HashMap<>();
    for (Expectation e : definition.expectations()) {
      Expectation before = named.putIfAbsent(e.name().toLowerCase(Locale.ROOT), e);
      if (before != null) {
        throw StreamingTableErrors.duplicateExpectation(e.name(), before.sql());
      }
    }
    for (String key : definition.properties().keySet()) {
      if (TableProperties.isReserved(key)) {
        throw StreamingTableErrors.reservedProperty(key);
      }
    }
    StreamingTables.checkNewName(spark, name);
    // Settings the first refresh needs, checked before the table exists.
    KafkaSqlConf.HISTORY_RETENTION.get(spark);
    RefreshSchedule validated =
        schedule == null ? null : ScheduleSettings.validate(spark, schedule);
    Optional<StoredTable> existing = StreamingTables.load(spark, name);
    if (existing.isPresent()) {
      if (ifNotExists) {
        return List.of();
      }
      if (!orRefresh) {
        throw StreamingTableErrors.tableAlreadyExists(sqlName);
      }
      if (!existing.get().isStreamingTable()) {
        throw StreamingTableErrors.notAStreamingTable(sqlName);
      }
      // Under the refresh lock, so a definition never changes under a running refresh.
      try {
        return Refresher.refresh(
                spark,
                name,
                false,
                t -> {
                  Dataset<Row> analysed = TableSetup.update(spark, t, definition);
                  TableSetup.schedule(spark, t, validated);
                  return analysed;
                })
            .rows();
      } finally {
        RefreshScheduler.changed(spark, name);
      }
    }
    // Analysed once (read_kafka checks the brokers and topics as it resolves): the table's columns
    // come from this analysis, and the first refresh runs it.
    // JSON schemas are inferred and registry versions resolved by this analysis, and stored.
    PayloadSchemas schemas = PayloadSchemas.resolving(null);
    Dataset<Row> analysed =
        DefinitionPlan.build(Refresher.session(spark), sqlName, definition, true, schemas);
    DefinitionPlan.refuseTemporaryObjects(spark, definition, analysed, sqlName);
    DefinitionPlan.checkStreamingOperations(analysed);
    GroupOffsets.checkAccess(analysed, sqlName);
    QuarantineRows.checkFree(spark, name, sqlName, analysed);
    TableSetup.create(spark, name, sqlName, definition, analysed, validated, schemas);
    try {
      return Refresher.refresh(spark, name, false, t -> analysed).rows();
    } finally {
      // After the first refresh, which a short schedule would otherwise skip.
      RefreshScheduler.changed(spark, name);
    }
  }

  @Override
  protected List<Object> arguments() {
    return List.of(
        String.join(".", name),
        orRefresh ? "OR REFRESH" : ifNotExists ? "IF NOT EXISTS" : "",
        schedule == null ? "" : "SCHEDULE " + schedule.sql());
  }
}
