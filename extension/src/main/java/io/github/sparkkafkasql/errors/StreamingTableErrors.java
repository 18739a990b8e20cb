package io.github.sparkkafkasql.errors;

import java.util.List;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import org.apache.spark.sql.errors.QueryCompilationErrors;

/**
 * Factories for the errors of streaming tables and their refreshes, one method per condition, as in
 * {@link KafkaSqlErrors}.
 */
public final class StreamingTableErrors {

  private StreamingTableErrors() {}

  public static RuntimeException streamingReadOutsideTable(String conf) {
    return KafkaSqlErrors.error("KAFKA_SQL_STREAMING_READ_OUTSIDE_TABLE", "conf", conf);
  }

  /** Spark's own condition for a missing table, with the session's search path. */
  public static RuntimeException tableNotFound(SparkSession spark, String table) {
    String searchPath =
        "["
            + QuotingUtils.quoteIdentifier(spark.catalog().currentCatalog())
            + "."
            + QuotingUtils.quoteIdentifier(spark.catalog().currentDatabase())
            + "]";
    return KafkaSqlErrors.spark(
        "TABLE_OR_VIEW_NOT_FOUND", "relationName", table, "searchPath", searchPath);
  }

  /** Spark's own condition for a name that is taken. */
  public static RuntimeException tableAlreadyExists(String table) {
    return KafkaSqlErrors.spark("TABLE_OR_VIEW_ALREADY_EXISTS", "relationName", table);
  }

  /** Spark's own condition for a reserved table property, for the extension's own. */
  public static RuntimeException reservedProperty(String key) {
    return KafkaSqlErrors.spark(
        "UNSUPPORTED_FEATURE.SET_TABLE_PROPERTY",
        "property",
        QuotingUtils.toSQLConf(key),
        "msg",
        "spark-kafka-sql keeps the kafkasql.* properties of its streaming tables itself:"
            + " use a name with another prefix");
  }

  /** Spark's own condition for a PARTITIONED BY column that is not one of the table's. */
  public static RuntimeException partitionColumnNotDefined(
      String column, String table, java.util.List<String> columns) {
    return KafkaSqlErrors.spark(
        "COLUMN_NOT_DEFINED_IN_TABLE",
        "colType",
        "partition",
        "colName",
        QuotingUtils.quoteIdentifier(column),
        "tableName",
        table,
        "tableCols",
        String.join(", ", columns.stream().map(QuotingUtils::quoteIdentifier).toList()));
  }

  /** Spark's own condition for a table name the session catalog refuses. */
  public static RuntimeException invalidTableName(String name) {
    return KafkaSqlErrors.raise(
        (AnalysisException) QueryCompilationErrors.invalidNameForTableOrDatabaseError(name));
  }

