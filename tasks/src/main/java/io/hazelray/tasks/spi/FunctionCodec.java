package io.hazelray.tasks.spi;

import java.io.OutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.function.Supplier;
import com.hazelcast.config.ClassFilter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns remote functions (serializable lambdas and method references) into bytes and back.
 *
 * <p>Java serialization of a lambda costs tens of microseconds each way, more than the rest of a
 * small task. Both ends cache: a lambda class without captured state (every method reference
 * to a static method, and every non-capturing lambda, is one shared instance per call site) is
 * encoded once per class; a member decodes each distinct byte string once.
 */
public final class FunctionCodec {
    private static final int DECODE_CACHE_LIMIT = 4096;

    /** A function's bytes and its name for messages, e.g. {@code Fibonacci::distributed}. */
    public record Encoded(byte[] bytes, String name) {
    }

    private final ClassLoader classLoader;
    /** The serialization allowlist of the instance (null: no filter), looked up at each decode. */
    private final Supplier<ClassFilter> allowlist;
    private final Map<Object, Object> decoded = new ConcurrentHashMap<>();
    private final Map<Class<?>, Encoded> stateless = new ConcurrentHashMap<>();
    /**
     * The functions decoded from the very byte arrays this codec encoded (a call from this process
     * to this member, which travels without being serialized): looked up by identity (arrays do
     * not override equals), without hashing the bytes. Bounded as {@link #stateless} is.
     */
    private final Map<byte[], Object> decodedOwn = new ConcurrentHashMap<>();
    private final Set<byte[]> ownEncodings = ConcurrentHashMap.newKeySet();

    FunctionCodec(ClassLoader classLoader, Supplier<ClassFilter> allowlist) {
        this.classLoader = classLoader;
        this.allowlist = allowlist;
    }

    /**
     * Encodes {@code fn}, whose role in the call ({@code "fn"}, {@code "method"}...) names it in
     * errors.
     *
     * @throws IllegalArgumentException naming what {@code fn} captures that is not serializable
     */
    public Encoded encode(Serializable fn, String role) {
        Class<?> type = fn.getClass();
        Encoded cached = stateless.get(type); // only stateless types are kept: no reflection on a hit
        if (cached != null) {
            return cached;
        }
        boolean statelessType = hasNoInstanceState(type);
        Encoded encoded = new Encoded(serialize(fn, role), describe(fn));
        if (statelessType && stateless.size() < DECODE_CACHE_LIMIT) {
            stateless.put(type, encoded);
            ownEncodings.add(encoded.bytes());
        }
        return encoded;
    }

    /** Decodes bytes made by {@link #encode}; the same bytes of a stateless function give the same instance. */
    public Object decode(byte[] bytes) throws IOException, ClassNotFoundException {
        return decode(bytes, classLoader);
    }

    /**
     * Decodes a function with {@code loader} (a job's, for code a driver shipped). Functions
     * without state are cached per loader: the member's in this codec, a job's in its loader, so
     * they go when the job's classes are unloaded.
     */
    public Object decode(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
        Map<Object, Object> cache = loader == classLoader ? decoded
                : loader instanceof JobCode.JobLoader job ? job.decoded : null;
        if (cache == decoded) {
            Object own = decodedOwn.get(bytes);
            if (own != null) {
                return own;
            }
        }
        BytesKey key = new BytesKey(bytes);
        Object fn = cache == null ? null : cache.get(key);
        if (fn == null) {
            try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), loader, allowlist.get())) {
                fn = in.readObject();
            }
            // Only functions without state are shared: a captured value must be each task's own copy.
            if (cache != null && hasNoInstanceState(fn.getClass())) {
                if (cache.size() >= DECODE_CACHE_LIMIT) {
                    cache.clear();
                }
                cache.put(key, fn);
            }
        }
        if (cache == decoded && ownEncodings.contains(bytes) && hasNoInstanceState(fn.getClass())) {
            decodedOwn.put(bytes, fn);
        }
        return fn;
    }

    /** {@code Class::method} for method references and lambdas, the class name otherwise. */
    public static String describe(Object fn) {
        return serializedLambda(fn)
                .map(l -> simpleName(l.getImplClass()) + "::" + l.getImplMethodName())
                .orElse(fn.getClass().getName());
    }

    private static String simpleName(String internalName) {
        return internalName.substring(internalName.lastIndexOf('/') + 1).replace('$', '.');
    }

    private static byte[] serialize(Serializable fn, String role) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(fn);
        } catch (NotSerializableException e) {
            throw new IllegalArgumentException(notSerializableMessage(fn, role, e), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(role + " (" + describe(fn) + ") cannot be serialized: " + e, e);
        }
        return bytes.toByteArray();
    }

    private static String notSerializableMessage(Serializable fn, String role, NotSerializableException e) {
        Optional<SerializedLambda> lambda = serializedLambda(fn);
        if (lambda.isPresent()) {
            SerializedLambda l = lambda.get();
            for (int i = 0; i < l.getCapturedArgCount(); i++) {
                Object captured = l.getCapturedArg(i);
                if (captured != null && !isSerializable(captured)) {
                    return role + " (" + describe(fn) + ") captures a " + captured.getClass().getName()
                            + " (captured value #" + i + "), which is not serializable: capture only"
                            + " serializable values, or pass this one as an argument or through put()";
                }
            }
        }
        return role + " (" + describe(fn) + ") is not serializable: " + e.getMessage()
                + " is not Serializable";
    }

    private static boolean isSerializable(Object value) {
        try (ObjectOutputStream out = new ObjectOutputStream(OutputStreamSink.INSTANCE)) {
            out.writeObject(value);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean hasNoInstanceState(Class<?> type) {
        return type.isSynthetic() && Arrays.stream(type.getDeclaredFields())
                .allMatch(f -> Modifier.isStatic(f.getModifiers()));
    }

    private static Optional<SerializedLambda> serializedLambda(Object fn) {
        try {
            Method writeReplace = fn.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object replacement = writeReplace.invoke(fn);
            return replacement instanceof SerializedLambda l ? Optional.of(l) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException notALambda) {
            return Optional.empty();
        }
    }

    private record BytesKey(byte[] bytes, int hash) {
        BytesKey(byte[] bytes) {
            this(bytes, Arrays.hashCode(bytes));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesKey k && k.hash == hash && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * Resolves classes with the call's loader, and lets through only what the serialization
     * allowlist allows ({@link SerializationFilter}): by name, or job code (a job's loader, or the
     * member's {@code --classpath}), which the member runs anyway. Checked before anything of the
     * class runs: {@code Class.forName} without initialization runs no static initializer.
     */
    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;
        private final ClassFilter allowlist;

        LoaderObjectInputStream(InputStream in, ClassLoader loader, ClassFilter allowlist) throws IOException {
            super(in);
            this.loader = loader;
            this.allowlist = allowlist;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            Class<?> type;
            try {
                type = Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                type = super.resolveClass(desc);
            }
            if (!SerializationFilter.allows(allowlist, desc.getName()) && !isJobCode(type)) {
                throw new InvalidClassException(desc.getName(), SerializationFilter.refused(desc.getName()));
            }
            return type;
        }

        private static boolean isJobCode(Class<?> type) {
            ClassLoader l = type.getClassLoader();
            return l instanceof JobCode.JobLoader || l != null && SerializationFilter.MEMBER_CLASSPATH_LOADER.equals(l.getName());
        }
    }

    private static final class OutputStreamSink extends OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
