package io.github.sparkkafkasql.errors;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.trees.Origin;
import org.apache.spark.sql.catalyst.util.QuotingUtils;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Factories for the errors of this extension: one method per condition of {@code
 * kafka-sql-error-conditions.json}. Each throws an {@link AnalysisException} that carries the
 * condition, its SQLSTATE and its parameters, so SQL clients see a stable error class; write {@code
 * throw KafkaSqlErrors.x(…)} so the compiler knows the call does not return.
 */
public final class KafkaSqlErrors {

  /** The function name as messages show it. */
  public static final String READ_KAFKA = "`read_kafka`";

  private KafkaSqlErrors() {}

  public static RuntimeException missingOption(String option, String example) {
    return error(
        "KAFKA_SQL_MISSING_OPTION", "function", READ_KAFKA, "option", option, "example", example);
  }

  public static RuntimeException positionalArgument(int position, String argumentSql) {
    return error(
        "KAFKA_SQL_POSITIONAL_ARGUMENT",
        "function",
        READ_KAFKA,
        "position",
        String.valueOf(position),
        "argument",
        argumentSql);
  }

  public static RuntimeException topicSelection(String problem) {
    return error("KAFKA_SQL_TOPIC_SELECTION", "function", READ_KAFKA, "problem", problem);
  }

  public static RuntimeException conflictingOptions(List<String> options, String what) {
    return error(
        "KAFKA_SQL_CONFLICTING_OPTIONS",
        "options",
        options.stream().map(QuotingUtils::quoteIdentifier).collect(Collectors.joining(" and ")),
        "function",
        READ_KAFKA,
        "what",
        what);
  }

  public static RuntimeException nonConstantOption(String option, String expressionSql) {
    return error("KAFKA_SQL_NON_CONSTANT_OPTION", "option", option, "expression", expressionSql);
  }

  public static RuntimeException nullOption(String option) {
    return error("KAFKA_SQL_NULL_OPTION", "option", option);
  }

  /**
   * A value that does not fit its option. {@code shownValue} is already quoted, or a redaction
   * marker for secrets.
   */
  public static RuntimeException invalidOptionValue(
      String option, String shownValue, String type, String problem, String hint) {
    return error(
        "KAFKA_SQL_INVALID_OPTION_VALUE",
        "option",
        option,
        "value",
        shownValue,
        "type",
        type,
        "problem",
        problem,
        "hint",
        hint.isEmpty() ? "" : " " + hint);
  }

  public static RuntimeException optionNotInScope(
      String option, String scope, String mode, String hint) {
    return error(
        "KAFKA_SQL_OPTION_NOT_IN_SCOPE",
        "option",
        option,
        "scope",
        scope,
        "mode",
        mode,
        "hint",
        hint);
  }

  public static RuntimeException unsupportedKafkaOption(String option, String hint) {
    return error(
        "KAFKA_SQL_UNSUPPORTED_KAFKA_OPTION",
        "option",
        option,
        "function",
        READ_KAFKA,
        "hint",
        hint);
  }

  public static RuntimeException brokerUnreachable(
      String servers, String timeout, String reason, String timeoutConf) {
    return error(
        "KAFKA_SQL_BROKER_UNREACHABLE",
        "servers",
        servers,
        "timeout",
        timeout,
        "reason",
        reason,
        "timeoutConf",
        timeoutConf);
  }

  public static RuntimeException topicNotFound(String topics, String servers, String suggestion) {
    return error(
        "KAFKA_SQL_TOPIC_NOT_FOUND",
        "topics",
        topics,
        "servers",
        servers,
        "suggestion",
        suggestion);
  }

  public static RuntimeException partitionNotFound(
      String topic, int partition, int count, String option) {
    return error(
        "KAFKA_SQL_PARTITION_NOT_FOUND",
        "topic",
        topic,
        "partition",
        String.valueOf(partition),
        "count",
        String.valueOf(count),
        "option",
        option);
  }

  public static RuntimeException noRecordAtTimestamp(String partitions) {
    return error("KAFKA_SQL_NO_RECORD_AT_TIMESTAMP", "partitions", partitions);
  }

  public static RuntimeException jsonPathType(String expression, String type) {
    return error("KAFKA_SQL_JSON_PATH_TYPE", "expression", expression, "type", type);
  }

  public static RuntimeException secretUsage() {
    return error("KAFKA_SQL_SECRET_USAGE");
  }

  public static RuntimeException secretNotFound(
      String name, String option, String conf, String env) {
    return error(
        "KAFKA_SQL_SECRET_NOT_FOUND", "name", name, "option", option, "conf", conf, "env", env);
  }

  public static RuntimeException secretInDefinition(String option) {
    return error("KAFKA_SQL_SECRET_IN_DEFINITION", "option", option);
  }

  public static RuntimeException streamingReadOutsideTable(String conf) {
    return error("KAFKA_SQL_STREAMING_READ_OUTSIDE_TABLE", "conf", conf);
  }

