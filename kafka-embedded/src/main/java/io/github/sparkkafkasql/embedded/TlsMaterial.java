package io.github.sparkkafkasql.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates for tests, made once per JVM in a temporary directory with the JDK's {@code keytool}
 * (nothing is committed to the repository): a certificate authority and its truststore, a broker
 * certificate for {@code localhost} and 127.0.0.1, a client certificate for mutual TLS, a broker
 * certificate for another host name and one that expired yesterday. All stores are PKCS12 and share
 * one password.
 */
public final class TlsMaterial {

  /** The password of every store and key; test material only. */
  public static final String PASSWORD = "test-store-pw";

  /** The common name of the client certificate, which the broker maps to the principal. */
  public static final String CLIENT_NAME = "reader-tls";

  private static TlsMaterial shared;

  private final Path dir;

  private TlsMaterial(Path dir) {
    this.dir = dir;
  }

  /** The material of this JVM, generated on first use (a few seconds). */
  public static synchronized TlsMaterial get() {
    if (shared == null) {
      shared = generate();
    }
    return shared;
  }

  /** The truststore holding the test CA. */
  public Path truststore() {
    return dir.resolve("truststore.p12");
  }

  /** The broker's keystore: a certificate for localhost and 127.0.0.1, signed by the CA. */
  public Path brokerKeystore() {
    return dir.resolve("broker.p12");
  }

  /** The client's keystore for mutual TLS: CN={@value #CLIENT_NAME}, signed by the CA. */
  public Path clientKeystore() {
    return dir.resolve("client.p12");
  }

  /** A broker keystore whose certificate names only {@code wrong.example}. */
  public Path wrongHostKeystore() {
    return dir.resolve("wronghost.p12");
  }

  /** A broker keystore whose certificate (localhost, 127.0.0.1) expired yesterday. */
  public Path expiredKeystore() {
    return dir.resolve("expired.p12");
  }

  /** A truststore with a CA of its own, which signed none of the certificates above. */
  public Path otherTruststore() {
    return dir.resolve("other-truststore.p12");
  }

  /** An SSL context that trusts the CA and presents the client certificate. */
  public SSLContext clientContext() {
    try {
      char[] pw = PASSWORD.toCharArray();
      KeyStore trust = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(truststore())) {
        trust.load(in, pw);
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(clientKeystore())) {
        keys.load(in, pw);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, pw);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return ssl;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TlsMaterial generate() {
    try {
      Path dir = Files.createTempDirectory("kafka-sql-tls-");
      dir.toFile().deleteOnExit();
      TlsMaterial m = new TlsMaterial(dir);
      String localSan = "SAN=dns:localhost,ip:127.0.0.1";
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> jobs = new ArrayList<>();
        jobs.add(pool.submit(() -> m.authority("other-ca", m.otherTruststore())));
        m.authority("ca", m.truststore());
        jobs.add(pool.submit(() -> m.leaf("broker", "CN=localhost", localSan, null)));
        jobs.add(pool.submit(() -> m.leaf("client", "CN=" + CLIENT_NAME, null, null)));
        jobs.add(
            pool.submit(
                () -> m.leaf("wronghost", "CN=wrong.example", "SAN=dns:wrong.example", null)));
        jobs.add(pool.submit(() -> m.leaf("expired", "CN=localhost", localSan, "-3d")));
        for (Future<?> job : jobs) {
          job.get(2, TimeUnit.MINUTES);
        }
      } finally {
        pool.shutdownNow();
      }
      return m;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create TLS material", e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Could not create TLS material", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A self-signed CA in {@code <name>.p12}, its certificate in a truststore and a PEM file. */
  private Void authority(String name, Path truststore) {
    Path store = dir.resolve(name + ".p12");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=kafka-sql-test-" + name,
        "-ext",
        "bc:c",
        "-validity",
        "30",
        "-keystore",
        store.toString());
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        name,
        "-keystore",
        store.toString(),
        "-file",
        dir.resolve(name + ".pem").toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        name,
        "-file",
        dir.resolve(name + ".pem").toString(),
        "-keystore",
        truststore.toString());
    return null;
  }

  /**
   * A key pair in {@code <name>.p12} whose certificate the CA signs; {@code start} moves the
   * validity back (one day long) to make an expired certificate.
   */
  private Void leaf(String name, String subject, String san, String start) {
    Path store = dir.resolve(name + ".p12");
    Path csr = dir.resolve(name + ".csr");
    Path signed = dir.resolve(name + ".pem");
    keytool(
        "-genkeypair",
        "-alias",
        name,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        subject,
        "-validity",
        "30",
        "-keystore",
        store.toString());
    keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", csr.toString());
    List<String> sign =
        new ArrayList<>(
            List.of(
                "-gencert",
                "-alias",
                "ca",
                "-keystore",
                dir.resolve("ca.p12").toString(),
                "-infile",
                csr.toString(),
                "-outfile",
                signed.toString(),
                "-rfc"));
    if (san != null) {
      sign.add("-ext");
      sign.add(san);
    }
    if (start != null) {
      sign.addAll(List.of("-startdate", start, "-validity", "1"));
    } else {
      sign.addAll(List.of("-validity", "30"));
    }
    keytool(sign.toArray(String[]::new));
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "ca",
        "-file",
        dir.resolve("ca.pem").toString(),
        "-keystore",
        store.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        name,
        "-file",
        signed.toString(),
        "-keystore",
        store.toString());
    return null;
  }

  private static void keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    if (List.of(args).contains("-genkeypair")) {
      command.addAll(List.of("-keypass", PASSWORD));
    }
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
