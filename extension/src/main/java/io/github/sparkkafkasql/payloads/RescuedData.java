package io.github.sparkkafkasql.payloads;

import static io.github.sparkkafkasql.payloads.PayloadColumns.builtin;

import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.sql.catalyst.expressions.And;
import org.apache.spark.sql.catalyst.expressions.EqualTo;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.GetStructField;
import org.apache.spark.sql.catalyst.expressions.If;
import org.apache.spark.sql.catalyst.expressions.IsNotNull;
import org.apache.spark.sql.catalyst.expressions.IsNull;
import org.apache.spark.sql.catalyst.expressions.LambdaFunction;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression$;
import org.apache.spark.sql.catalyst.expressions.NamedLambdaVariable;
import org.apache.spark.sql.catalyst.expressions.Not;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Decodes JSON with a schema and a rescued-data field (Auto Loader's {@code _rescued_data}): the
 * top-level fields the schema does not have, and those whose value does not convert to its type, go
 * into a JSON object in that field instead of vanishing; NULL when nothing was rescued. Built from
 * Spark's own functions only:
 *
 * <ul>
 *   <li>{@code from_json(text, 'map<string,variant>')} in FAILFAST mode reads the top-level fields
 *       with their JSON values (and fails a record that is not a JSON object, as without rescue);
 *   <li>{@code from_json(text, schema + corrupt-record field)} in PERMISSIVE mode decodes; its
 *       corrupt-record field is set when any value did not convert;
 *   <li>only then, each top-level field is decoded alone to find which ones did not convert;
 *   <li>{@code map_filter} keeps the unknown and unconverted fields, {@code to_json} writes them.
 * </ul>
 */
final class RescuedData {

  /** The PERMISSIVE decoder's corrupt-record field, which no schema of a user carries. */
  private static final String CORRUPT = "_kafka_sql_corrupt_record";

  private RescuedData() {}

  /**
   * The rescued-data field of JSON payload {@code p}, or null when it has none. {@code named}: the
   * read's rescuedDataColumn gave it (else it is a streaming table's default, which steps aside for
   * a schema that is not a STRUCT). Refuses a STRUCT that has a field of that name, and a named
   * field for a schema that is not a STRUCT.
   */
  static String field(Payload p, String rescued, boolean named) {
    if (rescued == null || p.format() != Payload.Format.JSON || p.schema() == null) {
      return rescued;
    }
    KafkaOption option = ReadKafkaOptions.RESCUED_DATA_COLUMN;
    DataType type = p.jsonType();
    if (!(type instanceof StructType struct)) {
      if (!named) {
        return null;
      }
      throw OptionErrors.invalidOptionValue(
          option.name(),
          "'" + rescued + "'",
          option.type().sqlName(),
          "needs "
              + p.schemaOption().name()
              + " to be columns and types (a STRUCT), where fields outside it can be told apart;"
              + " it is "
              + type.sql(),
          "Leave rescuedDataColumn out, or declare the fields: "
              + p.schemaOption().name()
              + " => 'id BIGINT, name STRING, …'.");
    }
    for (StructField f : struct.fields()) {
      if (f.name().equalsIgnoreCase(rescued)) {
        throw OptionErrors.invalidOptionValue(
            option.name(),
            "'" + rescued + "'",
            option.type().sqlName(),
            "names a field of "
                + p.schemaOption().name()
                + " too"
                + (named
                    ? ""
                    : " (a streaming table rescues data into `" + rescued + "` by default)"),
            "Give rescuedDataColumn => another name, e.g. '_rescued', or rename the field.");
      }
    }
    return rescued;
  }

  /** The decoded struct of {@code text} (a STRING) with {@code rescued} as its last field. */
  static Expression decoder(Expression text, StructType schema, String rescued) {
    Expression fields =
        builtin("from_json", text, type("map<string,variant>"), options("FAILFAST"));
    Expression decoded = permissive(text, schema);
    int n = schema.fields().length;
    Expression corrupt = field(decoded, n, CORRUPT);
    List<Expression> namedStruct = new ArrayList<>();
    List<Expression> unconverted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StructField f = schema.fields()[i];
      // Decoded alone only for a record that has a value that did not convert (And is lazy).
      Expression alone =
          new And(
              new IsNotNull(corrupt),
              new IsNotNull(field(permissive(text, new StructType().add(f)), 1, CORRUPT)));
      namedStruct.add(text(f.name()));
      namedStruct.add(
          new If(alone, Literal.create(null, f.dataType()), field(decoded, i, f.name())));
      unconverted.add(new If(alone, text(f.name()), Literal.create(null, DataTypes.StringType)));
    }
    List<Expression> known = new ArrayList<>();
    for (StructField f : schema.fields()) {
      known.add(text(f.name()));
    }
    // Kept: the schema's fields that converted.
    Expression kept =
        builtin(
            "array_except",
            builtin("array", known.toArray(Expression[]::new)),
            builtin("array_compact", builtin("array", unconverted.toArray(Expression[]::new))));
    Expression rescuedMap = builtin("map_filter", fields, notIn(kept));
    Expression rescuedJson =
        new If(
            new EqualTo(builtin("size", rescuedMap), Literal.create(0, DataTypes.IntegerType)),
            Literal.create(null, DataTypes.StringType),
            builtin("to_json", rescuedMap));
    namedStruct.add(text(rescued));
    namedStruct.add(rescuedJson);
    Expression struct = builtin("named_struct", namedStruct.toArray(Expression[]::new));
    return new If(new IsNull(text), Literal.create(null, struct.dataType()), struct);
  }

  private static Expression permissive(Expression text, StructType schema) {
    StructType withCorrupt = schema.add(CORRUPT, DataTypes.StringType);
    return builtin(
        "from_json",
        text,
        type(withCorrupt.toDDL()),
        builtin(
            "map",
            text("mode"),
            text("PERMISSIVE"),
            text("columnNameOfCorruptRecord"),
            text(CORRUPT)));
  }

  /** {@code (k, v) -> NOT array_contains(kept, k)}, a lambda built already resolved. */
  private static Expression notIn(Expression kept) {
    NamedLambdaVariable k = variable("k", DataTypes.StringType, false);
    NamedLambdaVariable v = variable("v", DataTypes.VariantType, true);
    return new LambdaFunction(
        new Not(builtin("array_contains", kept, k)),
        CollectionConverters.asScala(List.<NamedExpression>of(k, v)).toList(),
        false);
  }

  private static NamedLambdaVariable variable(String name, DataType type, boolean nullable) {
    return new NamedLambdaVariable(
        name, type, nullable, NamedExpression$.MODULE$.newExprId(), new AtomicReference<>());
  }

  private static Expression field(Expression struct, int ordinal, String name) {
    return new GetStructField(struct, ordinal, Option.apply(name));
  }

  private static Expression options(String mode) {
    return builtin("map", text("mode"), text(mode));
  }

  private static Literal type(String ddl) {
    return text(ddl);
  }

  private static Literal text(String s) {
    return Literal.create(s, DataTypes.StringType);
  }
}
