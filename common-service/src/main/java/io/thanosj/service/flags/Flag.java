package io.thanosj.service.flags;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a command-line flag on a component of a role's flags record. The component's type says
 * how the value is parsed: String, boolean, int, long, double, {@link java.time.Duration}
 * (Prometheus syntax: {@code 90s}, {@code 1h30m}, {@code 2d}), {@link java.nio.file.Path},
 * {@link java.net.URI}, an enum (values case-insensitive, {@code -} for {@code _}), {@link HostPort},
 * {@link PathOrContent} (which declares {@code NAME-file} and {@code NAME}), any type with a static
 * {@code parse(String)} method, or a {@code List} of those, which makes the flag repeatable.
 *
 * <p>A record component without this annotation whose type is itself a record is a group of flags
 * declared elsewhere (e.g. {@link ObjstoreConfigFlags}), flattened into the role's flags.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Flag {

  /** The flag name without dashes, exactly as Thanos spells it, e.g. {@code grpc-address}. */
  String name();

  /** Help text: what the flag does and when to change it. */
  String help();

  /** The default in flag syntax; empty means the type's empty value (null, false, 0, empty list). */
  String defaultValue() default "";

  /** Older names still accepted; using one logs a deprecation warning naming the current flag. */
  String[] deprecatedAliases() default {};

  /** Start-up fails when a required flag is missing. */
  boolean required() default false;

  /** Hidden flags work but are left out of --help, like Thanos' hidden kingpin flags. */
  boolean hidden() default false;
}
