package io.github.sparkkafkasql.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Builds an embedded broker that requires authentication on every listener and authorizes with
 * Kafka's StandardAuthorizer, for the tests of secured clusters. A test class starts one and shares
 * it; every other test uses the PLAINTEXT broker of {@link EmbeddedKafka#start()}.
 *
 * <p>Its listeners ({@link Listener}) speak SASL_PLAINTEXT (PLAIN only), SASL_SSL (PLAIN and
 * SCRAM-SHA-256/512), TLS with server authentication, mutual TLS, and TLS with a certificate for
 * another host or an expired one, all on 127.0.0.1 with certificates from {@link TlsMaterial}.
 * SCRAM users are created when the storage is formatted, PLAIN users live in the listeners' JAAS
 * configs, and the super user {@value #ADMIN} (PLAIN) is what {@link EmbeddedKafka#admin()} and the
 * producers use, over SASL_PLAINTEXT. Other principals can do nothing until a test grants ACLs.
 */
public final class SecuredKafka {

  /** The super user, for setup: creating topics, producing, granting ACLs. */
  public static final String ADMIN = "admin";

  public static final String ADMIN_PASSWORD = "admin-secret";

  /** The listeners of a secured broker. */
  public enum Listener {
    /** SASL without TLS; only the PLAIN mechanism is enabled. */
    SASL_PLAINTEXT("SASL_PLAINTEXT"),
    /** SASL over TLS with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
    SASL_SSL("SASL_SSL"),
    /** TLS, the broker authenticated by its certificate; the client is User:ANONYMOUS. */
    SSL("SSL"),
    /** Mutual TLS: the client's certificate CN is its principal. */
    MTLS("SSL"),
    /** TLS with a certificate for {@code wrong.example}. */
    SSL_WRONG_HOST("SSL"),
    /** TLS with a certificate that expired. */
    SSL_EXPIRED("SSL");

    final String protocol;

    Listener(String protocol) {
      this.protocol = protocol;
    }

    String lower() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final Map<String, String> plainUsers = new LinkedHashMap<>();
  private final List<String> scramUsers = new ArrayList<>();

  SecuredKafka() {}

  /** A user of the PLAIN mechanism, on the SASL_PLAINTEXT and SASL_SSL listeners. */
  public SecuredKafka plainUser(String name, String password) {
    plainUsers.put(name, password);
    return this;
  }

  /** A SCRAM user, {@code mechanism} SCRAM-SHA-256 or SCRAM-SHA-512, made at format time. */
  public SecuredKafka scramUser(String mechanism, String name, String password) {
    scramUsers.add(mechanism + "=[name=" + name + ",password=" + password + "]");
    return this;
  }

  /** The JAAS line of a PLAIN client. */
  public static String plainJaas(String user, String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  /** The JAAS line of a SCRAM client. */
  public static String scramJaas(String user, String password) {
    return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
        + user
        + "\" password=\""
        + password
        + "\";";
  }

  /** Generates (or reuses) the TLS material, formats the storage and starts the broker. */
  public EmbeddedKafka start() {
    TlsMaterial tls = TlsMaterial.get();
    try {
      Path logDir = Files.createTempDirectory("kafka-sql-secured-broker-");
      int controllerPort = EmbeddedKafka.freePort();
      Map<Listener, String> addresses = new EnumMap<>(Listener.class);
      for (Listener l : Listener.values()) {
        addresses.put(l, "127.0.0.1:" + EmbeddedKafka.freePort());
      }
      Properties p = EmbeddedKafka.brokerProperties(logDir, 0, controllerPort);
      List<String> listeners = new ArrayList<>();
      List<String> protocols = new ArrayList<>(List.of("CONTROLLER:SASL_PLAINTEXT"));
      addresses.forEach(
          (l, address) -> {
            listeners.add(l.name() + "://" + address);
            protocols.add(l.name() + ":" + l.protocol);
          });
      p.put("advertised.listeners", String.join(",", listeners));
      listeners.add("CONTROLLER://127.0.0.1:" + controllerPort);
      p.put("listeners", String.join(",", listeners));
      p.put("listener.security.protocol.map", String.join(",", protocols));
      p.put("inter.broker.listener.name", Listener.SASL_PLAINTEXT.name());
      p.putAll(saslSettings());
      p.putAll(tlsSettings(tls));
      p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
      p.put("super.users", "User:" + ADMIN);
      // The CN of a client certificate is its principal: User:reader-tls.
      p.put("ssl.principal.mapping.rules", "RULE:^CN=([^,]+)$/$1/,DEFAULT");
      List<String> format = new ArrayList<>();
      for (String user : scramUsers) {
        format.add("--add-scram");
        format.add(user);
      }
      Map<String, String> client =
          Map.of(
              "security.protocol", "SASL_PLAINTEXT",
              "sasl.mechanism", "PLAIN",
              "sasl.jaas.config", plainJaas(ADMIN, ADMIN_PASSWORD));
      Map<String, String> byName = new LinkedHashMap<>();
      addresses.forEach((l, address) -> byName.put(l.name(), address));
      return EmbeddedKafka.start(
          logDir, p, format, addresses.get(Listener.SASL_PLAINTEXT), byName, client);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the secured Kafka broker", e);
    }
  }

  private Map<String, String> saslSettings() {
    Map<String, String> p = new LinkedHashMap<>();
    StringBuilder users = new StringBuilder();
    users.append(" user_").append(ADMIN).append("=\"").append(ADMIN_PASSWORD).append('"');
    plainUsers.forEach(
        (u, pw) -> users.append(" user_").append(u).append("=\"").append(pw).append('"'));
    // The broker's own login (username/password) and the users it accepts (user_<name>).
    String plain =
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
            + ADMIN
            + "\" password=\""
            + ADMIN_PASSWORD
            + "\""
            + users
            + ";";
    String scram = "org.apache.kafka.common.security.scram.ScramLoginModule required;";
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("sasl.mechanism.controller.protocol", "PLAIN");
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
    p.put("listener.name.controller.plain.sasl.jaas.config", plain);
    String sasl = Listener.SASL_PLAINTEXT.lower();
    p.put("listener.name." + sasl + ".sasl.enabled.mechanisms", "PLAIN");
    p.put("listener.name." + sasl + ".plain.sasl.jaas.config", plain);
    String saslSsl = Listener.SASL_SSL.lower();
    p.put(
        "listener.name." + saslSsl + ".sasl.enabled.mechanisms",
        "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512");
    p.put("listener.name." + saslSsl + ".plain.sasl.jaas.config", plain);
    p.put("listener.name." + saslSsl + ".scram-sha-256.sasl.jaas.config", scram);
    p.put("listener.name." + saslSsl + ".scram-sha-512.sasl.jaas.config", scram);
    // Sessions of SCRAM-SHA-256 logins end after 3 s and the client logs in again, as managed
    // clusters do, so a rotated password takes effect on connections that are already open.
    p.put("listener.name." + saslSsl + ".scram-sha-256.connections.max.reauth.ms", "3000");
    return p;
  }

  private static Map<String, String> tlsSettings(TlsMaterial tls) {
    Map<String, String> p = new LinkedHashMap<>();
    p.putAll(keystore("", tls.brokerKeystore()));
    p.put("ssl.truststore.location", tls.truststore().toString());
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.password", TlsMaterial.PASSWORD);
    p.put("ssl.client.auth", "none");
    p.put("listener.name." + Listener.MTLS.lower() + ".ssl.client.auth", "required");
    p.putAll(
        keystore(
            "listener.name." + Listener.SSL_WRONG_HOST.lower() + ".", tls.wrongHostKeystore()));
    p.putAll(
        keystore("listener.name." + Listener.SSL_EXPIRED.lower() + ".", tls.expiredKeystore()));
    return p;
  }

  private static Map<String, String> keystore(String prefix, Path store) {
    return Map.of(
        prefix + "ssl.keystore.location",
        store.toString(),
        prefix + "ssl.keystore.type",
        "PKCS12",
        prefix + "ssl.keystore.password",
        TlsMaterial.PASSWORD,
        prefix + "ssl.key.password",
        TlsMaterial.PASSWORD);
  }
}
