package io.github.sparkkafkasql.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * schemaRegistryAuth (basic authentication) and schemaRegistryBearerToken, sent to a small registry
 * (a JDK HTTP server speaking the two requests a read makes) that refuses requests without one of
 * them. The password and the token never show.
 */
class RegistryAuthIT extends SharedSparkIT {

  private static final String USER_INFO = "reader:Pa55-w0rd-xyz";
  private static final String PASSWORD = "Pa55-w0rd-xyz";
  private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.cmVhZGVy.c2lnbmF0dXJl";
  private static final int ID = 7;

  private static HttpServer server;
  private static final AtomicInteger AUTHORIZED = new AtomicInteger();

  @BeforeAll
  static void startRegistry() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String expected =
        "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8));
    String schema = new ObjectMapper().writeValueAsString(PayloadsIT.ORDER);
    server.createContext(
        "/",
        exchange -> {
          String given = exchange.getRequestHeaders().getFirst("Authorization");
          if (!expected.equals(given) && !("Bearer " + TOKEN).equals(given)) {
            answer(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
          } else if (exchange.getRequestURI().getPath().endsWith("/versions/latest")) {
            AUTHORIZED.incrementAndGet();
            answer(exchange, 200, "{\"id\":" + ID + ",\"version\":1,\"schema\":" + schema + "}");
          } else if (exchange.getRequestURI().getPath().endsWith("/schemas/ids/" + ID)) {
            AUTHORIZED.incrementAndGet();
            answer(exchange, 200, "{\"schema\":" + schema + "}");
          } else {
            answer(exchange, 404, "{\"error_code\":40401,\"message\":\"not found\"}");
          }
        });
    server.start();
  }

  @AfterAll
  static void stopRegistry() {
    server.stop(0);
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static String read(String topic, String extra) {
    return read(topic, address(), extra);
  }

  private static String read(String topic, String address, String extra) {
    return "read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "', valueFormat => 'avro', schemaRegistryAddress => '"
        + address
        + "'"
        + extra
        + ")";
  }

  private static String topicWithOneOrder() {
    String topic = TestTopics.create(kafka, 1);
    byte[] avro = PayloadsIT.avro(new Schema.Parser().parse(PayloadsIT.ORDER), 1L, 10);
    byte[] framed = ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(ID).put(avro).array();
    kafka.produce(List.of(new ProducerRecord<>(topic, 0, null, framed)));
    return topic;
  }

  @Test
  void theSecretAuthenticatesOnDriverAndExecutorsAndNeverShows() {
    String topic = topicWithOneOrder();
    spark.conf().set("spark.kafkaSql.secret.registry_auth", USER_INFO);
    try {
      int before = AUTHORIZED.get();
      String query =
          "SELECT value.id, value.amount FROM "
              + read(topic, ", schemaRegistryAuth => secret('registry_auth')");
      List<Row> rows = spark.sql(query).collectAsList();
      assertThat(rows).extracting(Row::toString).containsExactly("[1,10]");
      // The subject's version on the driver, the writer schema by id on an executor.
      assertThat(AUTHORIZED.get() - before).isGreaterThanOrEqualTo(2);

      String explain = spark.sql("EXPLAIN EXTENDED " + query).collectAsList().get(0).getString(0);
      assertThat(explain).contains("from_registry_avro").doesNotContain(PASSWORD);
    } finally {
      spark.conf().unset("spark.kafkaSql.secret.registry_auth");
    }
  }

  @Test
  void aBearerTokenAuthenticatesOnDriverAndExecutorsAndNeverShows() {
    String topic = topicWithOneOrder();
    spark.conf().set("spark.kafkaSql.secret.registry_token", TOKEN);
    try {
      int before = AUTHORIZED.get();
      String query =
          "SELECT value.id, value.amount FROM "
              // Another path than the basic-auth test's: executors cache writer schemas by
              // address and id, and this test must see the executor's request.
              + read(
                  topic,
                  address() + "/bearer",
                  ", schemaRegistryBearerToken => secret('registry_token')");
      List<Row> rows = spark.sql(query).collectAsList();
      assertThat(rows).extracting(Row::toString).containsExactly("[1,10]");
      assertThat(AUTHORIZED.get() - before).isGreaterThanOrEqualTo(2);
      String explain = spark.sql("EXPLAIN EXTENDED " + query).collectAsList().get(0).getString(0);
      assertThat(explain).doesNotContain(TOKEN);
    } finally {
      spark.conf().unset("spark.kafkaSql.secret.registry_token");
    }
  }

  @Test
  void basicAuthAndABearerTokenConflict() {
    String topic = topicWithOneOrder();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT value FROM "
                        + read(
                            topic,
                            ", schemaRegistryAuth => '"
                                + USER_INFO
                                + "', schemaRegistryBearerToken => '"
                                + TOKEN
                                + "'")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_CONFLICTING_OPTIONS");
    assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain(PASSWORD);
  }

  @Test
  void aStreamingTableRefusesTheTokenInClearText() {
    String topic = topicWithOneOrder();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE clear_token AS SELECT value FROM STREAM "
                        + read(topic, ", schemaRegistryBearerToken => '" + TOKEN + "'")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SECRET_IN_DEFINITION");
    assertThat(e.getMessageParameters()).isEqualTo(Map.of("option", "schemaRegistryBearerToken"));
    assertThat(e.getMessage()).doesNotContain(TOKEN);
  }

  @Test
  void withoutCredentialsTheRegistryRefuses() {
    String topic = topicWithOneOrder();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class, () -> spark.sql("SELECT value FROM " + read(topic, "")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_FAILED");
    assertThat(e.getMessageParameters().get("answer")).contains("401");
  }

  @Test
  void aMalformedValueIsRefusedWithoutShowingIt() {
    String topic = topicWithOneOrder();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "SELECT value FROM "
                        + read(topic, ", schemaRegistryAuth => '" + PASSWORD + "'")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_INVALID_OPTION_VALUE");
    assertThat(e.getMessageParameters()).containsEntry("option", "schemaRegistryAuth");
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void aStreamingTableRefusesTheCredentialsInClearText() {
    String topic = topicWithOneOrder();
    AnalysisException e =
        catchThrowableOfType(
            AnalysisException.class,
            () ->
                spark.sql(
                    "CREATE STREAMING TABLE clear_auth AS SELECT value FROM STREAM "
                        + read(topic, ", schemaRegistryAuth => '" + USER_INFO + "'")));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SECRET_IN_DEFINITION");
    assertThat(e.getMessageParameters()).isEqualTo(Map.of("option", "schemaRegistryAuth"));
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
    assertThat(spark.catalog().tableExists("clear_auth")).isFalse();
  }
}
