package io.github.sparkkafkasql.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How DocsSqlIT reads the sql blocks of a page and their docs-test comments. */
class DocPagesTest {

  @TempDir Path root;

  private List<DocBlock> read(String markdown) throws IOException {
    Path page = Files.writeString(root.resolve("page.md"), markdown);
    return DocPages.markdown(root, page);
  }

  @Test
  void aBlockTakesTheDirectivesOfTheCommentBeforeIt() throws IOException {
    List<DocBlock> blocks =
        read(
            "Text.\n\n<!-- docs-test: topic t partitions 2; produce t from data/t.jsonl -->\n"
                + "```sql\nSELECT 1;\n-- a comment\nSELECT\n  2;\n```\n\n```text\nSELECT 3;\n```\n"
                + "```sql\nSELECT 4\n```\n");
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).where()).isEqualTo("page.md:4");
    assertThat(blocks.get(0).setup())
        .containsExactly("topic t partitions 2", "produce t from data/t.jsonl");
    assertThat(blocks.get(0).steps())
        .extracting(DocBlock.Step::sql)
        .containsExactly("SELECT 1", "SELECT\n  2");
    assertThat(blocks.get(1).setup()).isEmpty();
    assertThat(blocks.get(1).steps()).extracting(DocBlock.Step::sql).containsExactly("SELECT 4");
  }

  @Test
  void theDemoProduceDirectiveRunsBeforeTheNextStatement() {
    List<DocBlock.Step> steps =
        DocBlock.steps(
            "/* header; */\nSELECT 1;\n-- @produce clicks 100\nREFRESH STREAMING TABLE t;");
    assertThat(steps).hasSize(3);
    assertThat(steps.get(0).sql()).isEqualTo("SELECT 1");
    assertThat(steps.get(1).produceTopic()).isEqualTo("clicks");
    assertThat(steps.get(1).produceCount()).isEqualTo(100);
    assertThat(steps.get(2).sql()).isEqualTo("REFRESH STREAMING TABLE t");
  }

  @Test
  void aSkipSaysWhy() throws IOException {
    assertThat(read("<!-- docs-test: skip: needs a TLS cluster -->\n```sql\nSELECT 1;\n```\n"))
        .singleElement()
        .extracting(DocBlock::skipReason)
        .isEqualTo("needs a TLS cluster");
    assertThatThrownBy(() -> read("<!-- docs-test: skip -->\n```sql\nSELECT 1;\n```\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must say why");
  }
}
