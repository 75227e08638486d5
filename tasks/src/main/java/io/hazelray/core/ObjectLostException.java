package io.hazelray.core;


/**
 * The object a ref points to is gone: it was freed, its owner shut down, or every copy of it was
 * lost with the members that held them.
 */
public final class ObjectLostException extends HazelrayException {
    private final String objectId;

    public ObjectLostException(String objectId, String why) {
        super("object " + objectId + " is lost: " + why);
        this.objectId = objectId;
    }

    public String objectId() {
        return objectId;
    }
}
