package io.hazelray.examples.cli;

import io.hazelray.datasets.gsod.GsodException;
import io.hazelray.core.RemoteException;
import io.hazelray.datasets.gsod.GsodFormatException;
import io.hazelray.datasets.gsod.GsodProblem;
import io.hazelray.cli.OneLineErrors;

/**
 * Turns the failure of a GSOD command into the one line a user needs: what is wrong and where
 * (archive, station file, line, column) and what to do. Both engines hand the reader's own
 * exception to the driver; anything else that failed on a member may arrive wrapped several
 * times, and the message that names the archive is the one to show.
 */
public final class GsodFailures {
    private static final String GSOD_PACKAGE = "io.hazelray.datasets.gsod.";

    private GsodFailures() {
    }

    /** The line to print after {@code error: } for the {@code gsod} command. */
    public static String explain(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof GsodFormatException f && f.problem().reason().contains(GsodProblem.OUTSIDE_YEAR)) {
            return f.getMessage() + ": is it another year's archive under this year's name? Give it its year's name"
                    + " (YEAR.tar.gz), or download this year's";
        }
        if (t instanceof GsodFormatException f && !f.isDamaged()) {
            return f.getMessage() + ". The archive is intact but this file is not GSOD's format; to skip bad rows and files"
                    + " and count the rest, run again with --lenient";
        }
        return OneLineErrors.message(t);
    }

    private static Throwable unwrap(Throwable e) {
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
