package io.github.sparkkafkasql.channels;

import io.github.sparkkafkasql.kafka.ReadKafkaSource;
import io.github.sparkkafkasql.payloads.PayloadSchemas;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.function.Supplier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.Literal;
import org.apache.spark.sql.catalyst.expressions.NamedArgumentExpression;
import org.apache.spark.sql.sources.BaseRelation;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a {@code read_kafka} call needs to know that Spark 4.2's APIs do not tell it, carried past
 * them. Each channel is a workaround; delete it when Spark offers the API.
 *
 * <ol>
 *   <li><b>The streaming marker.</b> A table function is not told that it is read as a stream:
 *       Spark parses {@code FROM STREAM read_kafka(…)} into an {@code
 *       UnresolvedTableValuedFunction} with {@code isStreaming = true}, but {@code
 *       FunctionResolution.resolveTableValuedFunction}
 *       (sql/catalyst/…/analysis/FunctionResolution.scala) calls the builder with {@code
 *       u.functionArgs} only, dropping the flag. {@code parser.MarkStreamingReadKafka} appends a
 *       marker argument to streaming calls; the builder recognises and removes it.
 *   <li><b>The streaming-table scope.</b> A table function's builder is a bare {@code
 *       Seq[Expression] => LogicalPlan} ({@code TableFunctionRegistry.TableFunctionBuilder},
 *       sql/catalyst/…/analysis/FunctionRegistry.scala), called with no context, so it cannot tell
 *       whether it is analyzed inside a streaming table's definition (where streaming reads are
 *       allowed, secrets must be references, and a checkpoint may make the starting options
 *       unused). The streaming-table commands set a thread-local for the duration of their
 *       analysis, which runs on the calling thread. The same thread-local carries the table's
 *       payload schemas ({@code payloads.PayloadSchemas}), which its reads decode with.
 *   <li><b>The relation's source.</b> Spark's batch Kafka relation keeps its options in private
 *       constructor fields ({@code private[kafka010] class KafkaRelation}, connector/kafka-0-10-sql
 *       /…/kafka010/KafkaRelation.scala), so an optimizer rule cannot read back which brokers,
 *       topics and offsets it reads. The builder records them here, keyed by the relation, for
 *       {@code pushdown.PushDownIntoReadKafka}.
 * </ol>
 */
public final class ReadKafkaChannels {

  /**
   * The marker argument's name. It holds a NUL character, which no SQL identifier a user types
   * contains.
   */
  private static final String STREAMING_MARKER = "\u0000streaming";

  /** Null outside a streaming table; else whether the stream starts fresh (no checkpoint). */
  private static final ThreadLocal<Boolean> IN_STREAMING_TABLE = new ThreadLocal<>();

  /** Set while a definition is analysed only to read its sources ({@link #withoutBrokerChecks}). */
  private static final ThreadLocal<Boolean> WITHOUT_BROKER_CHECKS = new ThreadLocal<>();

  /** The payload schemas of the streaming table being analysed, null outside one. */
  private static final ThreadLocal<PayloadSchemas> PAYLOAD_SCHEMAS = new ThreadLocal<>();

  /** Analyses of streaming table definitions in this JVM (each checks Kafka as it resolves). */
  private static final java.util.concurrent.atomic.AtomicLong ANALYSES =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * Keyed by identity (Spark's Kafka relation does not override equals) and weakly, so a relation
   * is forgotten with its plan.
   */
  private static final Map<BaseRelation, ReadKafkaSource> SOURCES =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ReadKafkaChannels() {}

  /** Whether the arguments carry the streaming marker. */
  public static boolean hasStreamingMarker(Seq<Expression> arguments) {
    return arguments.exists(ReadKafkaChannels::isMarker);
  }

  /** The arguments with the streaming marker appended. */
  public static Seq<Expression> withStreamingMarker(Seq<Expression> arguments) {
    List<Expression> args = new ArrayList<>(CollectionConverters.asJava(arguments));
    args.add(new NamedArgumentExpression(STREAMING_MARKER, Literal.TrueLiteral()));
    return CollectionConverters.asScala(args).toList();
  }

  /** The arguments without the streaming marker. */
  public static Seq<Expression> withoutStreamingMarker(Seq<Expression> arguments) {
    List<Expression> args = new ArrayList<>();
    CollectionConverters.asJava(arguments).stream().filter(e -> !isMarker(e)).forEach(args::add);
    return CollectionConverters.asScala(args).toList();
  }

  private static boolean isMarker(Expression e) {
    return e instanceof NamedArgumentExpression n && n.key().equals(STREAMING_MARKER);
  }

  /**
   * Runs {@code body} as the analysis of a streaming table's definition; {@code freshStart} when no
   * checkpoint exists yet, so the starting options will be used.
   */
  public static <T> T forStreamingTable(
      boolean freshStart, PayloadSchemas schemas, Supplier<T> body) {
    ANALYSES.incrementAndGet();
    Boolean previous = IN_STREAMING_TABLE.get();
    PayloadSchemas previousSchemas = PAYLOAD_SCHEMAS.get();
    IN_STREAMING_TABLE.set(freshStart);
    PAYLOAD_SCHEMAS.set(schemas);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        IN_STREAMING_TABLE.remove();
        PAYLOAD_SCHEMAS.remove();
      } else {
        IN_STREAMING_TABLE.set(previous);
        PAYLOAD_SCHEMAS.set(previousSchemas);
      }
    }
  }

  /**
   * Runs {@code body} without read_kafka's checks against the brokers: to read what a stored
   * definition names (its sources) when its brokers may be gone, never to run it.
   */
  public static <T> T withoutBrokerChecks(Supplier<T> body) {
    Boolean previous = WITHOUT_BROKER_CHECKS.get();
    WITHOUT_BROKER_CHECKS.set(true);
    try {
      return body.get();
    } finally {
      if (previous == null) {
        WITHOUT_BROKER_CHECKS.remove();
      } else {
        WITHOUT_BROKER_CHECKS.set(previous);
      }
    }
  }

  /** Whether read_kafka skips its checks against the brokers on this thread. */
  public static boolean withoutBrokerChecks() {
    return WITHOUT_BROKER_CHECKS.get() != null;
  }

  /** The payload schemas of the streaming table analysed on this thread, or null. */
  public static PayloadSchemas payloadSchemas() {
    return PAYLOAD_SCHEMAS.get();
  }

  /** How many times a streaming table's definition was analysed in this JVM, for tests. */
  public static long analyses() {
    return ANALYSES.get();
  }

  /** Whether a streaming table's definition is being analyzed on this thread. */
  public static boolean inStreamingTable() {
    return IN_STREAMING_TABLE.get() != null;
  }

  /**
   * Whether a streaming read will use its starting options: outside streaming tables always (a
   * DataFrame query may start fresh), inside only before the table's first checkpoint.
   */
  public static boolean startsFresh() {
    Boolean fresh = IN_STREAMING_TABLE.get();
    return fresh == null || fresh;
  }

  /** Records the read_kafka call behind a batch relation. */
  public static void register(BaseRelation relation, ReadKafkaSource source) {
    SOURCES.put(relation, source);
  }

  /** The read_kafka call behind a relation, if it came from a batch read_kafka. */
  public static Optional<ReadKafkaSource> lookup(BaseRelation relation) {
    return Optional.ofNullable(SOURCES.get(relation));
  }
}