  /** The stored definition of {@code table} was edited or removed outside this extension. */
  public static RuntimeException storedDefinitionUnreadable(String table, String reason) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_STORED_DEFINITION_UNREADABLE", "table", table, "reason", reason);
  }

  public static RuntimeException notAStreamingTable(String table) {
    return KafkaSqlErrors.error("KAFKA_SQL_NOT_A_STREAMING_TABLE", "table", table);
  }

  public static RuntimeException notAStreamingQuery(String table) {
    return KafkaSqlErrors.error("KAFKA_SQL_NOT_A_STREAMING_QUERY", "table", table);
  }

  public static RuntimeException columnsMismatch(String table, String missing, String extra) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_COLUMNS_MISMATCH", "table", table, "missing", missing, "extra", extra);
  }

  public static RuntimeException expectationFailed(String table, String expectation) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_EXPECTATION_FAILED", "table", table, "expectation", expectation);
  }

  /**
   * Records the table had not read are gone from Kafka; {@code others} lists further lost ranges
   * (empty when there are none).
   */
  public static RuntimeException dataLoss(
      String table, String topic, int partition, long startOffset, long endOffset, String others) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_DATA_LOSS",
        "table",
        table,
        "topic",
        topic,
        "partition",
        String.valueOf(partition),
        "startOffset",
        String.valueOf(startOffset),
        "endOffset",
        String.valueOf(endOffset),
        "others",
        others);
  }

  /**
   * Spark's own error for a permanent object that reads a temporary view: a refresh in another
   * session would not find it.
   */
  /** A definition that reads a temporary {@code kind} (VIEW or FUNCTION), as Spark's views. */
  public static RuntimeException temporaryObjectInDefinition(
      String table, String object, String kind) {
    return KafkaSqlErrors.spark(
        "INVALID_TEMP_OBJ_REFERENCE",
        "objName",
        table,
        "obj",
        "STREAMING TABLE",
        "tempObjName",
        object,
        "tempObj",
        kind);
  }

  /** Spark's own error for a filter that is not a boolean, for an expectation's condition. */
  public static RuntimeException expectationNotBoolean(String condition, String type) {
    return KafkaSqlErrors.spark(
        "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN",
        "sqlExpr",
        condition,
        "filter",
        condition,
        "type",
        type);
  }

  /** Spark's own error for an expectation whose condition is not deterministic. */
  public static RuntimeException expectationNotDeterministic(String condition) {
    return KafkaSqlErrors.spark("INVALID_NON_DETERMINISTIC_EXPRESSIONS", "sqlExprs", condition);
  }

  /**
   * Spark's own error for an aggregate, window or generator function in a WHERE condition, for an
   * expectation's condition: an expectation is a condition on each row.
   */
  public static RuntimeException expectationNotRowWise(String condition) {
    return KafkaSqlErrors.spark(
        "INVALID_WHERE_CONDITION", "condition", condition, "expressionList", condition);
  }

  /** An expectation with a subquery: it checks each row on its own. */
  public static RuntimeException expectationSubquery(String name, String clause) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_EXPECTATION_SUBQUERY", "expectation", name, "clause", clause);
  }

  /** Spark's own error for a second constraint of one name: two expectations named alike. */
  public static RuntimeException duplicateExpectation(String name, String existing) {
    return KafkaSqlErrors.spark(
        "CONSTRAINT_ALREADY_EXISTS", "constraintName", name, "oldConstraint", existing);
  }

  /** Kafka went away during a refresh, which stopped it. */
  public static RuntimeException refreshBrokerUnreachable(
      String table, String servers, String timeout, String reason, String timeoutConf) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_REFRESH_BROKER_UNREACHABLE",
        "table",
        table,
        "servers",
        servers,
        "timeout",
        timeout,
        "reason",
        reason,
        "timeoutConf",
        timeoutConf);
  }

  /**
   * The brokers a streaming table reads from now belong to another Kafka cluster than the one its
   * offsets were read from.
   */
  public static RuntimeException clusterChanged(
      String table, String servers, String previousId, String currentId) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_CLUSTER_CHANGED",
        "table",
        table,
        "servers",
        servers,
        "previousId",
        previousId,
        "currentId",
        currentId);
  }

  /** A topic the table reads was deleted and created again: its topic id changed. */
  public static RuntimeException topicRecreated(
      String table, String topic, String previousId, String currentId) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_TOPIC_RECREATED",
        "table",
        table,
        "topic",
        topic,
        "previousId",
        previousId,
        "currentId",
        currentId);
  }

  /**
   * A Delta table the definition reads {@code FROM STREAM} deleted or changed rows (Delta's {@code
   * DELTA_SOURCE_IGNORE_DELETE} or {@code DELTA_SOURCE_TABLE_IGNORE_CHANGES}): only FULL gets past
   * it, so say that rather than that the next refresh will catch up.
   */
  public static RuntimeException sourceTableChanged(
      String table, String path, String version, Throwable cause) {
    return KafkaSqlErrors.errorCausedBy(
        cause, "KAFKA_SQL_SOURCE_TABLE_CHANGED", "table", table, "path", path, "version", version);
  }

  /**
   * A Delta table the definition reads {@code FROM STREAM} was dropped and created again (Delta's
   * {@code DIFFERENT_DELTA_TABLE_READ_BY_STREAMING_SOURCE}, which advises deleting the checkpoint):
   * only FULL gets past it.
   */
  public static RuntimeException sourceTableReplaced(
      String table, String previousId, String currentId, Throwable cause) {
    return KafkaSqlErrors.errorCausedBy(
        cause,
        "KAFKA_SQL_SOURCE_TABLE_REPLACED",
        "table",
        table,
        "previousId",
        previousId,
        "currentId",
        currentId);
  }

  public static RuntimeException refreshInProgress(String table) {
    return KafkaSqlErrors.error("KAFKA_SQL_REFRESH_IN_PROGRESS", "table", table);
  }

  public static RuntimeException fullRefreshAppendOnly(String table) {
    return KafkaSqlErrors.error("KAFKA_SQL_FULL_REFRESH_APPEND_ONLY", "table", table);
  }

  public static RuntimeException incompatibleChange(String table, String change) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_INCOMPATIBLE_DEFINITION_CHANGE", "table", table, "change", change);
  }

  public static RuntimeException refreshFailed(String table, String reason, Throwable cause) {
    return KafkaSqlErrors.errorCausedBy(
        cause, "KAFKA_SQL_REFRESH_FAILED", "table", table, "reason", reason);
  }

  /**
   * Delta refused a batch holding a NULL in a column the table declares NOT NULL; {@code column} is
   * Delta's name of it (nested fields with dots).
   */
  public static RuntimeException notNullViolated(String table, String column, Throwable cause) {
    List<String> parts = List.of(column.split("\\.", -1));
    String name = parts.get(parts.size() - 1).replaceAll("[^A-Za-z0-9_]", "_") + "_not_null";
    return KafkaSqlErrors.errorCausedBy(
        cause,
        "KAFKA_SQL_NOT_NULL_VIOLATED",
        "table",
        table,
        "column",
        column,
        "expectation",
        "CONSTRAINT "
            + name
            + " EXPECT ("
            + String.join(".", parts.stream().map(QuotingUtils::quoteIfNeeded).toList())
            + " IS NOT NULL) ON VIOLATION DROP ROW");
  }

  public static RuntimeException createOrReplaceStreamingTable(String table) {
    return KafkaSqlErrors.error("KAFKA_SQL_CREATE_OR_REPLACE_STREAMING_TABLE", "table", table);
  }

  /** A clause of Spark's CREATE TABLE that a streaming table cannot honour. */
  public static RuntimeException unsupportedTableClause(String clause, String reason, String hint) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_UNSUPPORTED_TABLE_CLAUSE", "clause", clause, "reason", reason, "hint", hint);
  }

  /** event_log(...) called with something other than one table. */
  public static RuntimeException eventLogArgument(String got) {
    return KafkaSqlErrors.error("KAFKA_SQL_EVENT_LOG_ARGUMENT", "got", got);
  }
}
