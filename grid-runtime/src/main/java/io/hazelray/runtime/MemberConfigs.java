package io.hazelray.runtime;

import com.hazelcast.config.ClasspathYamlConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.config.TcpIpConfig;
import io.hazelray.HazelrayOptions;
import io.hazelray.actors.Actors;
import io.hazelray.runtime.status.ClusterStatuses;
import io.hazelray.tasks.Resources;
import io.hazelray.tasks.Tasks;
import io.hazelray.tasks.spi.JobCode;
import io.hazelray.tasks.spi.SerializationFilter;

import java.io.FileNotFoundException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds a member's Hazelcast configuration: the member YAML (the options' file, else the file
 * named by {@code HAZELRAY_CONFIG}, else {@code config/hazelray-member.yaml} shipped in this jar),
 * then single settings from system properties, then the options, then what tasks and actors
 * need. The one place that does, so the embedded member and standalone members are configured
 * alike.
 */
public final class MemberConfigs {
    /** Where config/hazelray-member.yaml is inside the jar. */
    public static final String MEMBER_YAML = "io/hazelray/runtime/config/hazelray-member.yaml";
    /** The environment variable naming a member YAML file to use instead of the project's. */
    public static final String CONFIG_ENV = "HAZELRAY_CONFIG";

    /** The member's user-context key of its start time (epoch milliseconds), for the status. */
    static final String STARTED_AT = "hazelray.startedAt";
    private static final String LOGGING_TYPE = "hazelcast.logging.type";

    private MemberConfigs() {
    }

    /**
     * The configuration of a member started with {@code options}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it, or the setting at fault
     */
    public static Config memberConfig(HazelrayOptions options) {
        return memberConfig(options, System.getenv(), System.getProperties());
    }

    static Config memberConfig(HazelrayOptions options, Map<String, String> env, Map<Object, Object> properties) {
        // Hazelcast logs through JUL until it reads its config, which says slf4j: say it first, so
        // the one SLF4J binding (quiet by default) gets every line, the config loader's included.
        if (System.getProperty(LOGGING_TYPE) == null) {
            System.setProperty(LOGGING_TYPE, "slf4j");
        }
        Config config = baseConfig(options.configFile() != null ? options.configFile()
                : env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank() ? Path.of(env.get(CONFIG_ENV)) : null);
        Settings settings = new Settings(options, properties);
        String clusterName = settings.clusterName(config.getClusterName());
        config.setClusterName(clusterName);
        config.setInstanceName("hazelray-" + clusterName + "-" + Integer.toHexString(System.identityHashCode(config)));
        if (config.getProperty(LOGGING_TYPE) == null) {
            config.setProperty(LOGGING_TYPE, "slf4j");
        }
        NetworkConfig network = config.getNetworkConfig();
        int port = settings.port();
        if (port != 0) {
            network.setPort(port).setPortAutoIncrement(false);
        }
        String bind = settings.bind();
        if (bind != null) {
            if (bind.equals("0.0.0.0")) {
                network.getInterfaces().setEnabled(false);
                config.setProperty("hazelcast.socket.bind.any", "true");
            } else {
                network.getInterfaces().setEnabled(true).setInterfaces(List.of(bind));
                config.setProperty("hazelcast.socket.bind.any", "false");
            }
        }
        List<String> join = settings.join();
        if (!join.isEmpty()) {
            TcpIpConfig tcpIp = network.getJoin().getTcpIpConfig();
            tcpIp.setEnabled(true).setMembers(join);
            // A member told whom to join gives up after this long and says so (Hazelcast would
            // otherwise try for a while, then quietly start a cluster of its own).
            if (config.getProperty("hazelcast.max.join.seconds") == null) {
                config.setProperty("hazelcast.max.join.seconds", "10");
            }
        }
        if (!options.classpath().isEmpty()) {
            config.setClassLoader(classLoader(options.classpath()));
        }
        // Uploaded job code runs here only when the member says so (it runs whatever a driver sends);
        // Jet's resource upload (classes attached to a Jet job) follows the same switch.
        config.setProperty(JobCode.UPLOAD_PROPERTY, Boolean.toString(options.allowCodeUpload()));
        config.getJetConfig().setResourceUploadEnabled(options.allowCodeUpload());
        config.getJetConfig().setEnabled(true); // the GSOD job runs as a Jet pipeline
        int cpus = settings.cpus();
        Tasks.configure(config, cpus, settings.resources());
        long objectStoreMemory = settings.objectStoreMemory();
        if (objectStoreMemory > 0) {
            Tasks.objectStoreCapacity(config, objectStoreMemory);
        }
        Actors.configure(config, cpus);
        JobCode.configure(config);
        // Java deserialization only of allowed classes (Hazelray's, Hazelcast's, the JDK's, the
        // user's declared packages and job code): unless the member's own file configured a filter.
        if (config.getSerializationConfig().getJavaSerializationFilterConfig() == null) {
            config.getSerializationConfig().setJavaSerializationFilterConfig(
                    SerializationFilter.config(properties));
            SerializationFilter.allowClasspath(config.getSerializationConfig().getJavaSerializationFilterConfig(),
                    options.classpath());
        }
        // Status probes get a small pool of their own, so a cluster busy with tasks still answers.
        config.addExecutorConfig(new ExecutorConfig(ClusterStatuses.EXECUTOR).setPoolSize(2));
        config.getUserContext().put(STARTED_AT, System.currentTimeMillis());
        return config;
    }

