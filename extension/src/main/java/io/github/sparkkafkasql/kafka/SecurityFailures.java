package io.github.sparkkafkasql.kafka;

import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.errors.SecurityErrors;
import java.io.FileNotFoundException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.login.LoginException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.IllegalSaslStateException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.UnsupportedSaslMechanismException;

/**
 * Turns the security failures of a Kafka client into this extension's errors: which login failed,
 * which TLS check, or how the client and the listener disagree, with the option that fixes it. The
 * messages are written here, never copied from an exception, so no credential can reach them.
 */
final class SecurityFailures {

  private static final String TRUSTSTORE_FIX =
      "Set `kafka.ssl.truststore.location` (and `kafka.ssl.truststore.type`,"
          + " `kafka.ssl.truststore.password`) to a truststore with the CA that signed the"
          + " broker's certificate; managed clusters with public certificates need none.";

  private final String servers;
  private final Map<String, String> client;

  SecurityFailures(String servers, Map<String, String> clientSettings) {
    this.servers = servers;
    this.client = clientSettings;
  }

  private String protocol() {
    return client.getOrDefault("security.protocol", "PLAINTEXT").toUpperCase(Locale.ROOT);
  }

  private String mechanism() {
    return client.getOrDefault("sasl.mechanism", "GSSAPI").toUpperCase(Locale.ROOT);
  }

  /** The error for a failure of the client, or null when it is not a security failure. */
  RuntimeException classify(Throwable failure, int probeTimeoutMs) {
    if (failure instanceof UnsupportedSaslMechanismException
        || failure instanceof IllegalSaslStateException) {
      RuntimeException mismatch = diagnose(probeTimeoutMs);
      return mismatch != null
          ? mismatch
          : SecurityErrors.listenerMismatch(
              servers,
              "does not accept the SASL mechanism " + mechanism(),
              "uses `kafka.security.protocol` " + protocol() + " with " + mechanism(),
              "Set `kafka.sasl.mechanism` to a mechanism the listener enables.");
    }
    if (failure instanceof SslAuthenticationException) {
      RuntimeException tls = tls(failure);
      if (tls != null) {
        return tls;
      }
      RuntimeException mismatch = diagnose(probeTimeoutMs);
      return mismatch != null
          ? mismatch
          : SecurityErrors.tlsHandshakeFailed(
              servers, "the broker closed the handshake", TRUSTSTORE_FIX);
    }
    if (failure instanceof SaslAuthenticationException) {
      return SecurityErrors.authenticationFailed(
          servers, mechanism(), "wrong password or unknown user");
    }
    if (failure instanceof AuthenticationException) {
      return SecurityErrors.authenticationFailed(
          servers, mechanism(), failure.getClass().getSimpleName());
    }
    return null;
  }

  private static final Pattern STORE_LOAD =
      Pattern.compile("Failed to load SSL keystore (.*) of type (\\S+)");
  private static final Pattern NO_LOGIN_MODULE = Pattern.compile("No LoginModule found for (\\S+)");

