package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.VariantType;

/**
 * How one column of a Kafka record (key or value) is decoded: its format and schema options, and
 * for JSON with a schema the Catalyst type it declares ({@code jsonType}, parsed once).
 */
record Payload(
    Column column,
    Format format,
    String schema,
    DataType jsonType,
    String registry,
    RegistryAuth auth,
    String subject,
    String version) {

  /** The two payload columns and their options. */
  enum Column {
    KEY(
        ReadKafkaOptions.KEY_FORMAT,
        ReadKafkaOptions.KEY_SCHEMA,
        ReadKafkaOptions.KEY_SUBJECT,
        ReadKafkaOptions.KEY_SCHEMA_VERSION),
    VALUE(
        ReadKafkaOptions.VALUE_FORMAT,
        ReadKafkaOptions.VALUE_SCHEMA,
        ReadKafkaOptions.VALUE_SUBJECT,
        ReadKafkaOptions.VALUE_SCHEMA_VERSION);

    final KafkaOption formatOption;
    final KafkaOption schemaOption;
    final KafkaOption subjectOption;
    final KafkaOption versionOption;

    Column(
        KafkaOption formatOption,
        KafkaOption schemaOption,
        KafkaOption subjectOption,
        KafkaOption versionOption) {
      this.formatOption = formatOption;
      this.schemaOption = schemaOption;
      this.subjectOption = subjectOption;
      this.versionOption = versionOption;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The formats of {@code keyFormat} / {@code valueFormat}. */
  enum Format {
    BINARY,
    STRING,
    JSON,
    AVRO
  }

  /** Reads and checks the options of one column. */
  static Payload of(Column column, Function<KafkaOption, String> options) {
    String given = options.apply(column.formatOption);
    Format format =
        Format.valueOf(
            (given == null ? column.formatOption.defaultValue(false) : given)
                .trim()
                .toUpperCase(Locale.ROOT));
    String schema = options.apply(column.schemaOption);
    Payload p =
        new Payload(
            column,
            format,
            schema,
            jsonType(column, format, schema),
            format == Format.AVRO ? options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_ADDRESS) : null,
            format == Format.AVRO ? RegistryAuth.of(options) : null,
            options.apply(column.subjectOption),
            options.apply(column.versionOption));
    p.check();
    return p;
  }

  private void check() {
    for (KafkaOption o : new KafkaOption[] {column.subjectOption, column.versionOption}) {
      if (o != null
          && (o == column.subjectOption ? subject : version) != null
          && registry == null) {
        if (format == Format.AVRO) {
          // avro is right; what is missing is the registry the subject or version belongs to.
          throw OptionErrors.missingOption(
              ReadKafkaOptions.SCHEMA_REGISTRY_ADDRESS.name(),
              "schemaRegistryAddress => 'http://registry:8081' (`" + o.name() + "` refers to it)");
        }
        throw PayloadErrors.optionNeedsFormat(
            o.name(),
            column.formatOption.name(),
            formatLabel(),
            column.formatOption.name() + " => 'avro' and schemaRegistryAddress");
      }
    }
    if (registry != null && schema != null) {
      throw OptionErrors.conflictingOptions(
          List.of(column.schemaOption.name(), ReadKafkaOptions.SCHEMA_REGISTRY_ADDRESS.name()),
          "the schema of the " + column.label() + "s");
    }
    if (schema != null && (format == Format.BINARY || format == Format.STRING)) {
      throw PayloadErrors.optionNeedsFormat(
          column.schemaOption.name(),
          column.formatOption.name(),
          formatLabel(),
          column.formatOption.name() + " => 'json' or 'avro'");
    }
    if (jsonType != null) {
      DataType type = jsonType;
      if (!(type instanceof StructType
          || type instanceof ArrayType
          || type instanceof MapType
          || type instanceof VariantType)) {
        throw OptionErrors.invalidOptionValue(
            column.schemaOption.name(),
            "'" + schema + "'",
            column.schemaOption.type().sqlName(),
            "is a plain "
                + type.sql()
                + ": JSON is read as an object (columns and types), an ARRAY, a MAP or a VARIANT",
            "Write it as columns and types, e.g. 'id BIGINT, amount DOUBLE'; for a bare JSON"
                + " number or string, read "
                + column.formatOption.name()
                + " => 'string' and cast it.");
      }
      String clash = PayloadColumns.caseClash(type);
      if (clash != null) {
        throw OptionErrors.invalidOptionValue(
            column.schemaOption.name(),
            "'" + schema + "'",
            column.schemaOption.type().sqlName(),
            "declares " + clash + ", which Spark SQL does not tell apart",
            "Declare one of them (spark.sql.caseSensitive is false).");
      }
    }
    if (format == Format.AVRO && schema == null && registry == null) {
      throw PayloadColumns.missingSchema(
          this,
          "give schemaRegistryAddress => 'http://host:port' for Confluent's wire format, or "
              + column.schemaOption.name()
              + " => '<Avro schema as JSON>' for plain Avro bodies");
    }
  }

  /** JSON without a declared schema: the schema is inferred from a sample of the topic. */
  boolean infersSchema() {
    return format == Format.JSON && schema == null;
  }

  /** This payload with an inferred schema. */
  Payload withSchema(String ddl) {
    return new Payload(
        column, format, ddl, jsonType(column, format, ddl), registry, auth, subject, version);
  }

  private static DataType jsonType(Column column, Format format, String schema) {
    return format == Format.JSON && schema != null
        ? PayloadColumns.ddl(column.schemaOption, schema)
        : null;
  }

  boolean viaRegistry() {
    return registry != null;
  }

  boolean isBinary() {
    return format == Format.BINARY;
  }

  KafkaOption formatOption() {
    return column.formatOption;
  }

  KafkaOption schemaOption() {
    return column.schemaOption;
  }

  String formatLabel() {
    return format.name().toLowerCase(Locale.ROOT);
  }
}
