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
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
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

  /**
   * The plan of a {@code read_kafka} call with its payloads decoded, or {@code relation} itself
   * when both stay binary. {@code options} gives the bound value of an option (null when absent);
   * {@code batchSource} is the batch read that JSON schemas are inferred from, null for a streaming
   * read, which must declare them.
   */
  public static LogicalPlan decode(
      LogicalPlan relation,
      Function<KafkaOption, String> options,
      long timeoutMs,
      ReadKafkaSource batchSource) {
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
    if (options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_AUTH) != null && registry == null) {
      throw OptionErrors.missingOption(
          ReadKafkaOptions.SCHEMA_REGISTRY_ADDRESS.name(),
          "schemaRegistryAddress => 'http://registry:8081' (`"
              + ReadKafkaOptions.SCHEMA_REGISTRY_AUTH.name()
              + "` is for it)");
    }
    DecodeErrorColumns errors = DecodeErrorColumns.of(options, batchSource == null, key, value);
    // After the option checks: inference reads a sample from Kafka.
    if (key.infersSchema() || value.infersSchema()) {
      if (batchSource == null) {
        Payload p = value.infersSchema() ? value : key;
        throw missingSchema(
            p,
            "a streaming table keeps the schema it was created with, and inferring it again at"
                + " each refresh could change it, so declare it with "
                + p.schemaOption().name()
                + " => 'id BIGINT, name STRING, …' (DESCRIBE QUERY of a batch read_kafka shows the"
                + " inferred one)");
      }
      JsonInference inference = new JsonInference(batchSource, options);
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
        Expression decoder = decoder(payload, a, output, options, timeoutMs);
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
      long timeoutMs) {
    Expression asString = builtin("string", bytes);
    switch (payload.format()) {
      case STRING:
        return asString;
      case JSON:
        return named(
            payload, builtin("from_json", asString, text(payload.schema()), failFast()), output);
      case AVRO:
        if (payload.viaRegistry()) {
          RegistryClient.Version reader = ReaderSchemas.resolve(payload, options, timeoutMs);
          Schema schema = new Schema.Parser().parse(reader.schema());
          DataType type = SchemaConverters.toSqlType(schema).dataType();
          return named(
              payload,
              new RegistryAvroDecoder(
                  bytes, payload.registry(), payload.auth(), reader.schema(), type, timeoutMs),
              output);
        }
        parseAvro(payload);
        return named(
            payload, builtin("from_avro", bytes, text(payload.schema()), failFast()), output);
      default:
        throw new IllegalStateException("No decoder for " + payload.format());
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

  /** Signals a missing schema. */
  static RuntimeException missingSchema(Payload p, String fix) {
    return PayloadErrors.schemaMissing(p.formatOption().name(), p.formatLabel(), fix);
  }
}
