package app.lightbox.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measured figure as a single JSON line: its name, the measured values, the unit, the target in words
 * and whether it was met. Values are whatever the run measured; nothing here is filled in by hand.
 */
public record Figure(String name, Map<String, Object> values, String unit, String target, Boolean met, String note) {

    public static Figure of(String name, String unit, String target, Boolean met, Object... keysAndValues) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            v.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Figure(name, v, unit, target, met, null);
    }

    /** A figure that could not be measured here, with the reason. */
    public static Figure skipped(String name, String target, String reason) {
        return new Figure(name, Map.of(), null, target, null, reason);
    }

    public Figure withNote(String n) {
        return new Figure(name, values, unit, target, met, n);
    }

    public String toJson() {
        StringBuilder sb = new StringBuilder("{\"figure\":").append(quote(name));
        values.forEach((k, v) -> sb.append(',').append(quote(k)).append(':').append(value(v)));
        if (unit != null) {
            sb.append(",\"unit\":").append(quote(unit));
        }
        sb.append(",\"target\":").append(quote(target));
        sb.append(",\"met\":").append(met == null ? "null" : met.toString());
        if (met == null) {
            sb.append(",\"skipped\":true");
        }
        if (note != null) {
            sb.append(",\"note\":").append(quote(note));
        }
        return sb.append('}').toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.2f", d);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return quote(v.toString());
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
