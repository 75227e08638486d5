package io.hazelray.tasks.spi;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.core.HazelcastInstance;
import io.hazelray.core.HazelrayException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The allowlist of classes that Java deserialization may create, on members and drivers alike:
 * Hazelcast's {@code JavaSerializationFilterConfig} for what Hazelcast deserializes (arguments,
 * results, stored objects, actor state), and the same list in {@link FunctionCodec}'s own stream
 * (task functions, actor methods). Allowed: Hazelray's, Hazelcast's and the JDK's packages, the
 * packages named in the system property {@value #ALLOW_PROPERTY} (comma-separated), and the user's
 * own code: the packages of job code a driver ships (added on the driver as it ships them, and on
 * a member that accepts uploaded code as it loads them: such a member runs that code anyway) and
 * classes of a member's {@code --classpath}. Anything else fails naming the class: a gadget class
 * of some library on the classpath cannot be instantiated by whoever reaches the port.
 *
 * <p>{@code -D}{@value #ALLOW_PROPERTY}{@code =*} turns the filter off (not advised).
 */
public final class SerializationFilter {
    /** Comma-separated packages (or class-name prefixes) to allow besides the built-in ones; {@code *}: no filter. */
    public static final String ALLOW_PROPERTY = "hazelray.serialization.allow";
    /** The name of the class loader of a member's {@code --classpath}: code its operator installed. */
    public static final String MEMBER_CLASSPATH_LOADER = "hazelray-member-classpath";
    /** The built-in prefixes: Hazelray, Hazelcast, the JDK, and arrays (whose elements are checked one by one). */
    static final List<String> BUILT_IN = List.of("io.hazelray.", "com.hazelcast.", "java.", "javax.", "[");

    private SerializationFilter() {
    }

    /**
     * Hazelcast's filter configuration with the allowlist, or {@code null} when the filter is off
     * ({@value #ALLOW_PROPERTY}{@code =*}).
     */
    public static JavaSerializationFilterConfig config(Map<Object, Object> properties) {
        Object extra = properties.get(ALLOW_PROPERTY);
        List<String> prefixes = new ArrayList<>(BUILT_IN);
        if (extra != null) {
            for (String p : extra.toString().split(",")) {
                String prefix = p.trim();
                if (prefix.equals("*")) {
                    return null;
                }
                if (!prefix.isEmpty()) {
                    prefixes.add(prefix);
                }
            }
        }
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
        filter.getWhitelist().addPrefixes(prefixes.toArray(String[]::new));
        return filter;
    }

    /** Allows the classes of {@code packages} on {@code hz} from now on (job code it ships or loads). */
    static void allowPackages(HazelcastInstance hz, Collection<String> packages) {
        ClassFilter list = allowlist(hz);
        if (list != null) {
            for (String p : packages) {
                list.addPrefixes(p.isEmpty() ? "" : p + ".");
            }
        }
    }

    /** The packages of the classes among jar entry names ({@code com/acme/Job.class} gives {@code com.acme}). */
    static Set<String> packagesOf(Collection<String> entryNames) {
        Set<String> packages = new HashSet<>();
        for (String name : entryNames) {
            if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                int slash = name.lastIndexOf('/');
                packages.add(slash < 0 ? "" : name.substring(0, slash).replace('/', '.'));
            }
        }
        return packages;
    }

    /** Whether {@code className} may be deserialized on {@code hz} by name alone. */
    static boolean allows(ClassFilter list, String className) {
        if (list == null) {
            return true;
        }
        return list.getPrefixes().stream().anyMatch(className::startsWith);
    }

    /**
     * The live allowlist of {@code hz} (null: no filter): the one its serialization service checks,
     * taken from the instance's own configuration (a client's is a copy of the one it was given),
     * so packages added to it count from then on.
     */
    static ClassFilter allowlist(HazelcastInstance hz) {
        JavaSerializationFilterConfig filter = GridInternals.javaSerializationFilter(hz);
        return filter == null ? null : filter.getWhitelist();
    }

    /** Allows the packages of the classes in {@code classpath} (jars and class folders a member's operator installed). */
    public static void allowClasspath(JavaSerializationFilterConfig filter, List<Path> classpath) {
        if (filter == null) {
            return;
        }
        for (Path location : classpath) {
            List<String> names = new ArrayList<>();
            try {
                if (Files.isDirectory(location)) {
                    try (Stream<Path> files = Files.walk(location)) {
                        files.filter(Files::isRegularFile)
                                .forEach(f -> names.add(location.relativize(f).toString().replace('\\', '/')));
                    }
                } else {
                    try (ZipFile jar = new ZipFile(location.toFile())) {
                        jar.stream().forEach(e -> names.add(e.getName()));
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("classpath: " + location + " cannot be read: " + e.getMessage(), e);
            }
            for (String p : packagesOf(names)) {
                filter.getWhitelist().addPrefixes(p.isEmpty() ? "" : p + ".");
            }
        }
    }

    /**
     * {@code e} as a clear refusal naming the class and how to allow it, if the filter refused a
     * class (Hazelcast says {@code SecurityException: Resolving class X is not allowed.}); else {@code e}.
     */
    public static RuntimeException explain(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SecurityException && t.getMessage() != null && t.getMessage().startsWith("Resolving class ")) {
                String rest = t.getMessage().substring("Resolving class ".length());
                int end = rest.indexOf(' ');
                return new HazelrayException(refused(end < 0 ? rest : rest.substring(0, end)));
            }
        }
        return e;
    }

    /** The message of a class refused by the filter, naming it and how to allow it. */
    static String refused(String className) {
        int dot = className.lastIndexOf('.');
        String pkg = dot < 0 ? className : className.substring(0, dot);
        return "class " + className + " is not allowed by Hazelray's serialization filter (allowed: "
                + String.join(", ", Arrays.asList("io.hazelray", "com.hazelcast", "java", "javax"))
                + ", job code, and -D" + ALLOW_PROPERTY + "=...): add -D" + ALLOW_PROPERTY + "=" + pkg
                + " to the JVM that read it if the class is yours";
    }
}
