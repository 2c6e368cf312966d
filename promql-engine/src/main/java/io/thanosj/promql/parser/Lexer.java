package io.thanosj.promql.parser;

import io.thanosj.promql.format.GoStrings;

/**
 * The PromQL lexer: a state machine with the same states, lookahead and error texts as
 * Prometheus' {@code lex.go}, so that the same input fails at the same offset with the same words
 * (e.g. {@code bad number or duration syntax: "0de"} consumes exactly the characters Go does).
 */
final class Lexer {

  private static final int EOF = -1;

  private enum State {
    STATEMENTS,
    INSIDE_BRACES,
    STRING,
    RAW_STRING,
    ESCAPE,
    SPACE,
    LINE_COMMENT,
    DURATION,
    NUMBER_OR_DURATION,
    KEYWORD_OR_IDENTIFIER,
    IDENTIFIER,
    DONE
  }

  private final String input;
  private State state = State.STATEMENTS;
  private int pos;
  private int start;
  private int width;
  private Item item;

  private int parenDepth;
  private boolean braceOpen;
  private boolean bracketOpen;
  private boolean gotColon;
  private int stringOpen;

  Lexer(String input) {
    this.input = input;
  }

  /** The offset where the item currently being scanned starts (Prometheus reports lexer errors there). */
  int start() {
    return start;
  }

  Item nextItem() {
    item = null;
    if (state == State.DONE) {
      emit(ItemType.EOF);
    }
    while (item == null) {
      state = step(state);
    }
    return item;
  }

  private State step(State s) {
    return switch (s) {
      case STATEMENTS -> lexStatements();
      case INSIDE_BRACES -> lexInsideBraces();
      case STRING -> lexString();
      case RAW_STRING -> lexRawString();
      case ESCAPE -> lexEscape();
      case SPACE -> lexSpace();
      case LINE_COMMENT -> lexLineComment();
      case DURATION -> lexDuration();
      case NUMBER_OR_DURATION -> lexNumberOrDuration();
      case KEYWORD_OR_IDENTIFIER -> lexKeywordOrIdentifier();
      case IDENTIFIER -> lexIdentifier();
      case DONE -> {
        emit(ItemType.EOF);
        yield State.DONE;
      }
    };
  }

  private int next() {
    if (pos >= input.length()) {
      width = 0;
      return EOF;
    }
    int cp = input.codePointAt(pos);
    width = Character.charCount(cp);
    pos += width;
    return cp;
  }

  private int peek() {
    int r = next();
    backup();
    return r;
  }

  private void backup() {
    pos -= width;
  }

  private void emit(ItemType t) {
    item = new Item(t, start, input.substring(start, pos));
    start = pos;
  }

  private void ignore() {
    start = pos;
  }

  private boolean accept(String valid) {
    int r = next();
    if (r != EOF && valid.indexOf(r) >= 0) {
      return true;
    }
    backup();
    return false;
  }

  private void acceptRun(String valid) {
    int r;
    do {
      r = next();
    } while (r != EOF && valid.indexOf(r) >= 0);
    backup();
  }

  private State errorf(String message) {
    item = new Item(ItemType.ERROR, start, message);
    return State.DONE;
  }

