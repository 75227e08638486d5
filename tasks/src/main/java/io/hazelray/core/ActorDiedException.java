package io.hazelray.core;


/**
 * The actor cannot serve the call: it was killed, its driver shut down, or its constructor threw
 * (then the cause is the constructor's {@link ActorTaskException}, with the remote class, message
 * and stack trace).
 */
public final class ActorDiedException extends HazelrayException {
    private final String actorId;
    private final String actorName;

    public ActorDiedException(String actorId, String actorName, String why, Throwable cause) {
        super("actor " + describe(actorId, actorName) + " is dead: " + why, cause);
        this.actorId = actorId;
        this.actorName = actorName;
    }

    /** The dead actor's id. */
    public String actorId() {
        return actorId;
    }

    /** The dead actor's name, or {@code null} if it had none. */
    public String actorName() {
        return actorName;
    }

    /** How messages name an actor: {@code 'name' (id)}, or its id alone. */
    public static String describe(String actorId, String actorName) {
        return actorName == null ? actorId : "'" + actorName + "' (" + actorId + ")";
    }
}