    private static Config baseConfig(Path file) {
        if (file == null) {
            return new ClasspathYamlConfig(MEMBER_YAML);
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " does not exist or is not a file");
        }
        try {
            return Config.loadFromFile(file.toFile());
        } catch (FileNotFoundException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage(), e);
        } catch (InvalidConfigurationException | IllegalArgumentException e) {
            throw new IllegalArgumentException("config file " + file + " is invalid: " + firstLine(e), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be used: " + firstLine(e), e);
        }
    }

    /** The exception's message, and where the YAML parser says the error is (a line and column) if a cause does. */
    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            String m = cause.getMessage();
            if (m != null && m.contains("line ") && !message.contains(m)) {
                message = message + ": " + m;
                break;
            }
        }
        return message.strip().replaceAll("\\s*\\n\\s*", "; ");
    }

    private static ClassLoader classLoader(List<Path> classpath) {
        List<URL> urls = new ArrayList<>();
        for (Path path : classpath) {
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("classpath: " + path + " does not exist");
            }
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("classpath: " + path + " is not a usable path", e);
            }
        }
        return new URLClassLoader(SerializationFilter.MEMBER_CLASSPATH_LOADER, urls.toArray(URL[]::new),
                MemberConfigs.class.getClassLoader());
    }

    /** One setting's value: the option, else the system property, else the file's (or the default). */
    private record Settings(HazelrayOptions options, Map<Object, Object> properties) {
        String clusterName(String fromFile) {
            if (options.clusterName() != null) {
                return options.clusterName();
            }
            String property = property("hazelray.cluster-name");
            return property != null ? property : fromFile;
        }

        int port() {
            if (options.port() != 0) {
                return options.port();
            }
            String property = property("hazelray.port");
            return property == null ? 0 : number("hazelray.port", property, 1, 65_535);
        }

        int cpus() {
            if (options.cpus() != 0) {
                return options.cpus();
            }
            String property = property("hazelray.cpus");
            return property == null ? Runtime.getRuntime().availableProcessors()
                    : number("hazelray.cpus", property, 1, 4096);
        }

        Map<String, Double> resources() {
            if (!options.resources().isEmpty()) {
                return options.resources();
            }
            String property = property("hazelray.resources");
            return property == null ? Map.of() : Resources.parse(property, "system property hazelray.resources");
        }

        long objectStoreMemory() {
            if (options.objectStoreMemory() != 0) {
                return options.objectStoreMemory();
            }
            String property = property("hazelray.object-store-memory");
            return property == null ? 0 : HazelrayOptions.parseSize(property, "system property hazelray.object-store-memory");
        }

        String bind() {
            return options.bindAddress() != null ? options.bindAddress() : property("hazelray.bind");
        }

        List<String> join() {
            if (!options.members().isEmpty()) {
                return options.members();
            }
            String property = property("hazelray.join");
            if (property == null) {
                return List.of();
            }
            return Arrays.stream(property.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(a -> HazelrayOptions.checkAddress(a, "system property hazelray.join")).toList();
        }

        private String property(String name) {
            Object value = properties.get(name);
            return value == null || value.toString().isBlank() ? null : value.toString().trim();
        }

        private static int number(String name, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException("system property " + name + " must be a number from " + min + " to " + max
                    + ", was '" + value + "'");
        }
    }
}
