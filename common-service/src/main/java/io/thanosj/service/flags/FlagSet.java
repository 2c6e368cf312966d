package io.thanosj.service.flags;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The flags of one command, read from flag records ({@link CommonFlags} plus the role's own), and
 * the parser for Thanos' (kingpin's) command-line syntax: {@code --flag=value} and {@code --flag
 * value}; booleans as {@code --flag}, {@code --no-flag} or {@code --flag=false}; list-typed flags
 * repeated; {@code --help} and {@code --version}. Anything else, including a flag we do not
 * support, is an error rather than being ignored.
 */
public final class FlagSet {

  /** One command-line flag. A {@link PathOrContent} component declares two of them. */
  public record Spec(String name, Flag flag, Class<?> type, boolean list, String owner) {
    boolean isBoolean() {
      return !list && (type == boolean.class || type == Boolean.class);
    }

    String valueHint() {
      if (type == PathOrContent.class) {
        return name.endsWith("-file") ? "<file-path>" : "<content>";
      }
      if (type.isEnum()) {
        return "<" + String.join("|", enumNames(type)) + ">";
      }
      return "<" + type.getSimpleName().toLowerCase(Locale.ROOT) + ">";
    }
  }

  private final List<Class<? extends Record>> roots;
  private final Map<String, Spec> byName = new LinkedHashMap<>();
  private final Map<String, String> aliasToName = new HashMap<>();

  @SafeVarargs
  public static FlagSet of(Class<? extends Record>... roots) {
    return new FlagSet(List.of(roots));
  }

  private FlagSet(List<Class<? extends Record>> roots) {
    this.roots = roots;
    for (Class<? extends Record> root : roots) {
      collect(root);
    }
  }

  private void collect(Class<?> record) {
    for (RecordComponent c : record.getRecordComponents()) {
      Flag flag = c.getAnnotation(Flag.class);
      if (flag == null) {
        if (!c.getType().isRecord()) {
          throw new IllegalStateException(
              record.getName() + "." + c.getName() + " needs @Flag (only record-typed components may be flag groups)");
        }
        collect(c.getType());
        continue;
      }
      boolean list = c.getType() == List.class;
      Class<?> type = list ? listElement(c) : c.getType();
      if (type == PathOrContent.class) {
        register(new Spec(flag.name() + "-file", flag, type, false, record.getSimpleName()), flag);
      }
      register(new Spec(flag.name(), flag, type, list, record.getSimpleName()), flag);
    }
  }

  private void register(Spec spec, Flag flag) {
    if (byName.putIfAbsent(spec.name, spec) != null) {
      throw new IllegalStateException("flag --" + spec.name + " declared twice");
    }
    if (!spec.name.endsWith("-file") || spec.type != PathOrContent.class) {
      for (String alias : flag.deprecatedAliases()) {
        aliasToName.put(alias, spec.name);
      }
    }
  }

  private static Class<?> listElement(RecordComponent c) {
    Type t = c.getGenericType();
    if (t instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> e) {
      return e;
    }
    throw new IllegalStateException(c.getName() + ": a list flag needs a concrete element type");
  }

  public List<Spec> specs() {
    return List.copyOf(byName.values());
  }

  /** The outcome of parsing: help or version was asked for, or the typed flag records. */
  public static final class Parsed {
    private final boolean help;
    private final boolean version;
    private final Map<Class<?>, Record> records;
    private final List<String> deprecations;

    private Parsed(boolean help, boolean version, Map<Class<?>, Record> records, List<String> deprecations) {
      this.help = help;
      this.version = version;
      this.records = records;
      this.deprecations = deprecations;
    }

    public boolean helpRequested() {
      return help;
    }

    public boolean versionRequested() {
      return version;
    }

    /** The typed record for a root class given to {@link FlagSet#of}. */
    public <T extends Record> T get(Class<T> type) {
      Record r = records.get(type);
      if (r == null) {
        throw new IllegalArgumentException(type.getName() + " is not one of the parsed flag records");
      }
      return type.cast(r);
    }

    public Map<Class<?>, Record> records() {
      return records;
    }

    /** Warnings for deprecated flag names that were used, to be logged once logging is up. */
    public List<String> deprecations() {
      return deprecations;
    }
  }