  private State lexStatements() {
    if (braceOpen) {
      return State.INSIDE_BRACES;
    }
    if (input.startsWith("#", pos)) {
      return State.LINE_COMMENT;
    }
    int r = next();
    if (r == EOF) {
      if (parenDepth != 0) {
        return errorf("unclosed left parenthesis");
      } else if (bracketOpen) {
        return errorf("unclosed left bracket");
      }
      emit(ItemType.EOF);
      return State.DONE;
    }
    switch (r) {
      case ',' -> emit(ItemType.COMMA);
      case '*' -> emit(ItemType.MUL);
      case '/' -> emit(ItemType.DIV);
      case '%' -> emit(ItemType.MOD);
      case '+' -> emit(ItemType.ADD);
      case '-' -> emit(ItemType.SUB);
      case '^' -> emit(ItemType.POW);
      case '=' -> {
        int t = peek();
        if (t == '=') {
          next();
          emit(ItemType.EQLC);
        } else if (t == '~') {
          return errorf("unexpected character after '=': " + GoStrings.quoteRune(t));
        } else {
          emit(ItemType.EQL);
        }
      }
      case '!' -> {
        int t = next();
        if (t == '=') {
          emit(ItemType.NEQ);
        } else {
          return errorf("unexpected character after '!': " + quoteRuneOrEof(t));
        }
      }
      case '<' -> {
        if (peek() == '=') {
          next();
          emit(ItemType.LTE);
        } else {
          emit(ItemType.LSS);
        }
      }
      case '>' -> {
        if (peek() == '=') {
          next();
          emit(ItemType.GTE);
        } else {
          emit(ItemType.GTR);
        }
      }
      case '"', '\'' -> {
        stringOpen = r;
        return State.STRING;
      }
      case '`' -> {
        stringOpen = r;
        return State.RAW_STRING;
      }
      case '(' -> {
        emit(ItemType.LEFT_PAREN);
        parenDepth++;
      }
      case ')' -> {
        emit(ItemType.RIGHT_PAREN);
        parenDepth--;
        if (parenDepth < 0) {
          return errorf("unexpected right parenthesis " + GoStrings.quoteRune(r));
        }
      }
      case '{' -> {
        emit(ItemType.LEFT_BRACE);
        braceOpen = true;
        return State.INSIDE_BRACES;
      }
      case '[' -> {
        if (bracketOpen) {
          return errorf("unexpected left bracket " + GoStrings.quoteRune(r));
        }
        gotColon = false;
        emit(ItemType.LEFT_BRACKET);
        if (isSpace(peek())) {
          skipSpaces();
        }
        bracketOpen = true;
        return State.DURATION;
      }
      case ']' -> {
        if (!bracketOpen) {
          return errorf("unexpected right bracket " + GoStrings.quoteRune(r));
        }
        emit(ItemType.RIGHT_BRACKET);
        bracketOpen = false;
      }
      case '@' -> emit(ItemType.AT);
      default -> {
        if (isSpace(r)) {
          return State.SPACE;
        }
        if (isDigit(r) || (r == '.' && isDigit(peek()))) {
          backup();
          return State.NUMBER_OR_DURATION;
        }
        if (isAlpha(r) || r == ':') {
          if (!bracketOpen) {
            backup();
            return State.KEYWORD_OR_IDENTIFIER;
          }
          // Inside brackets any letter or colon is read as the subquery colon (a Prometheus quirk).
          if (gotColon) {
            return errorf("unexpected colon " + GoStrings.quoteRune(r));
          }
          emit(ItemType.COLON);
          gotColon = true;
          return State.STATEMENTS;
        }
        return errorf("unexpected character: " + GoStrings.quoteRune(r));
      }
    }
    return State.STATEMENTS;
  }

  private static String quoteRuneOrEof(int r) {
    // Go quotes the eof sentinel (-1) as the replacement character.
    return GoStrings.quoteRune(r == EOF ? 0xFFFD : r);
  }

  private State lexInsideBraces() {
    if (input.startsWith("#", pos)) {
      return State.LINE_COMMENT;
    }
    int r = next();
    if (r == EOF) {
      return errorf("unexpected end of input inside braces");
    }
    if (isSpace(r)) {
      return State.SPACE;
    }
    if (isAlpha(r)) {
      backup();
      return State.IDENTIFIER;
    }
    switch (r) {
      case ',' -> emit(ItemType.COMMA);
      case '"', '\'' -> {
        stringOpen = r;
        return State.STRING;
      }
      case '`' -> {
        stringOpen = r;
        return State.RAW_STRING;
      }
      case '=' -> {
        if (next() == '~') {
          emit(ItemType.EQL_REGEX);
        } else {
          backup();
          emit(ItemType.EQL);
        }
      }
      case '!' -> {
        int nr = next();
        if (nr == '~') {
          emit(ItemType.NEQ_REGEX);
        } else if (nr == '=') {
          emit(ItemType.NEQ);
        } else {
          return errorf("unexpected character after '!' inside braces: " + quoteRuneOrEof(nr));
        }
      }
      case '{' -> {
        return errorf("unexpected left brace " + GoStrings.quoteRune(r));
      }
      case '}' -> {
        emit(ItemType.RIGHT_BRACE);
        braceOpen = false;
        return State.STATEMENTS;
      }
      default -> {
        return errorf("unexpected character inside braces: " + GoStrings.quoteRune(r));
      }
    }
    return State.INSIDE_BRACES;
  }

