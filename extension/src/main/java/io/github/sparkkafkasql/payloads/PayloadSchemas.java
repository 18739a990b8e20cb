package io.github.sparkkafkasql.payloads;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.spark.sql.avro.SchemaConverters;
import org.apache.spark.sql.types.DataType;

/**
 * The payload schemas of a streaming table: what each {@code read_kafka} call of its definition
 * decodes keys and values with. They are settled once, when the table is created (a JSON schema
 * inferred from the newest records, a registry subject's latest version), and stored with the
 * table, so that every refresh decodes with them; {@code CREATE OR REFRESH} settles them again and
 * lets them grow ({@link SchemaEvolution}). Declared schemas are recorded too, for DESCRIBE.
 */
public final class PayloadSchemas {

  /** The rescued-data field of JSON payloads in streaming tables, unless another is named. */
  public static final String RESCUED_DATA = "_rescued_data";

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /**
   * One payload column of one read: {@code origin} is {@code declared}, {@code inferred} or {@code
   * registry}; {@code schema} a DDL list (JSON) or an Avro schema; {@code rescuedColumn} the field
   * that collects JSON fields the schema does not have (null for none).
   */
  public record Entry(
      String column,
      String source,
      String format,
      String origin,
      String schema,
      String subject,
      Integer version,
      Integer schemaId,
      String at,
      String rescuedColumn) {

    /** The Catalyst type of the decoded column. */
    DataType type() {
      return format.equals("avro")
          ? SchemaConverters.toSqlType(new Schema.Parser().parse(schema)).dataType()
          : DataType.fromDDL(schema);
    }

    /** How DESCRIBE STREAMING TABLE shows it. */
    public String describe() {
      String type;
      try {
        type = type().sql();
      } catch (Exception e) {
        // A schema that no longer parses (DataType.fromDDL's ParseException is checked).
        type = schema;
      }
      String how =
          switch (origin) {
            case "inferred" -> "inferred at " + at;
            case "registry" ->
                "registry subject '"
                    + subject
                    + "' version "
                    + version
                    + " (schema id "
                    + schemaId
                    + "), resolved at "
                    + at;
            default -> "declared";
          };
      String rescued =
          rescuedColumn == null ? "" : "; fields not in it go to `" + rescuedColumn + "`";
      return format + " " + type + " (" + how + rescued + ")";
    }
  }

  private final boolean resolving;
  private final Map<String, Entry> stored;
  private final Map<String, Entry> settled = new LinkedHashMap<>();

  private PayloadSchemas(boolean resolving, Map<String, Entry> stored) {
    this.resolving = resolving;
    this.stored = stored;
  }

  /**
   * For CREATE (no stored schemas, {@code storedJson} null) and CREATE OR REFRESH: settles the
   * schemas again, growing the stored ones.
   */
  public static PayloadSchemas resolving(String storedJson) {
    return new PayloadSchemas(true, parse(storedJson));
  }

  /**
   * For a refresh: decodes with the stored schemas. A table stored before payload schemas were (no
   * property, {@code storedJson} null) decodes as it did then: no rescued data, the registry's
   * latest version.
   */
  public static PayloadSchemas stored(String storedJson) {
    return new PayloadSchemas(false, storedJson == null ? null : parse(storedJson));
  }

