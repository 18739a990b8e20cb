package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.PayloadErrors;
import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.kafka.TopicSample;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of JSON keys or values without a declared one, inferred by Spark's own JSON inference
 * (as {@code spark.read.json} does) from the newest records of each partition, sampled on the
 * driver when the query is analyzed.
 */
final class JsonInference {

  private TopicSample.Records sample;

  private final ReadKafkaSource source;
  private final Function<KafkaOption, String> options;

  JsonInference(ReadKafkaSource source, Function<KafkaOption, String> options) {
    this.source = source;
    this.options = options;
  }

  /** The payload with the inferred schema as a DDL list. */
  Payload infer(Payload p) {
    int n = sampleSize();
    if (sample == null) {
      // One probe serves the key and the value.
      sample = TopicSample.newest(source, n);
    }
    List<byte[]> bytes = p.column() == Payload.Column.KEY ? sample.keys() : sample.values();
    if (bytes.isEmpty() && sample.read() > 0) {
      throw notInferred(
          p,
          "the newest "
              + sample.read()
              + (sample.read() == 1 ? " record has no " : " records have no ")
              + p.column().label()
              + " (it is NULL)");
    }
    if (bytes.isEmpty()) {
      throw notInferred(p, "there are no records to infer it from (or none within the timeout)");
    }
    List<String> texts = new ArrayList<>(bytes.size());
    bytes.forEach(b -> texts.add(new String(b, StandardCharsets.UTF_8)));
    SparkSession spark = SparkSession.active();
    // Records that are not JSON objects are left out of the inference; reading them still fails
    // with KAFKA_SQL_RECORD_DECODE_FAILED, as with a declared schema.
    StructType schema =
        spark
            .read()
            .option("mode", "DROPMALFORMED")
            .json(spark.createDataset(texts, Encoders.STRING()))
            .schema();
    if (schema.fields().length == 0) {
      Integer id = AvroDecoder.confluentSchemaId(bytes.get(0));
      boolean framed =
          id != null
              && bytes.stream().skip(1).allMatch(b -> AvroDecoder.confluentSchemaId(b) != null);
      throw notInferred(
          p,
          "none of the newest "
              + n
              + " records of each partition is a JSON object"
              + (framed
                  ? "; they start with byte 0 and a schema id ("
                      + id
                      + " in the first), as records in Confluent's wire format do: if they are"
                      + " Avro, read them with "
                      + p.formatOption().name()
                      + " => 'avro' and schemaRegistryAddress => '…' instead"
                  : ""));
    }
    String clash = PayloadColumns.caseClash(schema);
    if (clash != null) {
      throw notInferred(
          p,
          "the records have fields "
              + clash
              + ", which differ only in case and which Spark SQL does not tell apart"
              + " (spark.sql.caseSensitive is false)");
    }
    return p.withSchema(schema.toDDL());
  }

  private int sampleSize() {
    String given = options.apply(ReadKafkaOptions.SCHEMA_INFERENCE_SAMPLE_SIZE);
    return Integer.parseInt(
        (given != null ? given : ReadKafkaOptions.SCHEMA_INFERENCE_SAMPLE_SIZE.defaultValue(false))
            .trim());
  }

  private RuntimeException notInferred(Payload p, String reason) {
    String topics = options.apply(ReadKafkaOptions.SUBSCRIBE);
    if (topics == null) {
      topics = options.apply(ReadKafkaOptions.SUBSCRIBE_PATTERN);
    }
    if (topics == null) {
      topics = options.apply(ReadKafkaOptions.ASSIGN);
    }
    return PayloadErrors.schemaNotInferred(
        p.column().label(), "'" + topics + "'", reason, p.schemaOption().name());
  }
}
