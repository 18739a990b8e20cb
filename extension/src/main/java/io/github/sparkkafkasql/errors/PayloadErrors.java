package io.github.sparkkafkasql.errors;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.AnalysisException;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Factories for the errors of typed payloads ({@code keyFormat} / {@code valueFormat} of {@code
 * read_kafka}), one method per condition, as in {@link KafkaSqlErrors}.
 */
public final class PayloadErrors {

  private PayloadErrors() {}

  /** A format that needs a schema, given none. */
  public static RuntimeException schemaMissing(String formatOption, String format, String fix) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_PAYLOAD_SCHEMA_MISSING",
        "formatOption",
        formatOption,
        "format",
        format,
        "fix",
        fix);
  }

  /** A stored payload schema that the newly settled one would shrink or retype. */
  public static RuntimeException schemaIncompatible(
      String column, String field, String change, String fix) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_PAYLOAD_SCHEMA_INCOMPATIBLE",
        "column",
        column,
        "field",
        field,
        "change",
        change,
        "fix",
        fix);
  }

  /** JSON inference that found nothing to infer from. */
  public static RuntimeException schemaNotInferred(
      String column, String topics, String reason, String schemaOption) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_JSON_SCHEMA_NOT_INFERRED",
        "column",
        column,
        "topics",
        topics,
        "reason",
        reason,
        "schemaOption",
        schemaOption);
  }

  /** An option that only applies with another format than the one given. */
  public static RuntimeException optionNeedsFormat(
      String option, String formatOption, String format, String formats) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_PAYLOAD_OPTION_NEEDS_FORMAT",
        "option",
        option,
        "formatOption",
        formatOption,
        "format",
        format,
        "formats",
        formats);
  }

  public static RuntimeException registryUnreachable(
      String address, String timeout, String reason, String timeoutConf) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEMA_REGISTRY_UNREACHABLE",
        "address",
        address,
        "timeout",
        timeout,
        "reason",
        reason,
        "timeoutConf",
        timeoutConf);
  }

  /** The TLS handshake with the registry failed; {@code fix} names the TLS options. */
  public static RuntimeException registryTlsFailed(String address, String reason, String fix) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEMA_REGISTRY_TLS_FAILED", "address", address, "reason", reason, "fix", fix);
  }

  /** A trust or key store of the registry that cannot be read where the connection is made. */
  public static RuntimeException registryStoreUnreadable(String option, String reason) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEMA_REGISTRY_STORE_UNREADABLE", "option", option, "reason", reason);
  }

  public static RuntimeException registryFailed(String address, String request, String answer) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEMA_REGISTRY_FAILED",
        "address",
        address,
        "request",
        request,
        "answer",
        answer);
  }

  /** A subject whose schema type (Confluent's {@code schemaType}) is JSON or PROTOBUF. */
  public static RuntimeException schemaNotAvro(
      String subject,
      String address,
      String schemaType,
      int version,
      String formatOption,
      String subjectOption) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEMA_NOT_AVRO",
        "subject",
        subject,
        "address",
        address,
        "schemaType",
        schemaType,
        "version",
        String.valueOf(version),
        "formatOption",
        formatOption,
        "column",
        formatOption.startsWith("key") ? "key" : "value",
        "subjectOption",
        subjectOption);
  }

  /**
   * A registry schema Spark has no type for (a recursive record): {@code version} is the subject's
   * version, or "stored" for a streaming table's stored reader schema.
   */
  public static RuntimeException schemaWithoutSparkType(
      String subject, String address, String version, String problem, String formatOption) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEMA_WITHOUT_SPARK_TYPE",
        "subject",
        subject,
        "address",
        address,
        "version",
        version,
        "problem",
        problem,
        "formatOption",
        formatOption,
        "column",
        formatOption.startsWith("key") ? "key" : "value");
  }

  /** {@code suggestion} is empty or a sentence naming the closest subjects. */
  public static RuntimeException subjectNotFound(
      String subject, String address, String suggestion, String subjectOption) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEMA_SUBJECT_NOT_FOUND",
        "subject",
        subject,
        "address",
        address,
        "suggestion",
        suggestion,
        "subjectOption",
        subjectOption);
  }

  public static RuntimeException subjectAmbiguous(
      String formatOption, String topics, String subjectOption) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_SCHEMA_SUBJECT_AMBIGUOUS",
        "formatOption",
        formatOption,
        "topics",
        topics,
        "subjectOption",
        subjectOption);
  }

  /**
   * A record whose key or value does not decode. {@code schemaId} is empty when the format has no
   * schema ids; {@code reason} says what was wrong, without the record's content.
   */
  public static RecordDecodeException decodeFailed(
      String column,
      String format,
      String topic,
      int partition,
      long offset,
      String schemaId,
      String reason,
      Throwable cause) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("column", column);
    p.put("format", format);
    p.put("topic", topic);
    p.put("partition", String.valueOf(partition));
    p.put("offset", String.valueOf(offset));
    p.put("schemaId", schemaId);
    p.put("reason", reason);
    return new RecordDecodeException("KAFKA_SQL_RECORD_DECODE_FAILED", p, cause);
  }

  /**
   * A decode failure that stopped a streaming table's refresh, raised again on the driver with the
   * record's condition and parameters, so that the user sees which record rather than a wrapped job
   * failure. {@code cause} is the refresh's failure.
   */
  public static RuntimeException decodeFailedInRefresh(SparkThrowable e, Throwable cause) {
    ErrorConditions.Condition c = ErrorConditions.get(e.getCondition());
    return KafkaSqlErrors.raise(
        new AnalysisException(
            e.getCondition(),
            c.sqlState(),
            c.template(),
            scala.collection.immutable.Map.from(
                CollectionConverters.asScala(e.getMessageParameters())),
            Option.apply(cause),
            Option.empty()));
  }

  /** onDecodeError => 'quarantine' over a query that an undecodable record cannot pass. */
  public static RuntimeException quarantineUnsupportedQuery(String table, String operator) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_QUARANTINE_UNSUPPORTED_QUERY", "table", table, "operator", operator);
  }

  /** A dead-letter table name that an unrelated table already holds. */
  public static RuntimeException quarantineTableTaken(String table, String quarantine) {
    return KafkaSqlErrors.error(
        "KAFKA_SQL_QUARANTINE_TABLE_TAKEN", "table", table, "quarantine", quarantine);
  }
}
