package org.jwtgate.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value parsers shared by every table of named parameters ({@link Parameters} for the filter,
 * {@code org.jwtgate.keys.PublisherParameters} for the JWKS servlet), and the one loop that applies
 * a table to string key/values. Errors are {@link ConfigException}s naming the parameter and,
 * unless it is secret, the value.
 */
public final class Values {
    private Values() {
    }

    /**
     * Applies {@code values} to {@code builder} through {@code table}. Placeholders are resolved
     * first; blank values mean "use the default"; an unknown key is an error listing the known ones.
     */
    public static <B, R extends ParameterRow<B>> B apply(Map<String, String> values, Placeholders placeholders,
            Map<String, R> table, B builder) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            R p = table.get(e.getKey());
            if (p == null) {
                throw new ConfigException(e.getKey(), "unknown parameter (known: " + String.join(", ", table.keySet()) + ")");
            }
            String v = placeholders.resolve(p.name(), e.getValue());
            if (v == null || v.isBlank()) {
                continue;
            }
            try {
                p.apply().accept(builder, v.strip());
            } catch (ConfigException ce) {
                throw ce;
            } catch (RuntimeException re) {
                throw new ConfigException(p.name(), shown(p.secret(), v) + " is not valid");
            }
        }
        return builder;
    }

    /** The value as shown in an error message: quoted, or {@code (value hidden)} for secrets. */
    public static String shown(boolean secret, String v) {
        return secret ? "(value hidden)" : "'" + v.strip() + "'";
    }

    /** {@code true} or {@code false}, nothing else. */
    public static boolean bool(String name, String v) {
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name, "'" + v + "' is not a boolean: use true or false");
        };
    }

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)");

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT30S}). */
    public static Duration duration(String name, String v) {
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        if (v.startsWith("P") || v.startsWith("p")) {
            try {
                Duration d = Duration.parse(v);
                if (!d.isNegative()) {
                    return d;
                }
            } catch (DateTimeParseException ignored) {
                // fall through to the error below
            }
        }
        throw new ConfigException(name, "'" + v + "' is not a duration: use e.g. 500ms, 30s, 5m, 2h, 1d or PT30S");
    }

    private static final Pattern SIZE = Pattern.compile("(\\d{1,9})\\s*(|b|kib|kb|k|mib|mb|m)");

    /** Bytes: {@code 16384}, {@code 16KiB}, {@code 1MiB} (KB/MB are read as KiB/MiB). */
    public static int size(String name, String v) {
        Matcher m = SIZE.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new ConfigException(name, "'" + v + "' is not a size: use e.g. 16384, 16KiB or 1MiB");
        }
        long n = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2)) {
            case "kib", "kb", "k" -> n * 1024;
            case "mib", "mb", "m" -> n * 1024 * 1024;
            default -> n;
        };
        if (bytes > Integer.MAX_VALUE) {
            throw new ConfigException(name, "'" + v + "' is too large");
        }
        return (int) bytes;
    }

    /** Items separated by commas and/or whitespace. */
    public static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split("[,\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** A duration as the shortest exact {@code ms} or {@code s} text, for error messages. */
    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        return d.getSeconds() + "s";
    }

    /** Fails unless {@code min <= v <= max}, naming the parameter and the bounds. */
    public static void range(String parameter, Duration v, Duration min, Duration max) {
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new ConfigException(parameter, "'" + format(v) + "' is out of range [" + format(min) + ", "
                    + format(max) + "]");
        }
    }
}