  /**
   * Parses a command line.
   *
   * @throws FlagException with a one-line message naming the offending flag
   */
  public Parsed parse(String... args) {
    Map<String, List<String>> values = new HashMap<>();
    List<String> deprecations = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h") || arg.equals("--help-long")) {
        return new Parsed(true, false, Map.of(), List.of());
      }
      if (arg.equals("--version")) {
        return new Parsed(false, true, Map.of(), List.of());
      }
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new FlagException(arg.startsWith("-") ? "unknown short flag " + arg : "unexpected argument " + arg);
      }
      String body = arg.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      Spec spec = byName.get(name);
      if (spec == null && aliasToName.containsKey(name)) {
        String current = aliasToName.get(name);
        deprecations.add("flag --" + name + " is deprecated, use --" + current);
        spec = byName.get(current);
      }
      if (spec == null && name.startsWith("no-") && value == null) {
        Spec negated = byName.get(name.substring(3));
        if (negated != null && negated.isBoolean()) {
          put(values, negated, "false");
          continue;
        }
      }
      if (spec == null) {
        throw new FlagException("unknown flag --" + name);
      }
      if (value == null) {
        if (spec.isBoolean()) {
          value = "true";
        } else if (i + 1 < args.length) {
          value = args[++i];
        } else {
          throw new FlagException("flag --" + name + " needs a value");
        }
      }
      put(values, spec, value);
    }
    Map<Class<?>, Record> records = new LinkedHashMap<>();
    for (Class<? extends Record> root : roots) {
      records.put(root, build(root, values));
    }
    return new Parsed(false, false, records, deprecations);
  }

  private static void put(Map<String, List<String>> values, Spec spec, String value) {
    List<String> vs = values.computeIfAbsent(spec.name, k -> new ArrayList<>());
    if (!spec.list && !vs.isEmpty()) {
      throw new FlagException("flag --" + spec.name + " cannot be repeated");
    }
    vs.add(value);
  }

  private Record build(Class<?> record, Map<String, List<String>> values) {
    RecordComponent[] components = record.getRecordComponents();
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      Flag flag = c.getAnnotation(Flag.class);
      if (flag == null) {
        args[i] = build(c.getType(), values);
      } else if (types[i] == PathOrContent.class) {
        args[i] = new PathOrContent(flag.name(), single(values, flag.name() + "-file"), single(values, flag.name()));
        if (flag.required() && !((PathOrContent) args[i]).isSet()) {
          throw new FlagException("flag --" + flag.name() + "-file or --" + flag.name() + " is required");
        }
      } else {
        args[i] = value(byName.get(flag.name()), values.get(flag.name()));
      }
    }
    try {
      Constructor<?> ctor = record.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return (Record) ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException iae) {
        throw cause instanceof FlagException fe ? fe : new FlagException(iae.getMessage(), iae);
      }
      throw new IllegalStateException("cannot build " + record.getName(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + record.getName(), e);
    }
  }

  private static String single(Map<String, List<String>> values, String name) {
    List<String> vs = values.get(name);
    return vs == null ? null : vs.get(0);
  }

  private Object value(Spec spec, List<String> given) {
    Flag flag = spec.flag;
    if (given == null || given.isEmpty()) {
      if (flag.required()) {
        throw new FlagException("required flag --" + spec.name + " not provided");
      }
      if (flag.defaultValue().isEmpty()) {
        return emptyValue(spec);
      }
      given = List.of(flag.defaultValue());
    }
    if (spec.list) {
      List<Object> out = new ArrayList<>(given.size());
      for (String v : given) {
        out.add(convert(spec, v));
      }
      return List.copyOf(out);
    }
    return convert(spec, given.get(0));
  }

  private static Object emptyValue(Spec spec) {
    if (spec.list) {
      return List.of();
    }
    Class<?> t = spec.type;
    if (t == boolean.class) {
      return false;
    }
    if (t == int.class) {
      return 0;
    }
    if (t == long.class) {
      return 0L;
    }
    if (t == double.class) {
      return 0.0;
    }
    return null;
  }

  private static Object convert(Spec spec, String v) {
    try {
      return convert(spec.type, v);
    } catch (IllegalArgumentException | URISyntaxException | ArithmeticException e) {
      throw new FlagException("invalid value \"" + v + "\" for flag --" + spec.name + ": " + e.getMessage(), e);
    }
  }

  private static Object convert(Class<?> t, String v) throws URISyntaxException {
    if (t == String.class) {
      return v;
    }
    if (t == boolean.class || t == Boolean.class) {
      return parseBool(v);
    }
    if (t == int.class || t == Integer.class) {
      return Integer.parseInt(v);
    }
    if (t == long.class || t == Long.class) {
      return Long.parseLong(v);
    }
    if (t == double.class || t == Double.class) {
      return Double.parseDouble(v);
    }
    if (t == Duration.class) {
      return PrometheusDurations.parse(v);
    }
    if (t == Path.class) {
      return Path.of(v);
    }
    if (t == URI.class) {
      return new URI(v);
    }
    if (t.isEnum()) {
      String wanted = v.replace('-', '_');
      for (Object c : t.getEnumConstants()) {
        if (((Enum<?>) c).name().equalsIgnoreCase(wanted)) {
          return c;
        }
      }
      throw new IllegalArgumentException("must be one of " + String.join(", ", enumNames(t)));
    }
    try {
      Method parse = t.getMethod("parse", String.class);
      if (Modifier.isStatic(parse.getModifiers()) && t.isAssignableFrom(parse.getReturnType())) {
        return parse.invoke(null, v);
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("flag type " + t.getName() + " has no static parse(String)", e);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException(String.valueOf(e.getCause().getMessage()), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("flag type " + t.getName() + " is not supported");
  }

  /** Go's strconv.ParseBool, which kingpin uses. */
  private static boolean parseBool(String v) {
    return switch (v) {
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new IllegalArgumentException("not a boolean");
    };
  }

  static List<String> enumNames(Class<?> t) {
    List<String> names = new ArrayList<>();
    for (Object c : t.getEnumConstants()) {
      names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    return names;
  }

  /** Kingpin-like help: every visible flag with its value shape, help text and default. */
  public String usage(String command, String description) {
    StringBuilder sb = new StringBuilder();
    sb.append("usage: ").append(command).append(" [<flags>]\n\n");
    if (!description.isEmpty()) {
      sb.append(description).append("\n\n");
    }
    sb.append("Flags:\n");
    appendFlag(sb, "-h, --help", "Show this help and exit.");
    appendFlag(sb, "    --version", "Show the version and exit.");
    for (Spec s : byName.values()) {
      if (s.flag.hidden()) {
        continue;
      }
      String left = "    --" + (s.isBoolean() ? "[no-]" + s.name : s.name + "=" + s.valueHint());
      String help = s.type == PathOrContent.class
          ? (s.name.endsWith("-file")
              ? "Path to a file holding: " + s.flag.help()
              : "Alternative to --" + s.name + "-file (mutually exclusive): the content itself. " + s.flag.help())
          : s.flag.help();
      if (s.list) {
        help += " Repeatable.";
      }
      if (s.flag.required()) {
        help += " Required.";
      }
      if (!s.flag.defaultValue().isEmpty()) {
        help += " (default: " + s.flag.defaultValue() + ")";
      }
      if (s.flag.deprecatedAliases().length > 0 && !s.name.endsWith("-file")) {
        help += " Deprecated names: --" + String.join(", --", s.flag.deprecatedAliases()) + ".";
      }
      appendFlag(sb, left, help);
    }
    return sb.toString();
  }

  private static void appendFlag(StringBuilder sb, String left, String help) {
    final int column = 40;
    sb.append("  ").append(left);
    int width = left.length() + 2;
    if (width + 2 > column) {
      sb.append('\n');
      width = 0;
    }
    int lineLength = 0;
    sb.append(" ".repeat(column - width));
    for (String word : help.split(" ")) {
      if (lineLength > 0 && lineLength + word.length() + 1 > 120 - column) {
        sb.append('\n').append(" ".repeat(column));
        lineLength = 0;
      } else if (lineLength > 0) {
        sb.append(' ');
        lineLength++;
      }
      sb.append(word);
      lineLength += word.length();
    }
    sb.append('\n');
  }
}
