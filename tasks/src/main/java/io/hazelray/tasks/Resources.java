package io.hazelray.tasks;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Custom resources, as Ray's {@code resources={"GPU": 1}}: a member declares what it offers
 * ({@code ./hazelray member --resources GPU=1,ssd=2}, {@code HazelrayOptions.builder().resources(...)},
 * {@code Tasks.configure(config, cpus, resources)}), a task or an actor asks for some
 * ({@code withResources(Map.of("GPU", 1.0))}), and a member runs a task only while it has them free.
 * Amounts are positive numbers, fractions down to 1/10,000 (a task may ask for half a GPU). CPU slots
 * are not a custom resource: members declare them with {@code cpus}, tasks ask with {@code withCpus}.
 */
public final class Resources {
    /** The name of CPU slots where resources are listed, as Ray names them ({@code ray.nodes()}). */
    public static final String CPU = "CPU";
    /** Resource amounts are counted in units of 1/{@value} (as Ray's fixed point). */
    public static final long UNITS_PER_ONE = 10_000;

    private Resources() {
    }

    /**
     * Parses {@code NAME=AMOUNT[,NAME=AMOUNT...]}, e.g. {@code GPU=1,ssd=2}.
     *
     * @param what names the source in the message, e.g. {@code --resources}
     * @throws IllegalArgumentException naming the value at fault
     */
    public static Map<String, Double> parse(String spec, String what) {
        Objects.requireNonNull(spec, what);
        Map<String, Double> parsed = new TreeMap<>();
        if (spec.isBlank()) {
            return Collections.unmodifiableMap(parsed);
        }
        for (String item : spec.split(",", -1)) {
            String pair = item.trim();
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException(what + ": '" + pair + "' is not NAME=AMOUNT (e.g. GPU=1,ssd=2), in '"
                        + spec + "'");
            }
            String name = pair.substring(0, eq).trim();
            String amount = pair.substring(eq + 1).trim();
            double value;
            try {
                value = Double.parseDouble(amount);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": the amount of " + name + ", '" + amount + "', is not a number, in '"
                        + spec + "'");
            }
            if (parsed.put(name, value) != null) {
                throw new IllegalArgumentException(what + ": " + name + " is given twice, in '" + spec + "'");
            }
        }
        return check(parsed, what);
    }

    /**
     * Checks names and amounts and returns a sorted, unmodifiable copy.
     *
     * @throws IllegalArgumentException naming the resource at fault
     */
    public static Map<String, Double> check(Map<String, Double> resources, String what) {
        Objects.requireNonNull(resources, what);
        Map<String, Double> checked = new TreeMap<>();
        for (Map.Entry<String, Double> e : resources.entrySet()) {
            String name = e.getKey();
            Double amount = e.getValue();
            if (name == null || !name.matches("[A-Za-z0-9_.:/-]+")) {
                throw new IllegalArgumentException(what + ": resource name '" + name + "' must be letters, digits, '_', '.', "
                        + "':', '/' or '-'");
            }
            if (name.equals(CPU)) {
                throw new IllegalArgumentException(what + ": CPU is not a custom resource: give CPU slots with cpus"
                        + " (--cpus N, withCpus(n))");
            }
            if (amount == null || !(amount > 0) || amount > 1e12 || Double.isInfinite(amount)) {
                throw new IllegalArgumentException(what + ": the amount of " + name + " must be a positive number, was " + amount);
            }
            if (units(amount) == 0) {
                throw new IllegalArgumentException(what + ": the amount of " + name + " must be at least 1/" + UNITS_PER_ONE
                        + ", was " + amount);
            }
            checked.put(name, amount);
        }
        return Collections.unmodifiableMap(checked);
    }

    /** {@code GPU=1,ssd=2.5}: what {@link #parse} reads; empty for none. */
    public static String format(Map<String, Double> resources) {
        return new TreeMap<>(resources).entrySet().stream().map(e -> e.getKey() + "=" + amount(e.getValue()))
                .collect(Collectors.joining(","));
    }

    /** {@code 1}, {@code 0.5}: an amount without a needless {@code .0}. */
    public static String amount(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%s", value);
    }

    /** An amount in units of 1/{@value #UNITS_PER_ONE}, rounded. */
    public static long units(double amount) {
        return Math.round(amount * UNITS_PER_ONE);
    }
}
