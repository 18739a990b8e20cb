package io.github.sparkkafkasql.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The versions {@code --version} prints, recorded at build time in {@code version.properties}. */
final class VersionInfo implements IVersionProvider {

  private static final Properties VERSIONS = load();

  static String version() {
    return VERSIONS.getProperty("version", "unknown");
  }

  static String summary() {
    return String.format(
        Locale.ROOT,
        "kafka-sql %s (Spark %s, Delta %s, Kafka clients %s, Scala %s, Java %s)",
        version(),
        VERSIONS.getProperty("spark.version"),
        VERSIONS.getProperty("delta.version"),
        VERSIONS.getProperty("kafka.version"),
        VERSIONS.getProperty("scala.binary.version"),
        System.getProperty("java.version"));
  }

  @Override
  public String[] getVersion() {
    return new String[] {summary()};
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = VersionInfo.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