  private State lexEscape() {
    int n;
    int base;
    int max;
    int ch = next();
    switch (ch) {
      case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\' -> {
        return State.STRING;
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        n = 3;
        base = 8;
        max = 255;
      }
      case 'x' -> {
        ch = next();
        n = 2;
        base = 16;
        max = 255;
      }
      case 'u' -> {
        ch = next();
        n = 4;
        base = 16;
        max = Character.MAX_CODE_POINT;
      }
      case 'U' -> {
        ch = next();
        n = 8;
        base = 16;
        max = Character.MAX_CODE_POINT;
      }
      case EOF -> {
        return errorf("escape sequence not terminated");
      }
      default -> {
        if (ch == stringOpen) {
          return State.STRING;
        }
        return errorf("unknown escape sequence " + GoStrings.formatRuneU(ch));
      }
    }
    long x = 0;
    while (n > 0) {
      int d = digitVal(ch);
      if (d >= base) {
        if (ch == EOF) {
          return errorf("escape sequence not terminated");
        }
        return errorf("illegal character " + GoStrings.formatRuneU(ch) + " in escape sequence");
      }
      x = x * base + d;
      n--;
      if (n > 0) {
        ch = next();
      }
    }
    if (x > max || (0xD800 <= x && x < 0xE000)) {
      return errorf("escape sequence is an invalid Unicode code point");
    }
    return State.STRING;
  }

  private static int digitVal(int ch) {
    if ('0' <= ch && ch <= '9') {
      return ch - '0';
    }
    if ('a' <= ch && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if ('A' <= ch && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return 16;
  }

  private void skipSpaces() {
    while (isSpace(peek())) {
      next();
    }
    ignore();
  }

  private State lexString() {
    while (true) {
      int r = next();
      if (r == '\\') {
        return State.ESCAPE;
      }
      // Go reads U+FFFD both for invalid UTF-8 and for a literal replacement character.
      if (r == 0xFFFD) {
        return errorf("invalid UTF-8 rune");
      }
      if (r == EOF || r == '\n') {
        return errorf("unterminated quoted string");
      }
      if (r == stringOpen) {
        break;
      }
    }
    emit(ItemType.STRING);
    return State.STATEMENTS;
  }

  private State lexRawString() {
    while (true) {
      int r = next();
      if (r == 0xFFFD) {
        return errorf("invalid UTF-8 rune");
      }
      if (r == EOF) {
        return errorf("unterminated raw string");
      }
      if (r == stringOpen) {
        break;
      }
    }
    emit(ItemType.STRING);
    return State.STATEMENTS;
  }

  private State lexSpace() {
    while (isSpace(peek())) {
      next();
    }
    ignore();
    return State.STATEMENTS;
  }

  private State lexLineComment() {
    pos += 1;
    int r = next();
    while (r != '\r' && r != '\n' && r != EOF) {
      r = next();
    }
    backup();
    emit(ItemType.COMMENT);
    return State.STATEMENTS;
  }

  private State lexDuration() {
    if (scanNumber()) {
      return errorf("missing unit character in duration");
    }
    if (!acceptRemainingDuration()) {
      return errorf("bad duration syntax: " + GoStrings.quote(input.substring(start, pos)));
    }
    backup();
    emit(ItemType.DURATION);
    return State.STATEMENTS;
  }

  private State lexNumberOrDuration() {
    if (scanNumber()) {
      emit(ItemType.NUMBER);
      return State.STATEMENTS;
    }
    if (acceptRemainingDuration()) {
      backup();
      emit(ItemType.DURATION);
      return State.STATEMENTS;
    }
    return errorf("bad number or duration syntax: " + GoStrings.quote(input.substring(start, pos)));
  }

  private boolean acceptRemainingDuration() {
    if (!accept("smhdwy")) {
      return false;
    }
    accept("s");
    while (accept("0123456789")) {
      while (accept("0123456789")) {
        // consume
      }
      if (!accept("smhdw")) {
        return false;
      }
      accept("s");
    }
    return !isAlphaNumeric(next());
  }

  /** Scans a decimal, hex or float number; false when it runs into a letter (maybe a duration). */
  private boolean scanNumber() {
    String digits = "0123456789";
    if (accept("0") && accept("xX")) {
      digits = "0123456789abcdefABCDEF";
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (accept("eE")) {
      accept("+-");
      acceptRun("0123456789");
    }
    return !isAlphaNumeric(peek());
  }

  private State lexIdentifier() {
    int r;
    do {
      r = next();
    } while (isAlphaNumeric(r));
    backup();
    emit(ItemType.IDENTIFIER);
    return State.STATEMENTS;
  }

  private State lexKeywordOrIdentifier() {
    int r;
    do {
      r = next();
    } while (isAlphaNumeric(r) || r == ':');
    backup();
    String word = input.substring(start, pos);
    ItemType kw = ItemType.keyword(word.toLowerCase(java.util.Locale.ROOT));
    if (kw != null) {
      emit(kw);
    } else if (word.indexOf(':') < 0) {
      emit(ItemType.IDENTIFIER);
    } else {
      emit(ItemType.METRIC_IDENTIFIER);
    }
    return State.STATEMENTS;
  }

  static boolean isSpace(int r) {
    return r == ' ' || r == '\t' || r == '\n' || r == '\r';
  }

  static boolean isAlphaNumeric(int r) {
    return isAlpha(r) || isDigit(r);
  }

  static boolean isDigit(int r) {
    return '0' <= r && r <= '9';
  }

  static boolean isAlpha(int r) {
    return r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z');
  }

  /** Whether s is a valid label name in the legacy (2.x) sense. */
  static boolean isLabel(String s) {
    if (s.isEmpty() || !isAlpha(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      if (!isAlphaNumeric(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