  private static Map<String, Entry> parse(String json) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    if (json != null) {
      try {
        for (Entry e : JSON.readValue(json, new TypeReference<List<Entry>>() {})) {
          entries.put(key(e.column(), e.source()), e);
        }
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Unreadable payload schemas: " + json, e);
      }
    }
    return entries;
  }

  /** Whether no payload was settled (the reads decode no JSON or Avro). */
  public boolean isEmpty() {
    return settled.isEmpty();
  }

  /** Whether CREATE OR REFRESH settles these stored schemas again: inferred or registry ones. */
  public static boolean resettles(String storedJson) {
    return parse(storedJson).values().stream().anyMatch(e -> !e.origin().equals("declared"));
  }

  /** The settled schemas as JSON, for the table property. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(new ArrayList<>(settled.values()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stored schemas of a table, for DESCRIBE: (row name, description). */
  public static List<Map.Entry<String, String>> describe(String storedJson) {
    Map<String, Entry> entries = parse(storedJson);
    long sources = entries.values().stream().map(Entry::source).distinct().count();
    List<Map.Entry<String, String>> rows = new ArrayList<>();
    for (Entry e : entries.values()) {
      String name =
          (e.column().equals("key") ? "Key" : "Value")
              + " schema"
              + (sources > 1 ? " of " + e.source() : "");
      rows.add(Map.entry(name, e.describe()));
    }
    return rows;
  }

  private static String key(String column, String source) {
    return column + " " + source;
  }

  /** Which read a payload belongs to: the topics it names. */
  private static String source(Function<KafkaOption, String> options) {
    for (KafkaOption o : ReadKafkaOptions.TOPIC_SELECTORS) {
      String v = options.apply(o);
      if (v != null) {
        return o.name() + " '" + v.trim() + "'";
      }
    }
    return "";
  }

  /**
   * The payload with its schema settled: JSON inferred (resolving) or stored (refresh); registry
   * Avro with its reader schema in {@code schema}. Records the outcome.
   */
  Payload settle(
      Payload p, Function<KafkaOption, String> options, ReadKafkaSource source, long timeoutMs) {
    if (p.isBinary() || p.format() == Payload.Format.STRING) {
      return p;
    }
    String where = source(options);
    String k = key(p.column().label(), where);
    Entry previous = stored == null ? null : stored.get(k);
    if (!resolving) {
      return fromStored(p, previous, options, timeoutMs);
    }
    String rescued = rescuedName(options);
    boolean named = options.apply(ReadKafkaOptions.RESCUED_DATA_COLUMN) != null;
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    Entry entry;
    if (p.infersSchema()) {
      Payload inferred = new JsonInference(source, options).infer(p);
      String ddl =
          previous != null && previous.origin().equals("inferred")
              ? SchemaEvolution.mergeJson(p, previous.schema(), inferred.schema())
              : inferred.schema();
      String at = previous != null && ddl.equals(previous.schema()) ? previous.at() : now;
      p = p.withSchema(ddl);
      entry = entry(p, where, "inferred", ddl, at, RescuedData.field(p, rescued, named));
    } else if (p.viaRegistry()) {
      RegistryClient.Version v = ReaderSchemas.resolve(p, options, timeoutMs);
      if (previous != null && previous.origin().equals("registry")) {
        SchemaEvolution.checkAvro(p, previous, v);
      }
      boolean same = previous != null && v.schema().equals(previous.schema());
      entry =
          new Entry(
              p.column().label(),
              where,
              p.formatLabel(),
              "registry",
              v.schema(),
              subject(p, options),
              v.version(),
              v.id(),
              same ? previous.at() : now,
              null);
      p = p.withSchema(v.schema());
    } else {
      entry = entry(p, where, "declared", p.schema(), null, RescuedData.field(p, rescued, named));
    }
    settled.put(k, entry);
    return p;
  }

  private Payload fromStored(
      Payload p, Entry e, Function<KafkaOption, String> options, long timeoutMs) {
    if (e != null) {
      settled.put(key(e.column(), e.source()), e);
    }
    if (p.infersSchema()) {
      if (e == null || !e.origin().equals("inferred")) {
        throw PayloadColumns.missingSchema(
            p,
            "this streaming table has no stored schema for them; run CREATE OR REFRESH STREAMING"
                + " TABLE with its definition to infer and store one, or declare it with "
                + p.schemaOption().name());
      }
      return p.withSchema(e.schema());
    }
    if (p.viaRegistry() && e != null && e.origin().equals("registry")) {
      return p.withSchema(e.schema());
    }
    return p;
  }

  private static Entry entry(
      Payload p, String where, String origin, String schema, String at, String rescued) {
    return new Entry(
        p.column().label(),
        where,
        p.formatLabel(),
        origin,
        schema,
        null,
        null,
        null,
        at,
        p.format() == Payload.Format.JSON ? rescued : null);
  }

  private static String subject(Payload p, Function<KafkaOption, String> options) {
    return p.subject() != null ? p.subject() : ReaderSchemas.topicSubject(p, options);
  }

  private static String rescuedName(Function<KafkaOption, String> options) {
    String given = options.apply(ReadKafkaOptions.RESCUED_DATA_COLUMN);
    return given != null ? given.trim() : RESCUED_DATA;
  }

  /**
   * The rescued-data field of a JSON payload in this streaming table: as settled now, or as stored
   * (none for a table stored before rescued data existed).
   */
  String rescuedColumn(Payload p, Function<KafkaOption, String> options) {
    Entry e = settled.get(key(p.column().label(), source(options)));
    return e == null ? null : e.rescuedColumn();
  }
}
