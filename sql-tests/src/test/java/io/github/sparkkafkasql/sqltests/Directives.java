package io.github.sparkkafkasql.sqltests;

import io.github.sparkkafkasql.embedded.EmbeddedKafka;
import io.github.sparkkafkasql.embedded.JsonLines;
import io.github.sparkkafkasql.embedded.SchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Seeds Kafka for a golden file, deterministically.
 *
 * <ul>
 *   <li>{@code --TOPIC name PARTITIONS n [CONFIG k=v ...]} creates a topic. Topic names must be
 *       unique across the suite, since all files share one broker.
 *   <li>{@code --PRODUCE name FROM data/file.jsonl} produces each line of the file.
 *   <li>{@code --PRODUCE name {"partition":0,"key":"k","value":…,"timestamp":…}} produces one.
 *   <li>{@code --REGISTER subject <Avro schema>} registers a schema in the Schema Registry (a real
 *       Apicurio process, started on first use); queries write its address as {@code ${registry}}.
 *   <li>{@code --PRODUCE_AVRO topic subject <record as JSON>} produces one value to partition 0 in
 *       Confluent's wire format, encoded with the subject's schema registered last.
 *   <li>{@code --PRODUCE_AVRO_TRUNCATED topic subject <record as JSON>} produces the same without
 *       its last byte: a record whose Avro body ends early.
 * </ul>
 *
 * Registry ids differ from run to run (and with the files that ran before): the output shows {@code
 * schema id N} of a registered schema as {@code schema id <subject vK>}.
 *
 * <p>A record's {@code value} (and {@code key}) is written as given when it is a JSON string and as
 * compact JSON otherwise; {@code headers} is an object of string values; {@code timestamp} is the
 * CreateTime in epoch ms; {@code partition} defaults to 0.
 */
final class Directives {

  private final EmbeddedKafka kafka;
  private final Path home;
  private final Map<String, Path> topicOwners = new HashMap<>();
  private final Map<String, Integer> schemaIds = new HashMap<>();
  private final Map<String, Schema> schemas = new HashMap<>();
  private final Map<Integer, String> idLabels = new HashMap<>();
  private SchemaRegistry registry;

  Directives(EmbeddedKafka kafka, Path home) {
    this.kafka = kafka;
    this.home = home;
  }

  void apply(InputFile file, String d) throws IOException {
    String[] words = d.split("\\s+", 3);
    if (words[0].equals("TOPIC")) {
      createTopic(file.path(), d);
    } else if (words[0].equals("REGISTER") && words.length == 3) {
      int id = registry().register(words[1], words[2]);
      schemaIds.put(words[1], id);
      schemas.put(words[1], new Schema.Parser().parse(words[2]));
      int version =
          (int) idLabels.values().stream().filter(l -> l.startsWith(words[1] + " v")).count();
      idLabels.putIfAbsent(id, words[1] + " v" + (version + 1));
    } else if (words[0].startsWith("PRODUCE_AVRO") && words.length == 3) {
      String[] subjectAndRecord = words[2].split("\\s+", 2);
      produceAvro(
          words[1],
          subjectAndRecord[0],
          subjectAndRecord[1],
          words[0].equals("PRODUCE_AVRO_TRUNCATED"));
    } else if (words.length == 3 && words[2].startsWith("FROM ")) {
      Path data = home.resolve("inputs").resolve(words[2].substring(5).trim());
      produce(words[1], Files.readAllLines(data));
    } else if (words.length == 3) {
      produce(words[1], List.of(words[2]));
    } else {
      throw new IllegalArgumentException("Malformed directive in " + file.path() + ": " + d);
    }
  }

  private void createTopic(Path owner, String directive) {
    String[] w = directive.split("\\s+");
    if (w.length < 4 || !w[2].equals("PARTITIONS")) {
      throw new IllegalArgumentException("Expected --TOPIC name PARTITIONS n, got: " + directive);
    }
    Path previous = topicOwners.putIfAbsent(w[1], owner);
    if (previous != null) {
      throw new IllegalArgumentException(
          "Topic " + w[1] + " is declared by both " + previous + " and " + owner);
    }
    Map<String, String> configs = new HashMap<>();
    for (int i = 5; i < w.length && w[4].equals("CONFIG"); i++) {
      String[] kv = w[i].split("=", 2);
      configs.put(kv[0], kv[1]);
    }
    kafka.createTopic(w[1], Integer.parseInt(w[3]), configs);
  }

  /** The registry, started on first use. */
  SchemaRegistry registry() {
    if (registry == null) {
      registry = SchemaRegistry.start();
    }
    return registry;
  }

  /** The registry's address, or null when no file has used it. */
  String registryAddress() {
    return registry == null ? null : registry.address();
  }

  /** {@code schema id N} of each registered schema, as {@code schema id <subject vK>}. */
  String maskSchemaIds(String text) {
    for (Map.Entry<Integer, String> e : idLabels.entrySet()) {
      text = text.replaceAll("schema id " + e.getKey() + "\\b", "schema id <" + e.getValue() + ">");
    }
    return text;
  }

  void close() {
    if (registry != null) {
      registry.close();
    }
  }

  private void produceAvro(String topic, String subject, String json, boolean truncated)
      throws IOException {
    Schema schema = schemas.get(subject);
    if (schema == null) {
      throw new IllegalArgumentException("--PRODUCE_AVRO before --REGISTER " + subject);
    }
    Object record =
        new GenericDatumReader<>(schema).read(null, DecoderFactory.get().jsonDecoder(schema, json));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(schemaIds.get(subject)).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<>(schema).write(record, encoder);
    encoder.flush();
    byte[] value = out.toByteArray();
    if (truncated) {
      value = java.util.Arrays.copyOf(value, value.length - 1);
    }
    kafka.produce(List.of(new ProducerRecord<>(topic, 0, null, value)));
  }

  private void produce(String topic, List<String> lines) {
    kafka.produce(JsonLines.records(topic, lines));
  }
}