  /**
   * Spark's own syntax error, as a {@link ParseException} that shows the statement with a caret
   * (other parsers in the chain, such as Delta's, pass ParseExceptions through unchanged).
   */
  public static RuntimeException syntaxError(String sql, int offset, String found, String hint) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset && i < sql.length(); i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    Origin origin =
        new Origin(
            Option.apply(line),
            Option.apply(offset - lineStart),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty(),
            Option.empty());
    throw KafkaSqlErrors.<RuntimeException>sneaky(
        new ParseException(
            Option.apply(sql),
            origin,
            "PARSE_SYNTAX_ERROR",
            params("error", found, "hint", ": " + hint)));
  }

  /** Spark's own condition for a missing table, with the session's search path. */
  public static RuntimeException tableNotFound(SparkSession spark, String table) {
    String searchPath =
        "["
            + QuotingUtils.quoteIdentifier(spark.catalog().currentCatalog())
            + "."
            + QuotingUtils.quoteIdentifier(spark.catalog().currentDatabase())
            + "]";
    return spark("TABLE_OR_VIEW_NOT_FOUND", "relationName", table, "searchPath", searchPath);
  }

  /** Spark's own condition for a name that is taken. */
  public static RuntimeException tableAlreadyExists(String table) {
    return spark("TABLE_OR_VIEW_ALREADY_EXISTS", "relationName", table);
  }

  public static RuntimeException notAStreamingTable(String table) {
    return error("KAFKA_SQL_NOT_A_STREAMING_TABLE", "table", table);
  }

  public static RuntimeException notAStreamingQuery(String table) {
    return error("KAFKA_SQL_NOT_A_STREAMING_QUERY", "table", table);
  }

  public static RuntimeException columnsMismatch(String table, String missing, String extra) {
    return error("KAFKA_SQL_COLUMNS_MISMATCH", "table", table, "missing", missing, "extra", extra);
  }

  public static RuntimeException expectationFailed(String table, String expectation) {
    return error("KAFKA_SQL_EXPECTATION_FAILED", "table", table, "expectation", expectation);
  }

  public static RuntimeException refreshInProgress(String table) {
    return error("KAFKA_SQL_REFRESH_IN_PROGRESS", "table", table);
  }

  public static RuntimeException fullRefreshAppendOnly(String table) {
    return error("KAFKA_SQL_FULL_REFRESH_APPEND_ONLY", "table", table);
  }

  public static RuntimeException incompatibleChange(String table, String change) {
    return error("KAFKA_SQL_INCOMPATIBLE_DEFINITION_CHANGE", "table", table, "change", change);
  }

  public static RuntimeException refreshFailed(String table, String reason, Throwable cause) {
    ErrorConditions.Condition c = ErrorConditions.get("KAFKA_SQL_REFRESH_FAILED");
    return raise(
        new AnalysisException(
            "KAFKA_SQL_REFRESH_FAILED",
            c.sqlState(),
            c.template(),
            params("table", table, "reason", reason),
            Option.apply(cause),
            Option.empty()));
  }

  public static RuntimeException metadataFailed(String servers, String what, String reason) {
    return error("KAFKA_SQL_METADATA_FAILED", "servers", servers, "what", what, "reason", reason);
  }

  /** Spark's own condition for an unknown named argument, with the closest option names. */
  public static RuntimeException unknownOption(String name, List<String> proposals) {
    return spark(
        "UNRECOGNIZED_PARAMETER_NAME",
        "routineName",
        READ_KAFKA,
        "argumentName",
        QuotingUtils.quoteIdentifier(name),
        "proposal",
        proposals.stream().map(QuotingUtils::quoteIdentifier).collect(Collectors.joining(" ")));
  }

  /** Spark's own condition for an option given twice. */
  public static RuntimeException duplicateOption(String name) {
    return spark(
        "DUPLICATE_ROUTINE_PARAMETER_ASSIGNMENT.DOUBLE_NAMED_ARGUMENT_REFERENCE",
        "routineName",
        READ_KAFKA,
        "parameterName",
        QuotingUtils.quoteIdentifier(name));
  }

  static RuntimeException error(String condition, String... keyValues) {
    ErrorConditions.Condition c = ErrorConditions.get(condition);
    return raise(
        new AnalysisException(
            condition,
            c.sqlState(),
            c.template(),
            params(keyValues),
            Option.empty(),
            Option.empty()));
  }

  static RuntimeException spark(String condition, String... keyValues) {
    return raise(new AnalysisException(condition, params(keyValues)));
  }

  /**
   * Throws {@code e} although Java sees AnalysisException as checked (Scala has no checked
   * exceptions, and Spark's analyzer expects it thrown from rules and builders). Declared to return
   * so that call sites read {@code throw KafkaSqlErrors.x(…)}; it never returns.
   */
  public static RuntimeException raise(AnalysisException e) {
    throw KafkaSqlErrors.<RuntimeException>sneaky(e);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  private static scala.collection.immutable.Map<String, String> params(String... keyValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return scala.collection.immutable.Map.from(CollectionConverters.asScala(m));
  }

  public static RuntimeException createOrReplaceStreamingTable(String table) {
    return error("KAFKA_SQL_CREATE_OR_REPLACE_STREAMING_TABLE", "table", table);
  }

  /** A clause of Spark's CREATE TABLE that a streaming table cannot honour. */
  public static RuntimeException unsupportedTableClause(String clause, String reason, String hint) {
    return error(
        "KAFKA_SQL_UNSUPPORTED_TABLE_CLAUSE", "clause", clause, "reason", reason, "hint", hint);
  }
}
