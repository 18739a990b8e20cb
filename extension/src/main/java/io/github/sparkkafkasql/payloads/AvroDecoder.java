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
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.DataType;
import scala.Option;

/**
 * Decodes Avro binary with Avro's own reader and converts it to Catalyst by spark-avro's {@link
 * AvroDeserializer}, as {@code from_avro} does, but refuses a value with bytes left after its
 * record: Avro stops reading where the schema says the record ends, so a value of another shape (a
 * Confluent-framed record read with an inline schema, two records in one value) would otherwise
 * decode to a wrong row without a word.
 *
 * <ul>
 *   <li>With a registry ({@code address} set), the value is in Confluent's wire format (byte 0:
 *       magic 0; bytes 1-4: the writer schema's id, big-endian; then Avro binary): each record is
 *       read with its own writer schema, fetched by id from the registry once per executor JVM, and
 *       resolved to the reader schema by Avro's rules. Failures name the schema id ({@link
 *       SchemaIdFailure}).
 *   <li>Without ({@code address} null), the value is plain Avro of the inline reader schema.
 * </ul>
 *
 * <p>{@link DecodeRecord} adds the record's topic, partition and offset to a failure.
 */
final class AvroDecoder extends PayloadExpression {

  private static final long serialVersionUID = 1L;

  private final String address;
  private final RegistryAuth auth;
  private final String readerJson;
  private final DataType type;
  private final long timeoutMs;

  /** spark.sql.avro.datetimeRebaseModeInRead when the read was planned, as from_avro reads it. */
  private final String rebaseMode;

  private transient Schema reader;
  private transient AvroDeserializer deserializer;
  private transient Map<Integer, GenericDatumReader<Object>> readers;
  private transient BinaryDecoder decoder;

  /**
   * The previous record's datum, filled again by the next (as {@code from_avro} does): every writer
   * schema's reader resolves to the same reader schema, so its shape fits them all.
   */
  private transient Object datum;

  /** A decoder of plain Avro bodies of the (inline) schema {@code readerJson}. */
  static AvroDecoder inline(Expression bytes, String readerJson, DataType type) {
    return new AvroDecoder(bytes, null, null, readerJson, type, 0, sessionRebaseMode());
  }

  AvroDecoder(
      Expression bytes,
      String address,
      RegistryAuth auth,
      String readerJson,
      DataType type,
      long timeoutMs) {
    this(bytes, address, auth, readerJson, type, timeoutMs, sessionRebaseMode());
  }

  private AvroDecoder(
      Expression bytes,
      String address,
      RegistryAuth auth,
      String readerJson,
      DataType type,
      long timeoutMs,
      String rebaseMode) {
    super(List.of(bytes));
    this.rebaseMode = rebaseMode;
    this.address = address;
    this.auth = auth;
    this.readerJson = readerJson;
    this.type = type;
    this.timeoutMs = timeoutMs;
  }

  @Override
  PayloadExpression withChildren(List<Expression> c) {
    return new AvroDecoder(c.get(0), address, auth, readerJson, type, timeoutMs, rebaseMode);
  }

  @Override
  Object settings() {
    // Two reads with other credentials are different reads; RegistryAuth#toString is redacted.
    return Arrays.asList(address, auth, readerJson, type, timeoutMs, rebaseMode);
  }

  @Override
  public String prettyName() {
    return address == null ? "from_avro" : "from_registry_avro";
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
  private record Call(AvroDecoder decoder) implements Function<byte[], Object>, Serializable {
    @Override
    public Object apply(byte[] bytes) {
      return decoder.decode(bytes);
    }
  }

  /** The decoded value of a record's non-null bytes (null for a null Avro value). */
  Object decode(byte[] bytes) {
    if (address == null) {
      try {
        read(readerFor(-1), bytes, 0);
      } catch (IOException | RuntimeException e) {
        // No cause: DecodeRecord reports the innermost cause's message, and this one is the news.
        throw new IllegalArgumentException(inlineFailure(bytes, e));
      }
    } else {
      int id = schemaId(bytes);
      try {
        read(readerFor(id), bytes, 5);
      } catch (IOException | RuntimeException e) {
        throw new SchemaIdFailure(id, "does not decode with its writer schema", e);
      }
    }
    Option<Object> row = deserializer().deserialize(datum);
    return row.isDefined() ? row.get() : null;
  }

  /** Reads the record that starts at {@code from}, refusing bytes after it. */
  private void read(GenericDatumReader<Object> datumReader, byte[] bytes, int from)
      throws IOException {
    decoder = DecoderFactory.get().binaryDecoder(bytes, from, bytes.length - from, decoder);
    datum = datumReader.read(datum, decoder);
    if (!decoder.isEnd()) {
      int left = decoder.inputStream().available();
      throw new IllegalArgumentException(
          left
              + (left == 1 ? " byte follows" : " bytes follow")
              + " the Avro record the schema describes (the value is "
              + bytes.length
              + " bytes long): the value is not one record of this schema");
    }
  }

  /** Why plain Avro did not decode, pointing at the registry when the value looks framed. */
  private static String inlineFailure(byte[] bytes, Exception e) {
    String why = e instanceof IllegalArgumentException ? e.getMessage() : DecodeRecord.reason(e);
    Integer id = confluentSchemaId(bytes);
    if (id != null) {
      return why
          + ". It may be in Confluent's wire format (it starts with byte 0, as that format's"
          + " magic byte; the schema id would be "
          + id
          + "): if so, read it through the registry with schemaRegistryAddress => '…' instead"
          + " of an inline schema";
    }
    return why;
  }

  private static int schemaId(byte[] bytes) {
    if (bytes.length < 5 || bytes[0] != 0) {
      throw new IllegalArgumentException(
          bytes.length == 0
              ? "the value is empty, not Confluent's wire format (magic byte 0, schema id, Avro)"
              : "the first byte is "
                  + bytes[0]
                  + ", not the magic byte 0 of Confluent's wire format (or it is shorter than"
                  + " its 5-byte header)");
    }
    return schemaIdIn(bytes);
  }

  /**
   * The schema id of a payload that looks framed in Confluent's wire format (byte 0, then four
   * bytes of id, then a body), or null.
   */
  static Integer confluentSchemaId(byte[] bytes) {
    return bytes != null && bytes.length > 5 && bytes[0] == 0 ? schemaIdIn(bytes) : null;
  }

  private static int schemaIdIn(byte[] bytes) {
    return (bytes[1] & 0xff) << 24
        | (bytes[2] & 0xff) << 16
        | (bytes[3] & 0xff) << 8
        | bytes[4] & 0xff;
  }

  private GenericDatumReader<Object> readerFor(int id) {
    if (readers == null) {
      readers = new ConcurrentHashMap<>();
    }
    GenericDatumReader<Object> r = readers.get(id);
    if (r != null) {
      return r;
    }
    if (address == null) {
      r = new GenericDatumReader<>(readerSchema());
      readers.put(id, r);
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

  private static String sessionRebaseMode() {
    return String.valueOf(SQLConf.get().getConf(SQLConf.AVRO_REBASE_MODE_IN_READ()));
  }

  private Schema readerSchema() {
    if (reader == null) {
      reader = new Schema.Parser().parse(readerJson);
    }
    return reader;
  }

  private AvroDeserializer deserializer() {
    if (deserializer == null) {
      deserializer = new AvroDeserializer(readerSchema(), type, rebaseMode, false, "member_", -1);
    }
    return deserializer;
  }
}
