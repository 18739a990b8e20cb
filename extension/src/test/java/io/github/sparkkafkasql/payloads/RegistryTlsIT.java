package io.github.sparkkafkasql.payloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.github.sparkkafkasql.SharedSparkIT;
import io.github.sparkkafkasql.TestTopics;
import io.github.sparkkafkasql.embedded.SchemaRegistry;
import io.github.sparkkafkasql.embedded.TlsMaterial;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.apache.avro.Schema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS to the Schema Registry: a real Apicurio serving HTTPS only and requiring a client certificate
 * (mutual TLS), reached with the truststore and keystore options on the driver (the reader schema)
 * and the executors (writer schemas by id). Handshake failures are named, fast.
 */
class RegistryTlsIT extends SharedSparkIT {

  private static final String PASSWORD = TlsMaterial.PASSWORD;

  private static TlsMaterial tls;
  private static SchemaRegistry registry;

  private static HttpsServer mutualProxy;

  @BeforeAll
  static void startRegistry() throws Exception {
    tls = TlsMaterial.get();
    registry = SchemaRegistry.startHttps(tls);
    mutualProxy = mutualTlsProxy();
    spark.conf().set("spark.kafkaSql.secret.registry_store", PASSWORD);
  }

  @AfterAll
  static void stopRegistry() {
    if (mutualProxy != null) {
      mutualProxy.stop(0);
    }
    if (registry != null) {
      registry.close();
    }
  }

