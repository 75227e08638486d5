package io.hazelray.datasets.gsod;

/**
 * The root of every exception the GSOD datasets code throws. Unchecked: a broken archive or a
 * failed download is not something a caller can usually repair on the spot, and the message says
 * what went wrong and where.
 *
 * @see GsodFormatException
 * @see GsodDownloadException
 */
public class GsodException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GsodException(String message) {
        super(message);
    }

    public GsodException(String message, Throwable cause) {
        super(message, cause);
    }
}
