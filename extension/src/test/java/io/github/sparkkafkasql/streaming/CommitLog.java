package io.github.sparkkafkasql.streaming;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The batches a streaming table's checkpoint has committed, read while its query may be writing.
 *
 * <p>Directory listings only: {@code Files.walk} reads the attributes of every entry and fails on
 * the temporary file that Spark renames into place between the listing and that read.
 */
public final class CommitLog {

  private CommitLog() {}

  /** Ids of the batches in {@code checkpoint/commits}; none before the query's first commit. */
  public static List<Long> batches(Path checkpoint) throws IOException {
    List<Long> ids = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(checkpoint.resolve("commits"))) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.matches("\\d+")) {
          ids.add(Long.parseLong(name));
        }
      }
    } catch (NoSuchFileException notYet) {
      return List.of();
    }
    return ids;
  }

  /** Batches committed by every checkpoint generation of the table stored in {@code tableDir}. */
  static int batchesInAllGenerations(Path tableDir) throws IOException {
    int count = 0;
    try (DirectoryStream<Path> generations =
        Files.newDirectoryStream(tableDir.resolve("_kafka_sql"), "checkpoint-*")) {
      for (Path generation : generations) {
        count += batches(generation).size();
      }
    } catch (NoSuchFileException notYet) {
      return 0;
    }
    return count;
  }
}