  /**
   * The error for a Kafka client that could not be created from these settings (no login for SASL,
   * a login or a key store it cannot read), naming the option that fixes it; null when the failure
   * is none of these. Kafka's messages are not shown: they can quote parts of a login.
   */
  RuntimeException clientSetup(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      Matcher store = STORE_LOAD.matcher(m);
      if (store.find()) {
        return keyStore(store.group(1), store.group(2), t.getCause());
      }
      if (m.contains("Could not find a 'KafkaClient' entry in the JAAS configuration")) {
        return OptionErrors.missingOption(
            "kafka.sasl.jaas.config",
            "`kafka.sasl.jaas.config` => "
                + loginExample()
                + " (the login for `kafka.security.protocol` "
                + protocol()
                + " with SASL mechanism "
                + mechanism()
                + ")");
      }
      Matcher module = NO_LOGIN_MODULE.matcher(m);
      if (t instanceof LoginException && module.find()) {
        return login(
            "names the login module "
                + module.group(1)
                + ", which is not on the classpath of the driver",
            "Use the login module of `kafka.sasl.mechanism` " + mechanism() + ", e.g. ");
      }
      if (t instanceof IllegalArgumentException && m.contains("JAAS config")) {
        return login(
            jaasProblem(m), "Write it as `<login module class> required key=\"value\" …;`, e.g. ");
      }
      if (t instanceof UnrecoverableKeyException) {
        return OptionErrors.invalidOptionValue(
            "kafka.ssl.key.password",
            "(not shown)",
            "Kafka client setting",
            "does not open the private key in `kafka.ssl.keystore.location`",
            "Give the key's password, or leave the option out when it equals the keystore's.");
      }
    }
    return null;
  }

  private RuntimeException login(String problem, String hint) {
    return OptionErrors.invalidOptionValue(
        "kafka.sasl.jaas.config",
        "(not shown)",
        "Kafka client setting",
        problem,
        hint + "`kafka.sasl.jaas.config` => " + loginExample() + ".");
  }

  /** What is wrong with a login Kafka could not parse, in fixed words (its own quote tokens). */
  private static String jaasProblem(String kafkaMessage) {
    if (kafkaMessage.contains("control flag")) {
      return "has no control flag (`required`) after the login module class";
    }
    if (kafkaMessage.contains("Value not specified")) {
      return "has an option without a value (each is written key=\"value\")";
    }
    if (kafkaMessage.contains("semi-colon")) {
      return "does not end with a semicolon";
    }
    if (kafkaMessage.contains("Login module not specified")) {
      return "names no login module";
    }
    return "is not a login Kafka's client can read";
  }

  /** A login for the client's mechanism, as SQL, with its password from a secret. */
  private String loginExample() {
    String mechanism = mechanism();
    String credentials =
        " required username=\"<user>\" password=\"', secret('kafka_password'), '\";')";
    if (mechanism.startsWith("SCRAM-")) {
      return "concat('org.apache.kafka.common.security.scram.ScramLoginModule" + credentials;
    }
    if (mechanism.equals("GSSAPI")) {
      return "'com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true"
          + " keyTab=\"/etc/security/keytabs/<user>.keytab\" principal=\"<user>@<REALM>\";'";
    }
    if (mechanism.equals("OAUTHBEARER")) {
      return "'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;'";
    }
    return "concat('org.apache.kafka.common.security.plain.PlainLoginModule" + credentials;
  }

  /** A truststore or keystore the client could not load: which option, and why. */
  private RuntimeException keyStore(String path, String type, Throwable cause) {
    String prefix =
        path.equals(client.get("ssl.truststore.location")) ? "ssl.truststore" : "ssl.keystore";
    String store = prefix.equals("ssl.truststore") ? "truststore" : "keystore";
    for (Throwable t = cause; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof NoSuchFileException
          || t instanceof AccessDeniedException
          || t instanceof FileNotFoundException) {
        return OptionErrors.invalidOptionValue(
            "kafka." + prefix + ".location",
            "'" + path + "'",
            "Kafka client setting",
            "names no file the driver can read",
            "Give the path of the "
                + store
                + " on the driver and on every executor (e.g. a file shipped with --files).");
      }
      if (t instanceof UnrecoverableKeyException || m.contains("password")) {
        return OptionErrors.invalidOptionValue(
            "kafka." + prefix + ".password",
            "(not shown)",
            "Kafka client setting",
            "does not open the " + store + " " + path,
            "Give the " + store + "'s password, e.g. with secret('<name>').");
      }
      if (t instanceof KeyStoreException && m.contains("not found")) {
        return OptionErrors.invalidOptionValue(
            "kafka." + prefix + ".type",
            "'" + type + "'",
            "Kafka client setting",
            "is not a store type this JVM reads",
            "Use PKCS12, JKS or PEM.");
      }
    }
    return OptionErrors.invalidOptionValue(
        "kafka." + prefix + ".location",
        "'" + path + "'",
        "Kafka client setting",
        "is not a " + type + " " + store + " Kafka's client can open",
        "Check the file and `kafka." + prefix + ".type`.");
  }

  /** A certificate the client refused, with the option that fixes it; null if it was not that. */
  private RuntimeException tls(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (t instanceof CertificateExpiredException || m.contains("validity check failed")) {
        return SecurityErrors.tlsHandshakeFailed(
            servers,
            "the broker's certificate has expired",
            "Renew the broker's certificate; the client cannot accept an expired one.");
      }
      if (t instanceof CertificateNotYetValidException) {
        return SecurityErrors.tlsHandshakeFailed(
            servers,
            "the broker's certificate is not valid yet",
            "Check the clocks of the broker and of the Spark driver.");
      }
      if (m.contains("no subject alternative") || m.contains("no name matching")) {
        return SecurityErrors.tlsHandshakeFailed(
            servers,
            "the broker's certificate is not issued for the host name in `bootstrapServers`",
            "Connect with a host name the certificate names (e.g. the broker's DNS name), or, only"
                + " if you accept the risk, set `kafka.ssl.endpoint.identification.algorithm`"
                + " => '' to turn off host name verification.");
      }
      if (m.contains("pkix path") || m.contains("unable to find valid certification path")) {
        return SecurityErrors.tlsHandshakeFailed(
            servers, "the broker's certificate is not signed by a trusted CA", TRUSTSTORE_FIX);
      }
      if (m.contains("bad_certificate") || m.contains("certificate_required")) {
        return SecurityErrors.tlsHandshakeFailed(
            servers,
            "the broker requires a client certificate (mutual TLS) and refused this one",
            "Set `kafka.ssl.keystore.location`, `kafka.ssl.keystore.type` and"
                + " `kafka.ssl.keystore.password` (and `kafka.ssl.key.password`) to a keystore"
                + " with a certificate the broker trusts.");
      }
    }
    return null;
  }

  /**
   * Asks the first bootstrap listener what it speaks and names the difference with the client's
   * settings; null when they agree or the listener does not tell.
   */
  RuntimeException diagnose(int probeTimeoutMs) {
    String first = servers.split(",")[0].trim();
    ListenerProbe.Listener listener = ListenerProbe.probe(first, probeTimeoutMs);
    if (listener == null) {
      return null;
    }
    String clientProtocol = protocol();
    boolean clientTls = clientProtocol.endsWith("SSL");
    boolean clientSasl = clientProtocol.startsWith("SASL");
    String fix = "Set `kafka.security.protocol` => '" + listener.protocol() + "'";
    if (listener.sasl() && !clientSasl) {
      fix += " with `kafka.sasl.mechanism` and `kafka.sasl.jaas.config`";
    }
    fix += ", or connect to the listener for " + clientProtocol + ".";
    if (listener.tls() != clientTls || listener.sasl() != clientSasl) {
      return SecurityErrors.listenerMismatch(
          servers,
          "speaks " + listener.protocol() + mechanisms(listener.mechanisms()),
          "uses `kafka.security.protocol` " + clientProtocol,
          fix);
    }
    if (clientSasl && !listener.mechanisms().contains(mechanism())) {
      return SecurityErrors.listenerMismatch(
          servers,
          "speaks " + listener.protocol() + mechanisms(listener.mechanisms()),
          "uses `kafka.sasl.mechanism` " + mechanism(),
          "Set `kafka.sasl.mechanism` to one of "
              + String.join(", ", listener.mechanisms())
              + " (and the matching login module in `kafka.sasl.jaas.config`).");
    }
    return null;
  }

  private static String mechanisms(List<String> mechanisms) {
    return mechanisms.isEmpty() ? "" : " with SASL mechanisms " + String.join(", ", mechanisms);
  }
}
