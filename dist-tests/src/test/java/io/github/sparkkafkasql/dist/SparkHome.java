package io.github.sparkkafkasql.dist;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A Spark installation assembled from the build's Spark jars: {@code jars/} links to every jar of
 * spark-sql and spark-hive with their dependencies (what a distribution's {@code jars/} holds), and
 * {@code conf/} has a quieter log4j2.properties. Nothing of this project and no Kafka jar is in it.
 */
final class SparkHome {

  private final Path home;
  private final List<MavenJar> jars;

  private SparkHome(Path home, List<MavenJar> jars) {
    this.home = home;
    this.jars = jars;
  }

  /** Builds {@code home} from the classpath file the build wrote (one line, path-separated). */
  static SparkHome assemble(Path classpathFile, Path home) {
    try {
      deleteRecursively(home);
      Path jarsDir = Files.createDirectories(home.resolve("jars"));
      List<MavenJar> jars = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (String entry : Files.readString(classpathFile, UTF_8).strip().split(":")) {
        Path jar = Path.of(entry);
        if (!names.add(jar.getFileName().toString())) {
          throw new IllegalStateException("Two Spark jars named " + jar.getFileName());
        }
        Files.createSymbolicLink(jarsDir.resolve(jar.getFileName()), jar);
        jars.add(MavenJar.of(jar));
      }
      Path conf = Files.createDirectories(home.resolve("conf"));
      try (var log4j = SparkHome.class.getResourceAsStream("/log4j2.properties")) {
        Files.copy(log4j, conf.resolve("log4j2.properties"));
      }
      return new SparkHome(home, List.copyOf(jars));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path path() {
    return home;
  }

  /** The distribution's jars, as Maven coordinates. */
  List<MavenJar> jars() {
    return jars;
  }

  /** The launcher's classpath for the driver: {@code conf/} and {@code jars/*}. */
  String classpath() {
    return home.resolve("conf") + ":" + home.resolve("jars") + "/*";
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** A jar in a Maven repository: {@code .../<group path>/<artifactId>/<version>/<file>}. */
  record MavenJar(String artifactId, String version, Path path) {
    static MavenJar of(Path jar) {
      Path versionDir = jar.getParent();
      return new MavenJar(
          versionDir.getParent().getFileName().toString(),
          versionDir.getFileName().toString(),
          jar);
    }
  }
}
