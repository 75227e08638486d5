package io.hazelray.datasets.gsod.impl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * I/O failures in words a user can act on: the JDK's own messages are often a bare class name
 * ({@code ConnectException}) or the path alone ({@code NoSuchFileException: /proc/x}). Internal.
 */
public final class IoMessages {
    private IoMessages() {
    }

    /** What went wrong with a file: its path, then {@link #reason}. */
    public static String file(IOException e) {
        String file = e instanceof FileSystemException fs ? fs.getFile() : null;
        return (file == null ? "" : file + ": ") + reason(e);
    }

    /** What went wrong with a file, without its path (for a message that names it already). */
    public static String reason(IOException e) {
        if (e instanceof FileSystemException fs) {
            if (e instanceof NoSuchFileException) {
                return "no such file or directory";
            }
            if (e instanceof AccessDeniedException) {
                return "permission denied";
            }
            if (e instanceof NotDirectoryException) {
                return "not a directory";
            }
            if (e instanceof FileAlreadyExistsException) {
                return "already exists (and is not a directory)";
            }
            String reason = fs.getReason();
            return reason == null ? e.getClass().getSimpleName() : reason;
        }
        return plain(e);
    }

    /** What went wrong talking to {@code host}. */
    public static String network(Throwable e, String host) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection to " + host + " within the timeout (offline, or a firewall?)";
            }
            if (t instanceof HttpTimeoutException) {
                return "no answer from " + host + " within the timeout";
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return "cannot resolve " + host + " (offline, or no DNS?)";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to " + host + " (offline?)";
            }
            if (t instanceof ConnectException) {
                return "cannot connect to " + host + (t.getMessage() == null ? "" : " (" + t.getMessage().toLowerCase() + ")")
                        + "; offline, or the server is down?";
            }
        }
        if (e instanceof IOException io && "closed".equals(io.getMessage())) {
            return "the connection to " + host + " was closed during the transfer";
        }
        return e instanceof IOException io ? plain(io) : String.valueOf(e);
    }

    private static String plain(IOException e) {
        String msg = e.getMessage();
        return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
    }
}
