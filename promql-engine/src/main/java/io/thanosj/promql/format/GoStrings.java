package io.thanosj.promql.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * String quoting and unquoting as Go's {@code strconv} does it. Prometheus prints string literals,
 * label matchers and error messages with {@code %q}, and reads PromQL string literals with Go's
 * escape rules, so both directions have to agree byte for byte.
 */
public final class GoStrings {

  private GoStrings() {}

  /** Go's {@code strconv.Quote}: double quotes, escapes for quotes, backslashes and non-printables. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      appendEscapedRune(sb, cp, '"');
    }
    return sb.append('"').toString();
  }

  /** Go's {@code strconv.QuoteRune}, used by {@code %q} on a rune: {@code '.'}. */
  public static String quoteRune(int cp) {
    StringBuilder sb = new StringBuilder(8);
    sb.append('\'');
    appendEscapedRune(sb, cp, '\'');
    return sb.append('\'').toString();
  }

  /** Go's {@code %#U}: {@code U+0063 'c'}, without the quoted form for non-printable runes. */
  public static String formatRuneU(int cp) {
    String hex = Integer.toHexString(cp).toUpperCase();
    StringBuilder sb = new StringBuilder("U+");
    sb.append("0".repeat(Math.max(0, 4 - hex.length()))).append(hex);
    if (isPrint(cp)) {
      sb.append(" '").appendCodePoint(cp).append('\'');
    }
    return sb.toString();
  }

  private static void appendEscapedRune(StringBuilder sb, int cp, char quote) {
    if (cp == quote || cp == '\\') {
      sb.append('\\').appendCodePoint(cp);
      return;
    }
    if (isPrint(cp)) {
      sb.appendCodePoint(cp);
      return;
    }
    switch (cp) {
      case 0x07 -> sb.append("\\a");
      case '\b' -> sb.append("\\b");
      case '\f' -> sb.append("\\f");
      case '\n' -> sb.append("\\n");
      case '\r' -> sb.append("\\r");
      case '\t' -> sb.append("\\t");
      case 0x0B -> sb.append("\\v");
      default -> {
        if (cp < ' ' || cp == 0x7F) {
          sb.append("\\x").append(hex(cp, 2));
        } else if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
          // A lone surrogate cannot be encoded in UTF-8; Go would see an invalid byte sequence.
          sb.append("\\ufffd");
        } else if (cp < 0x10000) {
          sb.append("\\u").append(hex(cp, 4));
        } else {
          sb.append("\\U").append(hex(cp, 8));
        }
      }
    }
  }

  private static String hex(int v, int width) {
    String h = Integer.toHexString(v);
    return "0".repeat(Math.max(0, width - h.length())) + h;
  }

  /** Go's {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and ASCII space. */
  public static boolean isPrint(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  /**
   * Prometheus' {@code strutil.Unquote}: a {@code "…"}, {@code '…'} or {@code `…`} literal with
   * Go's escapes ({@code \n}, {@code \x41}, {@code \101}, {@code \u00e9}, …). Byte escapes may
   * produce invalid UTF-8, which is decoded with replacement characters.
   *
   * @throws IllegalArgumentException with Go's "invalid syntax" text on a malformed literal
   */
  public static String unquote(String s) {
    int n = s.length();
    if (n < 2) {
      throw syntax();
    }
    char q = s.charAt(0);
    if (q != s.charAt(n - 1)) {
      throw syntax();
    }
    String body = s.substring(1, n - 1);
    if (q == '`') {
      if (body.indexOf('`') >= 0) {
        throw syntax();
      }
      return body;
    }
    if (q != '"' && q != '\'') {
      throw syntax();
    }
    if (body.indexOf('\n') >= 0) {
      throw syntax();
    }
    if (body.indexOf('\\') < 0 && body.indexOf(q) < 0) {
      return body;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == q) {
        throw syntax();
      }
      if (c != '\\') {
        int cp = body.codePointAt(i);
        i += Character.charCount(cp);
        writeUtf8(out, cp);
        continue;
      }
      i++;
      if (i >= body.length()) {
        throw syntax();
      }
      char e = body.charAt(i++);
      switch (e) {
        case 'a' -> out.write(0x07);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(0x0B);
        case '\\' -> out.write('\\');
        case '\'', '"' -> {
          if (e != q) {
            throw syntax();
          }
          out.write(e);
        }
        case 'x', 'u', 'U' -> {
          int len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + len > body.length()) {
            throw syntax();
          }
          int v = 0;
          for (int k = 0; k < len; k++) {
            int d = Character.digit(body.charAt(i + k), 16);
            if (d < 0) {
              throw syntax();
            }
            v = v * 16 + d;
          }
          i += len;
          if (e == 'x') {
            out.write(v);
          } else {
            if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000) || v < 0) {
              throw syntax();
            }
            writeUtf8(out, v);
          }
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 2 > body.length()) {
            throw syntax();
          }
          int v = e - '0';
          for (int k = 0; k < 2; k++) {
            int d = body.charAt(i + k) - '0';
            if (d < 0 || d > 7) {
              throw syntax();
            }
            v = v * 8 + d;
          }
          i += 2;
          if (v > 255) {
            throw syntax();
          }
          out.write(v);
        }
        default -> throw syntax();
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void writeUtf8(ByteArrayOutputStream out, int cp) {
    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  private static IllegalArgumentException syntax() {
    return new IllegalArgumentException("invalid syntax");
  }

  /** Number of UTF-8 bytes of {@code s[0, end)}: Prometheus reports positions in bytes. */
  public static int utf8Length(CharSequence s, int end) {
    int bytes = 0;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
