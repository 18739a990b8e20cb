package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Puts the decoding of {@code keyFormat} / {@code valueFormat} in a Project above Spark's Kafka
 * relation: the {@code key} and {@code value} columns keep their names and take the decoded type;
 * the other columns pass through unchanged, so filters on them still reach the relation.
 */
public final class PayloadColumns {

  private PayloadColumns() {}

  /** The options of how a registry is reached: they need {@code schemaRegistryAddress}. */
  private static final List<KafkaOption> REGISTRY_OPTIONS =
      List.of(
          ReadKafkaOptions.SCHEMA_REGISTRY_AUTH,
          ReadKafkaOptions.SCHEMA_REGISTRY_BEARER_TOKEN,
          ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION,
          ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD,
          ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_TYPE,
          ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_LOCATION,
          ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_PASSWORD,
          ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_TYPE);

  /**
   * The plan of a {@code read_kafka} call with its payloads decoded, or {@code relation} itself
   * when both stay binary. {@code options} gives the bound value of an option (null when absent);
   * {@code source} is the read that JSON schemas are inferred from; {@code schemas} holds the
   * payload schemas of the streaming table whose definition is analysed, null elsewhere (where a
   * streaming read must declare JSON schemas).
   */
  public static LogicalPlan decode(
      LogicalPlan relation,
      Function<KafkaOption, String> options,
      long timeoutMs,
      ReadKafkaSource source,
      boolean streaming,
      PayloadSchemas schemas) {
    Payload key = Payload.of(Payload.Column.KEY, options);
    Payload value = Payload.of(Payload.Column.VALUE, options);
    String registry = options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_ADDRESS);
    if (registry != null && !key.viaRegistry() && !value.viaRegistry()) {
      throw PayloadErrors.optionNeedsFormat(
          ReadKafkaOptions.SCHEMA_REGISTRY_ADDRESS.name(),
          value.formatOption().name(),
          value.formatLabel(),
          "valueFormat => 'avro' or keyFormat => 'avro'");
    }
    for (KafkaOption o : REGISTRY_OPTIONS) {
      if (options.apply(o) != null && registry == null) {
        throw OptionErrors.missingOption(
            ReadKafkaOptions.SCHEMA_REGISTRY_ADDRESS.name(),
            "schemaRegistryAddress => 'https://registry:8081' (`" + o.name() + "` is for it)");
      }
    }
    if (options.apply(ReadKafkaOptions.RESCUED_DATA_COLUMN) != null
        && key.format() != Payload.Format.JSON
        && value.format() != Payload.Format.JSON) {
      throw PayloadErrors.optionNeedsFormat(
          ReadKafkaOptions.RESCUED_DATA_COLUMN.name(),
          value.formatOption().name(),
          value.formatLabel(),
          "valueFormat => 'json' or keyFormat => 'json'");
    }
    DecodeErrorColumns errors = DecodeErrorColumns.of(options, streaming, key, value);
    // After the option checks: inference reads a sample from Kafka.
    if (schemas != null) {
      key = schemas.settle(key, options, source, timeoutMs);
      value = schemas.settle(value, options, source, timeoutMs);
    } else if (key.infersSchema() || value.infersSchema()) {
      if (streaming) {
        Payload p = value.infersSchema() ? value : key;
        throw missingSchema(
            p,
            "a STREAM read outside a streaming table does not infer it (each start could infer"
                + " another one), so declare it with "
                + p.schemaOption().name()
                + " => 'id BIGINT, name STRING, …' (DESCRIBE QUERY of a batch read_kafka shows the"
                + " inferred one), or read it in a streaming table, which infers it once when it"
                + " is created and stores it");
      }
      JsonInference inference = new JsonInference(source, options);
      key = key.infersSchema() ? inference.infer(key) : key;
      value = value.infersSchema() ? inference.infer(value) : value;
    }
    if (key.isBinary() && value.isBinary()) {
      return relation;
    }
    List<Attribute> output = CollectionConverters.asJava(relation.output());
    List<NamedExpression> projected = new ArrayList<>();
    Map<Attribute, Expression> decoders = new LinkedHashMap<>();
    for (Attribute a : output) {
      String name = a.name().toLowerCase(Locale.ROOT);
      Payload payload = name.equals("key") ? key : name.equals("value") ? value : null;
      if (payload == null || payload.isBinary()) {
        projected.add(a);
      } else {
        String rescued = rescuedColumn(payload, options, schemas);
        Expression decoder = decoder(payload, a, output, options, timeoutMs, rescued);
        decoders.put(a, decoder);
        projected.add(alias(decoder, a.name()));
      }
    }
    return errors.fails()
        ? new Project(CollectionConverters.asScala(projected).toList(), relation)
        : errors.project(relation, decoders);
  }

  private static Expression decoder(
      Payload payload,
      Attribute bytes,
      List<Attribute> output,
      Function<KafkaOption, String> options,
      long timeoutMs,
      String rescued) {
    Expression asString = builtin("string", bytes);
    switch (payload.format()) {
      case STRING:
        return asString;
      case JSON:
        Expression json =
            rescued != null
                ? RescuedData.decoder(asString, (StructType) payload.jsonType(), rescued)
                : builtin("from_json", asString, text(payload.schema()), failFast());
        return named(payload, new WholeJson(bytes, json), output);
      case AVRO:
        if (payload.viaRegistry()) {
          // A streaming table's stored reader schema (checked when it was stored), else the
          // subject's version now.
          RegistryClient.Version version =
              payload.schema() != null ? null : ReaderSchemas.resolve(payload, options, timeoutMs);
          String readerJson = version == null ? payload.schema() : version.schema();
          DataType type =
              avroType(
                  new Schema.Parser().parse(readerJson),
                  problem ->
                      PayloadErrors.schemaWithoutSparkType(
                          ReaderSchemas.subject(payload, options),
                          payload.registry(),
                          version == null ? "stored" : String.valueOf(version.version()),
                          problem,
                          payload.formatOption().name()));
          return named(
              payload,
              new AvroDecoder(
                  bytes, payload.registry(), payload.auth(), readerJson, type, timeoutMs),
              output);
        }
        // Not Spark's from_avro, which ignores bytes after the record.
        return named(
            payload,
            AvroDecoder.inline(
                bytes,
                payload.schema(),
                avroType(
                    parseAvro(payload),
                    problem ->
                        OptionErrors.invalidOptionValue(
                            payload.schemaOption().name(),
                            "'" + payload.schema() + "'",
                            payload.schemaOption().type().sqlName(),
                            problem,
                            "Read the "
                                + payload.column().label()
                                + " with "
                                + payload.formatOption().name()
                                + " => 'binary' and decode it in SQL, or use a schema without "
                                + (problem.startsWith("is recursive")
                                    ? "recursion."
                                    : "that type.")))),
            output);
      default:
        throw new IllegalStateException("No decoder for " + payload.format());
    }
  }

  /**
   * The rescued-data field of a JSON payload, or null: in a streaming table, as its payload schemas
   * say; elsewhere, when rescuedDataColumn names one.
   */
  private static String rescuedColumn(
      Payload p, Function<KafkaOption, String> options, PayloadSchemas schemas) {
    if (p.format() != Payload.Format.JSON) {
      return null;
    }
    if (schemas != null) {
      return schemas.rescuedColumn(p, options);
    }
    String given = options.apply(ReadKafkaOptions.RESCUED_DATA_COLUMN);
    return given == null ? null : RescuedData.field(p, given.trim(), true);
  }

  /**
   * The Catalyst type of an Avro schema, or the error {@code error} makes of why Spark has none (a
   * recursive record, above all: Spark's advice, an option of from_avro, is not read_kafka's).
   */
  private static DataType avroType(Schema schema, Function<String, RuntimeException> error) {
    try {
      return SchemaConverters.toSqlType(schema).dataType();
    } catch (Exception e) { // IncompatibleSchemaException, UnsupportedAvroTypeException
      String message = String.valueOf(e.getMessage());
      String why =
          message.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
      throw error.apply(
          message.toLowerCase(Locale.ROOT).contains("recursive")
              ? "is recursive (a record contains itself), which Spark's types cannot hold"
              : "has no Spark type (" + why + ")");
    }
  }

  private static Schema parseAvro(Payload payload) {
    try {
      return new Schema.Parser().parse(payload.schema());
    } catch (RuntimeException e) {
      throw OptionErrors.invalidOptionValue(
          payload.schemaOption().name(),
          "'" + payload.schema() + "'",
          payload.schemaOption().type().sqlName(),
          "is not an Avro schema (" + e.getMessage() + ")",
          "Write the schema as JSON, e.g. '{\"type\":\"record\",\"name\":\"Order\",\"fields\":"
              + "[{\"name\":\"id\",\"type\":\"long\"}]}'.");
    }
  }

  /** The decoder wrapped so that a failure names the record. */
  private static Expression named(Payload payload, Expression decoder, List<Attribute> output) {
    return new DecodeRecord(
        decoder,
        column(output, "topic"),
        column(output, "partition"),
        column(output, "offset"),
        payload.column().label(),
        payload.formatLabel());
  }

  private static Attribute column(List<Attribute> output, String name) {
    return output.stream()
        .filter(a -> a.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("Kafka relation without " + name));
  }

  private static Expression failFast() {
    return builtin("map", text("mode"), text("FAILFAST"));
  }

  /**
   * A built-in function by name, built as SQL would build it (from_json, from_avro): no coupling to
   * the constructors of Spark's expression classes.
   */
  static Expression builtin(String name, Expression... args) {
    Seq<Expression> seq = CollectionConverters.asScala(List.of(args)).toList();
    return (Expression)
        FunctionRegistry$.MODULE$.builtin().lookupFunction(FunctionIdentifier.apply(name), seq);
  }

  private static Literal text(String s) {
    return Literal.create(s, DataTypes.StringType);
  }

  private static NamedExpression alias(Expression child, String name) {
    return new Alias(
        child,
        name,
        NamedExpression$.MODULE$.newExprId(),
        CollectionConverters.asScala(List.<String>of()).toList(),
        Option.<org.apache.spark.sql.types.Metadata>empty(),
        CollectionConverters.asScala(List.<String>of()).toList());
  }

  /** The Catalyst type a DDL schema option declares, or an invalid-option error. */
  static DataType ddl(KafkaOption option, String ddl) {
    try {
      return DataType.fromDDL(ddl);
    } catch (Exception e) { // Spark's ParseException, checked for Java
      throw OptionErrors.invalidOptionValue(
          option.name(),
          "'" + ddl + "'",
          option.type().sqlName(),
          "is not a DDL schema ("
              + e.getMessage().lines().filter(l -> !l.isBlank()).findFirst().orElse("").trim()
              + ")",
          "Write it as columns and types, e.g. 'id BIGINT, amount DOUBLE'.");
    }
  }

  /**
   * Two top-level fields of {@code schema} whose names differ only in case, as "`a` and `A`", or
   * null: in a case-insensitive session (the default) no query can tell them apart.
   */
  static String caseClash(DataType schema) {
    if (!(schema instanceof StructType struct) || SQLConf.get().caseSensitiveAnalysis()) {
      return null;
    }
    Map<String, String> seen = new java.util.HashMap<>();
    for (String name : struct.fieldNames()) {
      String before = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      if (before != null) {
        return "`" + before + "` and `" + name + "`";
      }
    }
    return null;
  }

  /** Signals a missing schema. */
  static RuntimeException missingSchema(Payload p, String fix) {
    return PayloadErrors.schemaMissing(p.formatOption().name(), p.formatLabel(), fix);
  }
}
