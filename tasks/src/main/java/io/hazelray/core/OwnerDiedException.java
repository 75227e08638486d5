package io.hazelray.core;

/**
 * The driver that owned an object died (its process crashed, or its connection to the cluster was
 * lost for good) before the object was ready, or the object was released with the rest of what that
 * driver owned: as Ray's {@code OwnerDiedError}. Readers get it within seconds of the death instead
 * of waiting forever for a result nobody will publish.
 */
public final class OwnerDiedException extends HazelrayException {
    private final String objectId;
    private final String owner;

    public OwnerDiedException(String objectId, String owner, String why) {
        super("object " + objectId + " is lost: its owner, driver " + owner + ", died (" + why + ")");
        this.objectId = objectId;
        this.owner = owner;
    }

    public String objectId() {
        return objectId;
    }

    /** The owner id of the driver that died: the prefix of the object id. */
    public String owner() {
        return owner;
    }
}
