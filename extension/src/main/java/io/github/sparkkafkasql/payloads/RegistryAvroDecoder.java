package io.github.sparkkafkasql.payloads;

import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.spark.sql.avro.AvroDeserializer;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.types.DataType;
import scala.Option;

/**
 * Decodes Avro in Confluent's wire format (byte 0: magic 0; bytes 1-4: the writer schema's id,
 * big-endian; then Avro binary): each record with its own writer schema, fetched by id from the
 * registry once per executor JVM, resolved to the reader schema by Avro's rules, and converted to
 * Catalyst by spark-avro's {@link AvroDeserializer}. Failures name the schema id ({@link
 * SchemaIdFailure}); {@link DecodeRecord} adds the record's topic, partition and offset.
 */
final class RegistryAvroDecoder extends PayloadExpression {

  private static final long serialVersionUID = 1L;

  private final String address;
  private final RegistryAuth auth;
  private final String readerJson;
  private final DataType type;
  private final long timeoutMs;

  private transient Schema reader;
  private transient AvroDeserializer deserializer;
  private transient Map<Integer, GenericDatumReader<Object>> readers;
  private transient BinaryDecoder decoder;

  /**
   * The previous record's datum, filled again by the next (as {@code from_avro} does): every writer
   * schema's reader resolves to the same reader schema, so its shape fits them all.
   */
  private transient Object datum;

  RegistryAvroDecoder(
      Expression bytes,
      String address,
      RegistryAuth auth,
      String readerJson,
      DataType type,
      long timeoutMs) {
    super(List.of(bytes));
    this.address = address;
    this.auth = auth;
    this.readerJson = readerJson;
    this.type = type;
    this.timeoutMs = timeoutMs;
  }

  @Override
  PayloadExpression withChildren(List<Expression> c) {
    return new RegistryAvroDecoder(c.get(0), address, auth, readerJson, type, timeoutMs);
  }

  @Override
  Object settings() {
    // Two reads with other credentials are different reads; RegistryAuth#toString is redacted.
    return Arrays.asList(address, auth, readerJson, type, timeoutMs);
  }

  @Override
  public String prettyName() {
    return "from_registry_avro";
  }

  @Override
  public DataType dataType() {
    return type;
  }

  @Override
  public boolean nullable() {
    return true;
  }

  @Override
  public Object eval(InternalRow input) {
    byte[] bytes = (byte[]) child(0).eval(input);
    return bytes == null ? null : decode(bytes);
  }

  /**
   * Generated code calls {@link #decode} through a reference, as spark-avro's {@code from_avro}
   * does, so that the operator stays in whole-stage code generation.
   */
  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    ExprCode bytes = child(0).genCode(ctx);
    String decoder =
        ctx.addReferenceObj("registryAvroDecoder", new Call(this), Function.class.getName());
    String decoded = ctx.freshName("decoded");
    return ExprCode.apply(
        GeneratedCode.block(
            bytes.code(),
            "\nboolean ",
            ev.isNull(),
            " = true;\n",
            CodeGenerator.javaType(type),
            " ",
            ev.value(),
            " = ",
            CodeGenerator.defaultValue(type, true),
            ";\nif (!",
            bytes.isNull(),
            ") {\n  Object " + decoded + " = " + decoder + ".apply(",
            bytes.value(),
            ");\n  if (" + decoded + " != null) {\n    ",
            ev.isNull(),
            " = false;\n    ",
            ev.value(),
            " = (" + CodeGenerator.boxedType(type) + ") " + decoded + ";\n  }\n}\n"),
        ev.isNull(),
        ev.value());
  }

  /** What generated code holds: this decoder, as a function of the bytes. */
  private record Call(RegistryAvroDecoder decoder)
      implements Function<byte[], Object>, Serializable {
    @Override
    public Object apply(byte[] bytes) {
      return decoder.decode(bytes);
    }
  }

  /** The decoded value of a record's non-null bytes (null for a null Avro value). */
  Object decode(byte[] bytes) {
    if (bytes.length < 5 || bytes[0] != 0) {
      throw new IllegalArgumentException(
          bytes.length == 0
              ? "the value is empty, not Confluent's wire format (magic byte 0, schema id, Avro)"
              : "the first byte is "
                  + bytes[0]
                  + ", not the magic byte 0 of Confluent's wire format (or it is shorter than"
                  + " its 5-byte header)");
    }
    int id =
        (bytes[1] & 0xff) << 24
            | (bytes[2] & 0xff) << 16
            | (bytes[3] & 0xff) << 8
            | bytes[4] & 0xff;
    GenericDatumReader<Object> datumReader = readerFor(id);
    try {
      decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, decoder);
      datum = datumReader.read(datum, decoder);
    } catch (IOException | RuntimeException e) {
      throw new SchemaIdFailure(id, "does not decode with its writer schema", e);
    }
    Option<Object> row = deserializer().deserialize(datum);
    return row.isDefined() ? row.get() : null;
  }

  private GenericDatumReader<Object> readerFor(int id) {
    if (readers == null) {
      readers = new ConcurrentHashMap<>();
    }
    GenericDatumReader<Object> r = readers.get(id);
    if (r != null) {
      return r;
    }
    Schema writer;
    try {
      writer = RegistryClient.schemaById(address, auth, id, timeoutMs);
    } catch (RegistryClient.Refused e) {
      throw new SchemaIdFailure(
          id, "the schema registry at " + address + " refused " + e.getMessage(), e);
    } catch (org.apache.avro.SchemaParseException e) {
      throw new SchemaIdFailure(
          id,
          "its schema in the registry at " + address + " is not valid Avro: " + e.getMessage(),
          e);
    } catch (RegistryClient.TlsFailed e) {
      throw new SchemaIdFailure(
          id,
          "the TLS handshake with the schema registry at "
              + address
              + " failed on this executor: "
              + e.getMessage()
              + ". "
              + RegistryClient.TLS_FIX,
          e);
    } catch (RegistryClient.StoreUnreadable e) {
      throw new SchemaIdFailure(id, e.option() + ": " + e.getMessage(), e);
    } catch (RegistryClient.Unreachable e) {
      throw new SchemaIdFailure(
          id, "the schema registry at " + address + " did not answer: " + e.getMessage(), e);
    }
    if (writer == null) {
      throw new SchemaIdFailure(
          id, "schema id " + id + " is unknown to the schema registry at " + address, null);
    }
    r = new GenericDatumReader<>(writer, readerSchema());
    readers.put(id, r);
    return r;
  }

  private Schema readerSchema() {
    if (reader == null) {
      reader = new Schema.Parser().parse(readerJson);
    }
    return reader;
  }

  private AvroDeserializer deserializer() {
    if (deserializer == null) {
      deserializer = new AvroDeserializer(readerSchema(), type, "CORRECTED", false, "member_", -1);
    }
    return deserializer;
  }
}