  /**
   * Apicurio cannot require client certificates (its build fixes Quarkus' client-auth to none):
   * this HTTPS server does, with the broker certificate and the test CA, and forwards each request
   * to the real registry over HTTPS. It only carries bytes; the registry answers.
   */
  private static HttpsServer mutualTlsProxy() throws Exception {
    SSLContext ssl = context(tls.brokerKeystore(), tls.truststore());
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(
        new HttpsConfigurator(ssl) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters p = ssl.getDefaultSSLParameters();
            p.setNeedClientAuth(true);
            params.setSSLParameters(p);
          }
        });
    HttpClient forward = HttpClient.newBuilder().sslContext(tls.clientContext()).build();
    String upstream = registry.address();
    String prefix = URI.create(upstream).getPath();
    server.createContext(
        "/",
        exchange -> {
          try {
            String path = exchange.getRequestURI().getRawPath();
            HttpResponse<byte[]> r =
                forward.send(
                    HttpRequest.newBuilder(URI.create(upstream + path.substring(prefix.length())))
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(r.statusCode(), r.body().length);
            exchange.getResponseBody().write(r.body());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    server.start();
    return server;
  }

  private static String mutualAddress() {
    return "https://127.0.0.1:"
        + mutualProxy.getAddress().getPort()
        + URI.create(registry.address()).getPath();
  }

  /** An SSL context presenting the key of {@code keystore}, trusting {@code truststore}. */
  private static SSLContext context(Path keystore, Path truststore) throws Exception {
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      keys.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(keys, PASSWORD.toCharArray());
    TrustManagerFactory tmf = null;
    if (truststore != null) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(truststore)) {
        trust.load(in, PASSWORD.toCharArray());
      }
      tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
    }
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
    return ssl;
  }

  private static String read(String topic, String address, String extra) {
    return "read_kafka(bootstrapServers => '"
        + kafka.bootstrapServers()
        + "', subscribe => '"
        + topic
        + "', startingOffsets => 'earliest', valueFormat => 'avro', schemaRegistryAddress => '"
        + address
        + "'"
        + extra
        + ")";
  }

  private static String trust() {
    return ", schemaRegistryTruststoreLocation => '"
        + tls.truststore()
        + "', schemaRegistryTruststorePassword => secret('registry_store')";
  }

  private static String mutual() {
    return trust()
        + ", schemaRegistryKeystoreLocation => '"
        + tls.clientKeystore()
        + "', schemaRegistryKeystorePassword => secret('registry_store'),"
        + " schemaRegistryKeystoreType => 'PKCS12'";
  }

  /** A topic with one order, framed with the id of its subject's schema in the registry. */
  private static String topicWithOneOrder() {
    String topic = TestTopics.create(kafka, 1);
    int id = registry.register(topic + "-value", PayloadsIT.ORDER);
    byte[] avro = PayloadsIT.avro(new Schema.Parser().parse(PayloadsIT.ORDER), 1L, 10);
    byte[] framed = ByteBuffer.allocate(5 + avro.length).put((byte) 0).putInt(id).put(avro).array();
    kafka.produce(List.of(new ProducerRecord<>(topic, 0, null, framed)));
    return topic;
  }

  private static AnalysisException analysisError(String query) {
    return catchThrowableOfType(AnalysisException.class, () -> spark.sql(query));
  }

  @Test
  void aTruststoreReadsOnDriverAndExecutorsAndNeverShowsItsPassword() {
    String topic = topicWithOneOrder();
    String query = "SELECT value.id, value.amount FROM " + read(topic, registry.address(), trust());
    List<Row> rows = spark.sql(query).collectAsList();
    // The reader schema on the driver, the writer schema by id on an executor: both over TLS.
    assertThat(rows).extracting(Row::toString).containsExactly("[1,10]");
    String explain = spark.sql("EXPLAIN EXTENDED " + query).collectAsList().get(0).getString(0);
    assertThat(explain).contains("from_registry_avro").doesNotContain(PASSWORD);
  }

  @Test
  void mutualTlsPresentsTheKeystoresCertificate() {
    String topic = topicWithOneOrder();
    List<Row> rows =
        spark
            .sql("SELECT value.id, value.amount FROM " + read(topic, mutualAddress(), mutual()))
            .collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[1,10]");

    // Without the keystore the server refuses the handshake.
    AnalysisException e =
        analysisError("SELECT value FROM " + read(topic, mutualAddress(), trust()));
    assertThat(e.getCondition())
        .as(e.getMessage())
        .isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_TLS_FAILED");
    assertThat(e.getMessage()).contains("schemaRegistryKeystoreLocation");
  }

  @Test
  void aStreamingTableRefusesAStorePasswordInClearText() {
    AnalysisException e =
        analysisError(
            "CREATE STREAMING TABLE clear_store AS SELECT value FROM STREAM "
                + read(
                    TestTopics.create(kafka, 1),
                    registry.address(),
                    ", schemaRegistryTruststoreLocation => '/tmp/t.p12',"
                        + " schemaRegistryTruststorePassword => '"
                        + PASSWORD
                        + "'"));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SECRET_IN_DEFINITION");
    assertThat(e.getMessageParameters())
        .isEqualTo(Map.of("option", "schemaRegistryTruststorePassword"));
    assertThat(e.getMessage()).doesNotContain(PASSWORD);
  }

  @Test
  void anUntrustedCertificateFailsFastNamingTheRegistryAndTheTruststoreOptions() {
    String topic = TestTopics.create(kafka, 1);
    long start = System.nanoTime();
    AnalysisException e = analysisError("SELECT value FROM " + read(topic, registry.address(), ""));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_TLS_FAILED");
    assertThat(e.getMessageParameters()).containsEntry("address", registry.address());
    assertThat(e.getMessageParameters().get("reason")).contains("PKIX");
    assertThat(e.getMessage()).contains("schemaRegistryTruststoreLocation");
    assertThat(millis).isLessThan(10_000);

    // Another CA's truststore is no better.
    AnalysisException other =
        analysisError(
            "SELECT value FROM "
                + read(
                    topic,
                    registry.address(),
                    ", schemaRegistryTruststoreLocation => '"
                        + tls.otherTruststore()
                        + "', schemaRegistryTruststorePassword => secret('registry_store')"));
    assertThat(other.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_TLS_FAILED");
  }

  @Test
  void aCertificateForAnotherHostNameFailsTheHandshake() throws Exception {
    // A JDK HTTPS server whose certificate (signed by the trusted CA) names only wrong.example:
    // the handshake fails in the client before any request, so no registry semantics are needed.
    SSLContext ssl = context(tls.wrongHostKeystore(), null);
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ssl));
    server.createContext("/", exchange -> exchange.close());
    server.start();
    try {
      String address = "https://127.0.0.1:" + server.getAddress().getPort();
      AnalysisException e =
          analysisError("SELECT value FROM " + read(TestTopics.create(kafka, 1), address, trust()));
      assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_TLS_FAILED");
      assertThat(e.getMessageParameters()).containsEntry("address", address);
      assertThat(e.getMessageParameters().get("reason")).contains("127.0.0.1");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aStoreThatCannotBeReadIsNamed() {
    String topic = TestTopics.create(kafka, 1);
    AnalysisException missing =
        analysisError(
            "SELECT value FROM "
                + read(
                    topic,
                    registry.address(),
                    ", schemaRegistryTruststoreLocation => '/no/such/truststore.p12'"));
    assertThat(missing.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_STORE_UNREADABLE");
    assertThat(missing.getMessageParameters())
        .containsEntry("option", "schemaRegistryTruststoreLocation");
    assertThat(missing.getMessageParameters().get("reason")).contains("/no/such/truststore.p12");

    spark.conf().set("spark.kafkaSql.secret.wrong_store", "not-the-password");
    try {
      AnalysisException wrong =
          analysisError(
              "SELECT value FROM "
                  + read(
                      topic,
                      registry.address(),
                      ", schemaRegistryTruststoreLocation => '"
                          + tls.truststore()
                          + "', schemaRegistryTruststorePassword => secret('wrong_store')"));
      assertThat(wrong.getCondition()).isEqualTo("KAFKA_SQL_SCHEMA_REGISTRY_STORE_UNREADABLE");
      assertThat(wrong.getMessage()).doesNotContain("not-the-password");
    } finally {
      spark.conf().unset("spark.kafkaSql.secret.wrong_store");
    }
  }

  @Test
  void aStorePasswordWithoutItsStoreIsRefused() {
    AnalysisException e =
        analysisError(
            "SELECT value FROM "
                + read(
                    TestTopics.create(kafka, 1),
                    registry.address(),
                    ", schemaRegistryKeystorePassword => secret('registry_store')"));
    assertThat(e.getCondition()).isEqualTo("KAFKA_SQL_MISSING_OPTION");
    assertThat(e.getMessageParameters()).containsEntry("option", "schemaRegistryKeystoreLocation");
  }
}
