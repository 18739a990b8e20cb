package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.PayloadErrors;
import org.apache.avro.Schema;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * How a streaming table's stored payload schema may change when {@code CREATE OR REFRESH} settles
 * it again: it only grows. New fields (also inside structs) are added; a field is never dropped or
 * retyped, because the table's rows were decoded with it.
 */
final class SchemaEvolution {

  private SchemaEvolution() {}

  /**
   * The stored JSON schema with the fields of a newly inferred one added. A field that only older
   * records carried stays; a field whose inferred type differs fails.
   */
  static String mergeJson(Payload p, String storedDdl, String inferredDdl) {
    StructType stored = (StructType) DataType.fromDDL(storedDdl);
    StructType inferred = (StructType) DataType.fromDDL(inferredDdl);
    return merge(p, stored, inferred, "").toDDL();
  }

  private static StructType merge(Payload p, StructType stored, StructType inferred, String path) {
    StructType merged = new StructType();
    for (StructField s : stored.fields()) {
      StructField n = find(inferred, s.name());
      if (n == null || n.dataType().sameType(s.dataType())) {
        merged = merged.add(s);
      } else if (s.dataType() instanceof StructType a && n.dataType() instanceof StructType b) {
        merged =
            merged.add(s.copy(s.name(), merge(p, a, b, path + s.name() + "."), true, s.metadata()));
      } else {
        throw changed(
            p,
            path + s.name(),
            "its type changes from " + s.dataType().sql() + " to " + n.dataType().sql(),
            p.schemaOption().name()
                + " => '…' declaring the type the table keeps (values that do not convert then go"
                + " to the rescued-data column)");
      }
    }
    for (StructField n : inferred.fields()) {
      if (find(stored, n.name()) == null) {
        merged = merged.add(n);
      }
    }
    return merged;
  }

  /** The new reader schema of a registry subject must keep every field of the stored one. */
  static void checkAvro(Payload p, PayloadSchemas.Entry previous, RegistryClient.Version next) {
    DataType before = previous.type();
    DataType after =
        SchemaConverters.toSqlType(new Schema.Parser().parse(next.schema())).dataType();
    String pin =
        p.column().versionOption.name()
            + " => "
            + previous.version()
            + " (the version the table has stored)";
    checkGrows(p, before, after, "", "version " + next.version(), pin);
  }

  private static void checkGrows(
      Payload p, DataType before, DataType after, String path, String version, String fix) {
    if (before instanceof StructType a && after instanceof StructType b) {
      for (StructField f : a.fields()) {
        StructField n = find(b, f.name());
        if (n == null) {
          throw changed(p, path + f.name(), version + " does not have it", fix);
        }
        checkGrows(p, f.dataType(), n.dataType(), path + f.name() + ".", version, fix);
      }
    } else if (!before.sameType(after)) {
      throw changed(
          p,
          path.isEmpty() ? p.column().label() : path.substring(0, path.length() - 1),
          "its type changes from " + before.sql() + " to " + after.sql() + " in " + version,
          fix);
    }
  }

  private static RuntimeException changed(Payload p, String field, String change, String fix) {
    return PayloadErrors.schemaIncompatible(p.column().label(), field, change, fix);
  }

  private static StructField find(StructType t, String name) {
    for (StructField f : t.fields()) {
      if (f.name().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
