package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * {@code onDecodeError}: what a record that does not decode does. {@code fail} (the default) leaves
 * {@link DecodeRecord}'s error to stop the query. {@code null} and {@code quarantine} decode each
 * column once, catching the error ({@link CatchDecodeError}), in a Project below the one that
 * exposes the columns: {@code null} adds {@value #ERROR_COLUMN} (the error, NULL when the record
 * decodes); {@code quarantine} adds {@value #QUARANTINE_COLUMN}, the record's coordinates, bytes
 * and error when it does not decode, which a streaming table's refresh sends to its dead-letter
 * table.
 */
public final class DecodeErrorColumns {

  /** The error column of {@code onDecodeError => 'null'}. */
  public static final String ERROR_COLUMN = "_decode_error";

  /** The column of {@code onDecodeError => 'quarantine'}: NULL for records that decode. */
  public static final String QUARANTINE_COLUMN = "_kafka_sql_quarantine";

  /** Metadata key of {@value #QUARANTINE_COLUMN} naming the table {@code quarantineTable} gives. */
  public static final String QUARANTINE_TABLE_KEY = "quarantineTable";

  /** What {@value #QUARANTINE_COLUMN} holds, and the columns of a dead-letter table. */
  public static final StructType QUARANTINE_TYPE =
      new StructType()
          .add("topic", DataTypes.StringType)
          .add("partition", DataTypes.IntegerType)
          .add("offset", DataTypes.LongType)
          .add("timestamp", DataTypes.TimestampType)
          .add("key", DataTypes.BinaryType)
          .add("value", DataTypes.BinaryType)
          .add("error_condition", DataTypes.StringType)
          .add("error_message", DataTypes.StringType)
          .add("expectation", DataTypes.StringType)
          .add("row", DataTypes.StringType);

  private enum Mode {
    FAIL,
    NULL,
    QUARANTINE
  }

  private final Mode mode;
  private final String quarantineTable;

  private DecodeErrorColumns(Mode mode, String quarantineTable) {
    this.mode = mode;
    this.quarantineTable = quarantineTable;
  }

  /**
   * Reads and checks {@code onDecodeError} for a read that decodes {@code key} and {@code value}.
   */
  static DecodeErrorColumns of(
      Function<KafkaOption, String> options, boolean streaming, Payload key, Payload value) {
    KafkaOption option = ReadKafkaOptions.ON_DECODE_ERROR;
    String given = options.apply(option);
    String table = options.apply(ReadKafkaOptions.QUARANTINE_TABLE);
    Mode mode =
        Mode.valueOf(
            (given == null ? option.defaultValue(streaming) : given)
                .trim()
                .toUpperCase(Locale.ROOT));
    if (given != null && canNotFail(key) && canNotFail(value)) {
      throw PayloadErrors.optionNeedsFormat(
          option.name(),
          value.formatOption().name(),
          value.formatLabel(),
          "valueFormat (or keyFormat) 'json' or 'avro'");
    }
    if (mode == Mode.NULL && streaming) {
      throw OptionErrors.invalidOptionValue(
          option.name(),
          "'null'",
          option.type().sqlName(),
          "is for batch reads: a streaming table would lose the records that do not decode for"
              + " good, as its next refresh starts after them",
          "Use onDecodeError => 'quarantine', which writes them to a dead-letter table.");
    }
    if (mode == Mode.QUARANTINE && !streaming) {
      throw OptionErrors.invalidOptionValue(
          option.name(),
          "'quarantine'",
          option.type().sqlName(),
          "is for streaming tables, which write the records that do not decode to a dead-letter"
              + " table",
          "In a batch read use onDecodeError => 'null': NULL and the error in a `"
              + ERROR_COLUMN
              + "` column.");
    }
    if (table != null && mode != Mode.QUARANTINE) {
      throw OptionErrors.missingOption(
          option.name(),
          "onDecodeError => 'quarantine' (`"
              + ReadKafkaOptions.QUARANTINE_TABLE.name()
              + "` names its table)");
    }
    if (table != null && (table.contains(".") || table.contains("`"))) {
      throw OptionErrors.invalidOptionValue(
          ReadKafkaOptions.QUARANTINE_TABLE.name(),
          "'" + table + "'",
          ReadKafkaOptions.QUARANTINE_TABLE.type().sqlName(),
          "is not a plain table name: the dead-letter table is created in the streaming table's"
              + " schema",
          "Give only the name, e.g. quarantineTable => 'orders_rejected'.");
    }
    return new DecodeErrorColumns(mode, table);
  }

  private static boolean canNotFail(Payload p) {
    return p.isBinary() || p.format() == Payload.Format.STRING;
  }

  /** Whether a record that does not decode fails the query (the one-Project plan). */
  boolean fails() {
    return mode == Mode.FAIL;
  }

  /**
   * The plan exposing {@code relation}'s columns with {@code decoders} (by relation column) in
   * place of the bytes, and the error column of this mode last.
   */
  LogicalPlan project(LogicalPlan relation, Map<Attribute, Expression> decoders) {
    List<Attribute> output = CollectionConverters.asJava(relation.output());
    List<NamedExpression> inner = new ArrayList<>(output);
    Map<Attribute, Attribute> caught = new LinkedHashMap<>();
    for (Map.Entry<Attribute, Expression> d : decoders.entrySet()) {
      Alias a =
          alias(
              new CatchDecodeError(d.getValue()), "_decoded_" + d.getKey().name(), Option.empty());
      inner.add(a);
      // Not a.toAttribute(): from_json is unresolved until the analyzer gives it a time zone.
      caught.put(
          d.getKey(),
          new AttributeReference(
              a.name(),
              a.child().dataType(),
              false,
              Metadata.empty(),
              a.exprId(),
              CollectionConverters.asScala(List.<String>of()).toList()));
    }
    List<NamedExpression> outer = new ArrayList<>();
    List<Expression> conditions = new ArrayList<>();
    List<Expression> messages = new ArrayList<>();
    for (Attribute a : output) {
      Attribute c = caught.get(a);
      if (c == null) {
        outer.add(a);
      } else {
        outer.add(alias(field(c, CatchDecodeError.RESULT), a.name(), Option.empty()));
        conditions.add(field(c, CatchDecodeError.CONDITION));
        messages.add(field(c, CatchDecodeError.MESSAGE));
      }
    }
    Expression message = first(messages);
    if (mode == Mode.NULL) {
      outer.add(alias(message, ERROR_COLUMN, Option.empty()));
    } else {
      Expression condition = first(conditions);
      Expression record =
          PayloadColumns.builtin(
              "named_struct",
              text("topic"),
              column(output, "topic"),
              text("partition"),
              column(output, "partition"),
              text("offset"),
              column(output, "offset"),
              text("timestamp"),
              column(output, "timestamp"),
              text("key"),
              column(output, "key"),
              text("value"),
              column(output, "value"),
              text("error_condition"),
              condition,
              text("error_message"),
              message,
              text("expectation"),
              Literal.create(null, DataTypes.StringType),
              text("row"),
              Literal.create(null, DataTypes.StringType));
      Expression quarantined =
          PayloadColumns.builtin(
              "if",
              PayloadColumns.builtin("isnotnull", condition),
              record,
              Literal.create(null, record.dataType()));
      MetadataBuilder metadata = new MetadataBuilder();
      if (quarantineTable != null) {
        metadata.putString(QUARANTINE_TABLE_KEY, quarantineTable);
      }
      outer.add(alias(quarantined, QUARANTINE_COLUMN, Option.apply(metadata.build())));
    }
    return new Project(
        CollectionConverters.asScala(outer).toList(),
        new Project(CollectionConverters.asScala(inner).toList(), relation));
  }

  /** The first non-null of the key's and the value's (the key is decoded first). */
  private static Expression first(List<Expression> exprs) {
    return exprs.size() == 1
        ? exprs.get(0)
        : PayloadColumns.builtin("coalesce", exprs.toArray(Expression[]::new));
  }

  private static Expression field(Attribute struct, int ordinal) {
    return new GetStructField(struct, ordinal, Option.empty());
  }

  private static Attribute column(List<Attribute> output, String name) {
    return output.stream()
        .filter(a -> a.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("Kafka relation without " + name));
  }

  private static Literal text(String s) {
    return Literal.create(s, DataTypes.StringType);
  }

  private static Alias alias(Expression child, String name, Option<Metadata> metadata) {
    return new Alias(
        child,
        name,
        NamedExpression$.MODULE$.newExprId(),
        CollectionConverters.asScala(List.<String>of()).toList(),
        metadata,
        CollectionConverters.asScala(List.<String>of()).toList());
  }
}
