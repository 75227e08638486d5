package io.hazelray.examples.cli;

import io.hazelray.datasets.gsod.GsodException;
import io.hazelray.core.RemoteException;

/**
 * Turns the failure of a GSOD job into the error a user needs: a bad archive fails deep inside a
 * Jet processor or an actor on some member, and arrives wrapped several times; the message that
 * names the archive, file and line is the one to show.
 */
final class GsodFailures {
    private static final String GSOD_PACKAGE = "io.hazelray.datasets.gsod.";

    private GsodFailures() {
    }

    static RuntimeException explain(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof GsodException gsod) {
                return gsod;
            }
            if (t instanceof RemoteException remote && remote.remoteClassName().startsWith(GSOD_PACKAGE)) {
                return new IllegalStateException(remote.remoteMessage(), e);
            }
            // Jet reports a processor's failure as text: "...: io.hazelray.datasets.gsod.GsodFormatException: <message>"
            String message = t.getMessage();
            int at = message == null ? -1 : message.indexOf(GSOD_PACKAGE);
            if (at >= 0) {
                String rest = message.substring(at);
                int colon = rest.indexOf(": ");
                return new IllegalStateException(colon < 0 ? rest : rest.substring(colon + 2).lines().findFirst().orElse(rest), e);
            }
        }
        return e;
    }
}
