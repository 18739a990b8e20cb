package io.github.sparkkafkasql.payloads;

import io.github.sparkkafkasql.errors.OptionErrors;
import io.github.sparkkafkasql.options.KafkaOption;
import io.github.sparkkafkasql.options.ReadKafkaOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS stores a Schema Registry is reached with ({@code schemaRegistryTruststore*}, {@code
 * schemaRegistryKeystore*}): file paths, read where the connection is made (the driver, and each
 * executor that fetches writer schemas), as Spark's Kafka source reads {@code
 * kafka.ssl.truststore.location}. Its {@code toString} never shows the passwords.
 */
final class RegistryTls implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Where a store could not be read: the option to fix, and why. */
  static final class BadStore extends Exception {
    private static final long serialVersionUID = 1L;
    private final String option;

    BadStore(String option, String reason, Throwable cause) {
      super(reason, cause);
      this.option = option;
    }

    String option() {
      return option;
    }
  }

  private final String truststore;
  private final String truststorePassword;
  private final String truststoreType;
  private final String keystore;
  private final String keystorePassword;
  private final String keystoreType;

  private RegistryTls(
      String truststore,
      String truststorePassword,
      String truststoreType,
      String keystore,
      String keystorePassword,
      String keystoreType) {
    this.truststore = truststore;
    this.truststorePassword = truststorePassword;
    this.truststoreType = truststoreType;
    this.keystore = keystore;
    this.keystorePassword = keystorePassword;
    this.keystoreType = keystoreType;
  }

  /** The stores the options name; null when they name none (the JVM's defaults apply). */
  static RegistryTls of(Function<KafkaOption, String> options) {
    String truststore = options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION);
    String keystore = options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_LOCATION);
    for (KafkaOption o :
        List.of(
            ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD,
            ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_TYPE,
            ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_PASSWORD,
            ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_TYPE)) {
      boolean trust = o.name().contains("Truststore");
      if (options.apply(o) != null && (trust ? truststore : keystore) == null) {
        KafkaOption location =
            trust
                ? ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_LOCATION
                : ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_LOCATION;
        throw OptionErrors.missingOption(
            location.name(),
            location.name() + " => '/path/on/every/node/store.p12' (`" + o.name() + "` is for it)");
      }
    }
    if (truststore == null && keystore == null) {
      return null;
    }
    return new RegistryTls(
        truststore,
        options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_PASSWORD),
        options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_TRUSTSTORE_TYPE),
        keystore,
        options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_PASSWORD),
        options.apply(ReadKafkaOptions.SCHEMA_REGISTRY_KEYSTORE_TYPE));
  }

  /**
   * When the store files last changed: part of the key of cached HTTP clients, so that a store
   * rotated in place is read again by the next request.
   */
  List<Long> stamp() {
    return List.of(modified(truststore), modified(keystore));
  }

  private static long modified(String path) {
    try {
      return path == null ? 0 : Files.getLastModifiedTime(Path.of(path)).toMillis();
    } catch (IOException e) {
      return -1;
    }
  }

  /** An SSL context that trusts the truststore (else the JVM's) and presents the keystore's key. */
  SSLContext context() throws BadStore {
    try {
      TrustManagerFactory tmf = null;
      if (truststore != null) {
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(
            load(
                "schemaRegistryTruststoreLocation",
                truststore,
                truststorePassword,
                truststoreType));
      }
      KeyManagerFactory kmf = null;
      if (keystore != null) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(
            load("schemaRegistryKeystoreLocation", keystore, keystorePassword, keystoreType),
            keystorePassword == null ? new char[0] : keystorePassword.toCharArray());
      }
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(
          kmf == null ? null : kmf.getKeyManagers(),
          tmf == null ? null : tmf.getTrustManagers(),
          null);
      return ssl;
    } catch (GeneralSecurityException e) {
      throw new BadStore(
          keystore != null ? "schemaRegistryKeystoreLocation" : "schemaRegistryTruststoreLocation",
          String.valueOf(e.getMessage()),
          e);
    }
  }

  private static KeyStore load(String option, String path, String password, String type)
      throws BadStore {
    String storeType = type == null ? KeyStore.getDefaultType() : type.trim();
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      KeyStore store = KeyStore.getInstance(storeType);
      store.load(in, password == null ? null : password.toCharArray());
      return store;
    } catch (NoSuchFileException e) {
      throw new BadStore(option, "there is no file '" + path + "' on " + host(), e);
    } catch (IOException e) {
      // KeyStore#load reports a wrong password as an IOException whose cause says so.
      String reason =
          e.getCause() instanceof java.security.UnrecoverableKeyException
              ? "the password is wrong"
              : String.valueOf(e.getMessage());
      throw new BadStore(
          option, "'" + path + "' could not be read as " + storeType + ": " + reason, e);
    } catch (GeneralSecurityException e) {
      throw new BadStore(
          option, "'" + path + "' could not be read as " + storeType + ": " + e.getMessage(), e);
    }
  }

  private static String host() {
    try {
      return "host " + java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this host";
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegistryTls t
        && Objects.equals(t.truststore, truststore)
        && Objects.equals(t.truststorePassword, truststorePassword)
        && Objects.equals(t.truststoreType, truststoreType)
        && Objects.equals(t.keystore, keystore)
        && Objects.equals(t.keystorePassword, keystorePassword)
        && Objects.equals(t.keystoreType, keystoreType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(truststore, truststoreType, keystore, keystoreType);
  }

  @Override
  public String toString() {
    return "RegistryTls(truststore=" + truststore + ", keystore=" + keystore + ", *********)";
  }
}
