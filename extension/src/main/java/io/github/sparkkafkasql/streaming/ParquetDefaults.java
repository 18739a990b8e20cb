package io.github.sparkkafkasql.streaming;

import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet settings of a refresh's writes, in the refresh's session (a clone of the user's, so the
 * user's is unchanged): Parquet's dictionary is turned off for the columns of Kafka's own that
 * never repeat, the record's {@code value} bytes and its {@code offset}. Parquet tries a dictionary
 * for every column chunk and falls back to plain encoding once the dictionary outgrows a page; on
 * unique values that attempt is pure cost (B3's profile, docs/performance.md). The setting is
 * Parquet's own per-column key, {@code parquet.enable.dictionary#<column>}; a value the user's
 * session sets (e.g. {@code SET parquet.enable.dictionary#value = true}) is kept. Encoding only:
 * the rows read back are the same.
 */
final class ParquetDefaults {

  static final String DICTIONARY = "parquet.enable.dictionary#";

  /** Top-level columns with these names and types hold values that do not repeat. */
  private static final Set<String> UNIQUE = Set.of("value", "offset");

  private ParquetDefaults() {}

  /** Sets the defaults in {@code refresh} (a refresh session) for a table of {@code schema}. */
  static void apply(SparkSession refresh, StructType schema) {
    for (StructField f : schema.fields()) {
      if (UNIQUE.contains(f.name().toLowerCase(Locale.ROOT))
          && uniqueType(f.name(), f.dataType())) {
        String key = DICTIONARY + f.name();
        if (!refresh.conf().contains(key)) {
          refresh.conf().set(key, "false");
        }
      }
    }
  }

  private static boolean uniqueType(String name, DataType type) {
    return name.equalsIgnoreCase("value") ? type instanceof BinaryType : type instanceof LongType;
  }
}
