package io.hazelray.actors.impl;

import io.hazelray.actors.ActorConstructor;
import io.hazelray.actors.ActorMethod;
import io.hazelray.actors.ReadOnly;
import io.hazelray.tasks.spi.FunctionCodec;
import io.hazelray.tasks.spi.JobCode;

import java.io.Serializable;
import java.lang.invoke.MethodType;
import java.lang.reflect.Modifier;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encodes actor methods and constructors with the tasks' {@link FunctionCodec} (cached per lambda
 * class), and tells whether a method reference points to a method annotated {@link ReadOnly}
 * (looked up once per lambda class).
 */
final class MethodCodec {
    private static final int CACHE_LIMIT = 4096;

    /** A method's bytes, its name ({@code Counter::increment}), and whether it is read-only. */
    record Encoded(byte[] bytes, String name, boolean readOnly, String[] code) {
    }

    /** A constructor's bytes, its name ({@code Counter::new}) and the actor's class ({@code Counter}). */
    record EncodedConstructor(byte[] bytes, String name, String typeName, String[] code) {
    }

    private final FunctionCodec codec;
    private final JobCode jobCode;
    private final Map<Class<?>, Boolean> readOnly = new ConcurrentHashMap<>();

    MethodCodec(FunctionCodec codec, JobCode jobCode) {
        this.codec = codec;
        this.jobCode = jobCode;
    }

    Encoded method(ActorMethod method) {
        FunctionCodec.Encoded encoded = codec.encode(method, "method");
        Boolean ro = readOnly.get(method.getClass());
        if (ro == null) {
            ro = isAnnotatedReadOnly(method);
            if (readOnly.size() < CACHE_LIMIT) {
                readOnly.put(method.getClass(), ro);
            }
        }
        return new Encoded(encoded.bytes(), encoded.name(), ro, jobCode.codeFor(method));
    }

    /**
     * @throws IllegalArgumentException if the actor's class is not {@link Serializable}: its state
     *                                  is stored in the grid and moves between members (on one
     *                                  member it would seem to work, and fail on two)
     */
    EncodedConstructor constructor(ActorConstructor ctor) {
        FunctionCodec.Encoded encoded = codec.encode(ctor, "ctor");
        String name = encoded.name().replace("::<init>", "::new");
        int sep = name.indexOf("::");
        Class<?> actorClass = createdClass(ctor);
        if (actorClass != null && !Serializable.class.isAssignableFrom(actorClass)) {
            throw new IllegalArgumentException("actor class " + actorClass.getName() + " (created by " + name
                    + ") is not Serializable: an actor's state is stored in the grid and moves between members;"
                    + " implement java.io.Serializable (and make its fields serializable)");
        }
        return new EncodedConstructor(encoded.bytes(), name, sep < 0 ? name : name.substring(0, sep),
                jobCode.codeFor(ctor));
    }

    /** The class a constructor reference or lambda creates, from its serialized form; {@code null} if unknown. */
    private static Class<?> createdClass(ActorConstructor ctor) {
        SerializedLambda lambda = serializedLambda(ctor);
        if (lambda == null) {
            return null;
        }
        String descriptor = lambda.getInstantiatedMethodType(); // e.g. (I)Lcom/acme/Counter;
        int ret = descriptor.lastIndexOf(')') + 1;
        if (descriptor.charAt(ret) != 'L') {
            return null;
        }
        String type = descriptor.substring(ret + 1, descriptor.length() - 1).replace('/', '.');
        try {
            Class<?> created = Class.forName(type, false, ctor.getClass().getClassLoader());
            return created.isInterface() || Modifier.isAbstract(created.getModifiers()) ? null : created;
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static boolean isAnnotatedReadOnly(ActorMethod method) {
        SerializedLambda lambda = serializedLambda(method);
        if (lambda == null) {
            for (Method m : method.getClass().getMethods()) {
                if (m.getName().equals("apply") && m.isAnnotationPresent(ReadOnly.class)) {
                    return true;
                }
            }
            return false;
        }
        try {
            ClassLoader loader = method.getClass().getClassLoader();
            Class<?> impl = Class.forName(lambda.getImplClass().replace('/', '.'), false, loader);
            for (Method m : impl.getDeclaredMethods()) {
                if (m.getName().equals(lambda.getImplMethodName())
                        && MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString()
                                .equals(lambda.getImplMethodSignature())) {
                    return m.isAnnotationPresent(ReadOnly.class);
                }
            }
        } catch (ClassNotFoundException | LinkageError | SecurityException e) {
            return false;
        }
        return false;
    }

    private static SerializedLambda serializedLambda(Object fn) {
        try {
            Method writeReplace = fn.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return writeReplace.invoke(fn) instanceof SerializedLambda l ? l : null;
        } catch (ReflectiveOperationException | RuntimeException notALambda) {
            return null;
        }
    }
}
