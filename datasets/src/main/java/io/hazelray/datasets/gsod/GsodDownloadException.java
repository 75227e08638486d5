package io.hazelray.datasets.gsod;

import java.net.URI;
import java.nio.file.Path;

/**
 * A year's archive could not be fetched. The message says what failed (the URL and the HTTP
 * status or the I/O error) and how to fetch the file by hand:
 * <pre>
 * could not download https://www.ncei.noaa.gov/data/global-summary-of-the-day/archive/1980.tar.gz: HTTP 404;
 * to fetch it by hand: curl -fL -o /home/me/.cache/hazelray/gsod/1980.tar.gz https://www.ncei...
 * </pre>
 * No partial file is left behind when this is thrown.
 */
public class GsodDownloadException extends GsodException {
    private static final long serialVersionUID = 1L;

    private final URI uri;
    private final String target;                // a Path is not serializable

    public GsodDownloadException(URI uri, Path target, String what, Throwable cause) {
        super("could not download " + uri + ": " + what + "; to fetch it by hand: curl -fL -o "
                + Shell.quote(target.toString()) + " " + Shell.quote(uri.toString()), cause);
        this.uri = uri;
        this.target = target.toString();
    }

    /** The URL that failed. */
    public URI uri() {
        return uri;
    }

    /** Where the file would have been written. */
    public Path target() {
        return Path.of(target);
    }
}
