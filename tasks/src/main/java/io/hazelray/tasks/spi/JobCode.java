package io.hazelray.tasks.spi;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.hazelray.core.HazelrayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Job code that travels, like Ray's runtime environment: a driver's own classes (the jar or class
 * folder its functions, actors and their arguments come from) reach members that have never seen
 * them, which load them in a class loader per job.
 *
 * <p><b>Driver side.</b> A call names the code it needs by content digest (SHA-256 of the jar,
 * or of the folder packed as a jar); the bytes are put once in the {@link #CODE_MAP} IMap, when
 * the cluster has a member other than this process (a single embedded member has the classes
 * already), and again for members that join later. Hazelray's, Hazelcast's and the JDK's own
 * classes never travel: members have them.
 *
 * <p><b>Member side.</b> A call is decoded with the member's own classes first; only a class the
 * member does not have is looked up in the job's code, through a class loader per set of digests
 * (so two jobs with different versions of a class do not collide), dropped when unused for
 * {@link #IDLE_LOADER_MILLIS} so a finished job's classes can be unloaded. A member runs uploaded
 * code only if started with code upload allowed ({@link #UPLOAD_PROPERTY}); otherwise the call
 * fails with a message that names the class, the member and the flag.
 */
public final class JobCode {
    /** The IMap of uploaded code: digest to jar bytes, one synchronous backup. */
    public static final String CODE_MAP = "hazelray.code";
    /** The member property that allows uploaded code ({@code ./hazelray member --allow-code-upload}). */
    public static final String UPLOAD_PROPERTY = "hazelray.code.upload";
    /** The driver's system property that turns shipping off ({@code -Dhazelray.code.ship=false}). */
    public static final String SHIP_PROPERTY = "hazelray.code.ship";
    /** A job's class loader is dropped after this long without a call. */
    public static final long IDLE_LOADER_MILLIS = 10 * 60_000L;
    /** The largest folder or jar that is shipped. */
    public static final long MAX_CODE_BYTES = 256L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(JobCode.class);
    private static final String[] NONE = new String[0];
    /** Classes whose presence marks a jar or folder as Hazelray's or Hazelcast's own: members have those. */
    private static final List<String> PLATFORM_MARKERS = List.of("io/hazelray/core/ObjectRef.class",
            "io/hazelray/actors/Actors.class", "io/hazelray/Hazelray.class", "io/hazelray/datasets/gsod/GsodStation.class",
            "com/hazelcast/core/HazelcastInstance.class");
    /** Per JVM: a location's packed code, computed once (a digest of its content). */
    private static final Map<Path, Packed> PACKED = new ConcurrentHashMap<>();
    /** The member's job code while a call runs on this thread: how nested values find their loader. */
    private static final ThreadLocal<JobCode> AMBIENT = new ThreadLocal<>();

    private final HazelcastInstance hz;
    private final boolean member;
    private final boolean uploadAllowed;
    private final ClassLoader memberLoader;
    private final Map<String, byte[]> pending = new ConcurrentHashMap<>();
    private final Set<String> shipped = ConcurrentHashMap.newKeySet();
    private final Map<String, JobLoader> loaders = new ConcurrentHashMap<>();
    private final List<String> extraDigests = new ArrayList<>();
    private volatile boolean listening;

    JobCode(HazelcastInstance hz, ClassLoader memberLoader) {
        this.hz = hz;
        this.memberLoader = memberLoader;
        boolean isMember;
        boolean allowed = false;
        try {
            allowed = Boolean.parseBoolean(hz.getConfig().getProperty(UPLOAD_PROPERTY));
            isMember = true;
        } catch (UnsupportedOperationException client) {
            isMember = false;
        }
        this.member = isMember;
        this.uploadAllowed = allowed;
    }

    /** Sets up the code map in a member's {@code config}. */
    public static Config configure(Config config) {
        config.getMapConfig(CODE_MAP).setBackupCount(1).setAsyncBackupCount(0).setInMemoryFormat(InMemoryFormat.BINARY);
        return config;
    }

    // ---- driver side ---------------------------------------------------------------------------

    /**
     * The digests of the code a call of {@code fn} needs beyond what members have: the jar or
     * folder of the class that defines it, and the extra code of this driver. Ships it first if
     * the cluster has another member. A function of job code (a task or actor of an uploaded job,
     * making a nested call) needs the code it was loaded from, which is in the cluster already: its
     * class has no jar or folder to look at.
     */
    public String[] codeFor(Object fn) {
        if (fn.getClass().getClassLoader() instanceof JobLoader job) {
            return job.digests;
        }
        if (!SHIP) {
            return NONE;
        }
        Packed packed = LOCATIONS.get(fn.getClass()).orElse(null);
        if (extraDigests.isEmpty()) {
            if (packed == null) {
                return NONE;
            }
            offer(packed);
            return packed.digests();
        }
        List<String> digests = new ArrayList<>(extraDigests);
        if (packed != null && !digests.contains(packed.digest())) {
            digests.add(0, packed.digest());
            offer(packed);
        }
        return digests.toArray(NONE);
    }

    /** Adds a jar or class folder that every call of this instance's drivers ships (a library the job uses). */
    public synchronized void addCode(Path location) {
        Packed packed = pack(location.toAbsolutePath().normalize());
        if (!extraDigests.contains(packed.digest())) {
            extraDigests.add(packed.digest());
        }
        offer(packed);
    }

    private void offer(Packed packed) {
        if (shipped.contains(packed.digest())) {
            return;
        }
        if (member && pending.containsKey(packed.digest()) && hz.getCluster().getMembers().size() == 1) {
            return; // offered already, alone in the cluster: the membership listener ships it when a member joins
        }
        // the driver's own code: results and values of its classes come back to it
        SerializationFilter.allowPackages(hz, SerializationFilter.packagesOf(entryNames(packed.bytes())));
        pending.putIfAbsent(packed.digest(), packed.bytes());
        listenForNewMembers();
        if (!member || hz.getCluster().getMembers().size() > 1) {
            shipPending();
        }
    }

    private static List<String> entryNames(byte[] jar) {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        } catch (IOException e) {
            LOG.debug("could not list job code: {}", e.toString());
        }
        return names;
    }

    private void shipPending() {
        IMap<String, byte[]> code = hz.getMap(CODE_MAP);
        for (Map.Entry<String, byte[]> e : pending.entrySet()) {
            if (shipped.add(e.getKey())) {
                code.putIfAbsent(e.getKey(), e.getValue());
                LOG.debug("shipped job code {} ({} bytes)", e.getKey(), e.getValue().length);
            }
        }
    }

    private void listenForNewMembers() {
        if (listening || !member) {
            return;
        }
        synchronized (this) {
            if (!listening) {
                listening = true;
                hz.getCluster().addMembershipListener(new MembershipListener() {
                    @Override
                    public void memberAdded(MembershipEvent event) {
                        try {
                            shipPending();
                        } catch (RuntimeException e) {
                            LOG.warn("could not ship job code to the cluster: {}", e.toString());
                        }
                    }

                    @Override
                    public void memberRemoved(MembershipEvent event) {
                        // code already in the map has its backups
                    }
                });
            }
        }
    }

    /**
     * Per function class: the packed code of where it comes from, looked up once (a lambda's class
     * shares the protection domain, so the code source, of the class that wrote it).
     */
    private static final ClassValue<Optional<Packed>> LOCATIONS = new ClassValue<>() {
        @Override
        protected Optional<Packed> computeValue(Class<?> type) {
            return Optional.ofNullable(packedLocationOf(type));
        }
    };
    private static final boolean SHIP = Boolean.parseBoolean(System.getProperty(SHIP_PROPERTY, "true"));

    /** The packed code of the jar or folder {@code type} comes from; {@code null} if members have it. */
    static Packed packedLocationOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null; // the JDK's
        }
        Path location;
        try {
            location = Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            return null;
        }
        Packed packed = PACKED.computeIfAbsent(location, l -> isPlatform(l) ? Packed.PLATFORM : pack(l));
        return packed == Packed.PLATFORM ? null : packed;
    }

    private static boolean isPlatform(Path location) {
        if (Files.isDirectory(location)) {
            return PLATFORM_MARKERS.stream().anyMatch(m -> Files.exists(location.resolve(m)));
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            return PLATFORM_MARKERS.stream().anyMatch(m -> jar.getEntry(m) != null);
        } catch (IOException e) {
            return true; // not a jar we can read: nothing to ship
        }
    }

    private static Packed pack(Path location) {
        try {
            byte[] bytes;
            if (Files.isDirectory(location)) {
                bytes = zipFolder(location);
            } else {
                if (Files.size(location) > MAX_CODE_BYTES) {
                    throw new IllegalArgumentException("job code " + location + " is larger than " + (MAX_CODE_BYTES >> 20)
                            + " MB: install it on the members (--classpath) instead of shipping it");
                }
                bytes = Files.readAllBytes(location);
            }
            return new Packed(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read job code " + location, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] zipFolder(Path folder) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            // sorted: the same folder, the same digest; hidden directories (.git, .idea) hold no classes
            files = walk.filter(Files::isRegularFile).filter(f -> !inHiddenDirectory(folder.relativize(f))).sorted().toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(folder.relativize(file).toString().replace('\\', '/'));
                entry.setTime(0);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
                if (bytes.size() > MAX_CODE_BYTES) {
                    throw new IllegalArgumentException("job code " + folder + " is larger than " + (MAX_CODE_BYTES >> 20)
                            + " MB: install it on the members (--classpath) instead of shipping it");
                }
            }
        }
        return bytes.toByteArray();
    }

    private static boolean inHiddenDirectory(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) {
            if (relative.getName(i).toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** A location's code as it travels. */
    record Packed(String digest, byte[] bytes) {
        static final Packed PLATFORM = new Packed("", new byte[0]);

        /** The digest as a call carries it (a shared array: callers never change it). */
        String[] digests() {
            return new String[] {digest};
        }
    }

    // ---- member side ---------------------------------------------------------------------------

    /** Whether this member runs code that drivers upload. */
    public boolean uploadAllowed() {
        return uploadAllowed;
    }

    /**
     * The class loader for a call that needs {@code digests}: the member's own when it needs none
     * (or when uploads are refused: the member's classes are all it may use), else the job's.
     */
    public ClassLoader loaderFor(String[] digests) {
        if (digests == null || digests.length == 0 || !uploadAllowed) {
            return memberLoader;
        }
        String key = String.join(",", digests);
        long now = System.currentTimeMillis();
        JobLoader loader = loaders.computeIfAbsent(key, k -> {
            Map<String, byte[]> entries = fetch(digests);
            // this member accepts uploaded code, so it runs these classes anyway: Hazelcast may deserialize them too
            SerializationFilter.allowPackages(hz, SerializationFilter.packagesOf(entries.keySet()));
            return new JobLoader(digests, key, entries, memberLoader);
        });
        loader.lastUsed = now;
        if (loaders.size() > 1) {
            loaders.values().removeIf(l -> now - l.lastUsed > IDLE_LOADER_MILLIS);
        }
        return loader;
    }

    /**
     * The job's class loader if it is ready (no fetching), else {@code null}: for partition
     * threads, which must not wait for the code map.
     */
    public ClassLoader loaderIfReady(String[] digests) {
        if (digests == null || digests.length == 0 || !uploadAllowed) {
            return memberLoader;
        }
        JobLoader loader = loaders.get(String.join(",", digests));
        if (loader != null) {
            loader.lastUsed = System.currentTimeMillis();
        }
        return loader;
    }

    /**
     * Makes {@code loader} this thread's context class loader until the scope closes, so that
     * what Hazelcast deserializes for the call (arguments, objects it reads, an actor's state)
     * finds the job's classes; values that name their own code ({@link #readWith}) find it too.
     */
    public Scope enter(ClassLoader loader) {
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        JobCode previousAmbient = AMBIENT.get();
        thread.setContextClassLoader(loader);
        AMBIENT.set(this);
        return () -> {
            thread.setContextClassLoader(previousLoader);
            if (previousAmbient == null) {
                AMBIENT.remove();
            } else {
                AMBIENT.set(previousAmbient);
            }
        };
    }

    /** Restores the thread's class loader when closed. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Reads one value. */
    @FunctionalInterface
    public interface Read<T> {
        T read() throws IOException;
    }

    /**
     * Reads a value serialized inside another (an actor's state inside its record) with the loader
     * of the code it names, when a call on this thread runs in a member's job scope.
     */
    public static <T> T readWith(String[] digests, Read<T> read) throws IOException {
        JobCode code = AMBIENT.get();
        if (code == null || digests == null || digests.length == 0) {
            return read.read();
        }
        try (Scope ignored = code.enter(code.loaderFor(digests))) {
            return read.read();
        }
    }

    /**
     * Turns a class a call could not load into the error its caller sees: the class, the member,
     * and what to do (allow uploads, or install the class).
     */
    public HazelrayException classNotFound(Throwable e, String what, String memberAddress, String[] digests) {
        String missing = missingClass(e);
        String message;
        if (digests != null && digests.length > 0 && !uploadAllowed) {
            message = what + " needs class " + missing + ", which member " + memberAddress + " does not have, and"
                    + " that member does not accept uploaded code: start it with --allow-code-upload (it then runs"
                    + " the code drivers send), or install the class there with --classpath";
        } else {
            message = what + " needs class " + missing + ", which member " + memberAddress + " does not have"
                    + (digests == null || digests.length == 0
                    ? ": install it there with --classpath (the driver did not ship it: it is part of the platform jars,"
                      + " or shipping is off with -D" + SHIP_PROPERTY + "=false)"
                    : " even in the code the driver sent: ship the library it comes from too (ConnectOptions.code), or"
                      + " install it there with --classpath");
        }
        return new HazelrayException(message, e);
    }

    private static String missingClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClassNotFoundException c && c.getMessage() != null) {
                return c.getMessage();
            }
            if (t instanceof NoClassDefFoundError d && d.getMessage() != null) {
                return d.getMessage().replace('/', '.');
            }
        }
        return "(unknown: " + e + ")";
    }

    /** Whether {@code e} (or a cause) says a class was missing. */
    public static boolean isClassMissing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) {
                return true;
            }
        }
        return false;
    }

    private Map<String, byte[]> fetch(String[] digests) {
        IMap<String, byte[]> code = hz.getMap(CODE_MAP);
        Map<String, byte[]> entries = new HashMap<>();
        for (String digest : digests) {
            byte[] jar = code.get(digest);
            if (jar == null) {
                LOG.warn("job code {} is not in the cluster (its driver is gone, or it was never shipped)", digest);
                continue;
            }
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
                for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                    if (!entry.isDirectory()) {
                        entries.putIfAbsent(entry.getName(), zip.readAllBytes());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("job code " + digest + " is not a readable jar", e);
            }
        }
        return entries;
    }

    /** The classes of one job: parent first (the member's classes win), then the job's own. */
    static final class JobLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> entries;
        /** The digests of the code it loads (a shared array: callers never change it). */
        final String[] digests;
        /** Functions decoded with this loader (the codec's cache for job code, dropped with the loader). */
        final Map<Object, Object> decoded = new ConcurrentHashMap<>();
        volatile long lastUsed;

        JobLoader(String[] digests, String key, Map<String, byte[]> entries, ClassLoader parent) {
            super("hazelray-job-" + key.substring(0, Math.min(12, key.length())), parent);
            this.digests = digests.clone();
            this.entries = entries;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = entries.get(name.replace('.', '/') + ".class");
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            InputStream parent = super.getResourceAsStream(name);
            if (parent != null) {
                return parent;
            }
            byte[] bytes = entries.get(name);
            return bytes == null ? null : new ByteArrayInputStream(bytes);
        }
    }
}
