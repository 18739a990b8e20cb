package io.github.sparkkafkasql.streaming;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.github.sparkkafkasql.catalog.Expectation;
import io.github.sparkkafkasql.payloads.DecodeErrorColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;

/**
 * ON VIOLATION QUARANTINE: a row that violates such an expectation fills the quarantine column
 * ({@link QuarantineRows}) with the row as JSON and the first such expectation it violates, so that
 * the refresh writes it to the dead-letter table instead of the table. Its Kafka coordinates and
 * bytes are NULL there: the row is what the definition made of the record.
 */
final class ExpectationQuarantine {

  private ExpectationQuarantine() {}

  /** {@code df} with the quarantine column set for violating rows; {@code loaded}: not yet set. */
  static Dataset<Row> apply(Dataset<Row> df, List<Expectation> expectations, Column loaded) {
    Column name = lit(null).cast("string");
    Column message = lit(null).cast("string");
    for (int i = expectations.size() - 1; i >= 0; i--) {
      Expectation e = expectations.get(i);
      if (e.action() == Expectation.Action.QUARANTINE) {
        Column violated = DefinitionPlan.violated(e);
        name = when(violated, lit(e.name())).otherwise(name);
        message =
            when(
                    violated,
                    lit(
                        "The row violates the expectation `"
                            + e.name()
                            + "` ("
                            + e.condition()
                            + ")."))
                .otherwise(message);
      }
    }
    List<Column> row = new ArrayList<>();
    for (String c : df.columns()) {
      if (!c.equals(QuarantineRows.COLUMN)) {
        row.add(col("`" + c.replace("`", "``") + "`"));
      }
    }
    List<Column> fields = new ArrayList<>();
    for (StructField f : DecodeErrorColumns.QUARANTINE_TYPE.fields()) {
      Column value =
          switch (f.name()) {
            case "error_message" -> message;
            case "expectation" -> name;
            case "row" -> to_json(struct(row.toArray(Column[]::new)));
            default -> lit(null).cast(f.dataType());
          };
      fields.add(value.as(f.name()));
    }
    Column record = struct(fields.toArray(Column[]::new));
    Column current =
        QuarantineRows.has(df)
            ? col(QuarantineRows.COLUMN)
            : lit(null).cast(DecodeErrorColumns.QUARANTINE_TYPE);
    // The column's metadata names the dead-letter table (quarantineTable): keep it.
    Metadata metadata =
        QuarantineRows.has(df)
            ? df.schema().apply(QuarantineRows.COLUMN).metadata()
            : Metadata.empty();
    return df.withColumn(
        QuarantineRows.COLUMN,
        when(loaded.and(name.isNotNull()), record).otherwise(current),
        metadata);
  }
}
