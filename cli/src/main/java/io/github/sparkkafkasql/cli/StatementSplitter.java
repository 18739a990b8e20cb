package io.github.sparkkafkasql.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into statements at the semicolons that are outside string literals, backquoted
 * identifiers and comments.
 *
 * <p>A statement's text runs from its first to its last character of code: comments before it are
 * not part of it, comments inside it are kept (Spark's parser skips them). Text with no code at all
 * (blank or only comments) is not a statement.
 */
final class StatementSplitter {

  /** Receives what the splitter finds, in text order. */
  interface Listener {

    void statement(String sql);

    /**
     * A {@code --} comment's text after the dashes; {@code inStatement} when a statement had begun
     * before the comment and has not ended yet.
     */
    default void lineComment(String body, boolean inStatement) {}
  }

  /** The complete statements of {@code text} and what follows the last top-level semicolon. */
  record Split(List<String> statements, String remainder) {

    /** True when the remainder holds code, i.e. an unterminated statement. */
    boolean hasIncompleteStatement() {
      return !StatementSplitter.statements(remainder).isEmpty();
    }
  }

  private StatementSplitter() {}

  /** Every statement of {@code text}, including a last one without a semicolon. */
  static List<String> statements(String text) {
    List<String> out = new ArrayList<>();
    scan(text, out::add, true);
    return out;
  }

  /** The statements ended by a semicolon, and the unterminated rest (for line-by-line input). */
  static Split split(String text) {
    List<String> out = new ArrayList<>();
    int end = scan(text, out::add, false);
    return new Split(out, text.substring(end));
  }

  /** Scans {@code text}; returns the index just after the last top-level semicolon. */
  static int scan(String text, Listener listener, boolean flushLast) {
    int codeStart = -1; // first code character of the current statement, -1 before it
    int codeEnd = -1; // just after its last code character so far
    int afterSemicolon = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : '\0';
      int tokenEnd;
      if (c == '-' && next == '-') {
        int eol = text.indexOf('\n', i);
        int lineEnd = eol < 0 ? n : eol;
        listener.lineComment(text.substring(i + 2, lineEnd), codeStart >= 0);
        i = lineEnd;
        continue;
      } else if (c == '/' && next == '*') {
        i = blockCommentEnd(text, i);
        continue;
      } else if (c == ';') {
        if (codeStart >= 0) {
          listener.statement(text.substring(codeStart, codeEnd));
        }
        codeStart = -1;
        afterSemicolon = ++i;
        continue;
      } else if (c == '\'' || c == '"' || c == '`') {
        tokenEnd = quotedEnd(text, i);
      } else if (Character.isWhitespace(c)) {
        i++;
        continue;
      } else {
        tokenEnd = i + 1;
      }
      if (codeStart < 0) {
        codeStart = i;
      }
      codeEnd = tokenEnd;
      i = tokenEnd;
    }
    if (flushLast && codeStart >= 0) {
      listener.statement(text.substring(codeStart, codeEnd));
    }
    return afterSemicolon;
  }

  /** The index after the quote closing the one at {@code start}; the text's end if unclosed. */
  private static int quotedEnd(String text, int start) {
    char quote = text.charAt(start);
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      // Backslash escapes apply in string literals, not in backquoted identifiers (`a``b`).
      if (c == '\\' && quote != '`') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return text.length();
  }

  /** The index after the block comment at {@code start}; nested comments nest, as in Spark. */
  private static int blockCommentEnd(String text, int start) {
    int depth = 0;
    int i = start;
    while (i < text.length()) {
      if (text.startsWith("/*", i)) {
        depth++;
        i += 2;
      } else if (text.startsWith("*/", i)) {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return text.length();
  }
}
