package dev.subsync.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An app's endpoint behind a server or load balancer that keeps connections alive and closes one
 * that stayed idle, without saying so in its answers (no {@code Keep-Alive} or {@code Connection}
 * header), as nginx, Tomcat or a cloud load balancer do after their idle timeout. Answers every
 * request 204.
 */
public final class IdleClosingReceiver implements AutoCloseable {

    private final SocketReceiver receiver;
    /** When a connection was last closed for idleness, by {@link System#nanoTime()}; 0: none yet. */
    private final AtomicLong lastIdleCloseNanos = new AtomicLong();

    private IdleClosingReceiver(Duration idleTimeout) {
        int idleMillis = (int) idleTimeout.toMillis();
        this.receiver = SocketReceiver.start("idle-closing-receiver", (connection, self) -> answer(connection, idleMillis));
    }

    public static IdleClosingReceiver start(Duration idleTimeout) {
        return new IdleClosingReceiver(idleTimeout);
    }

    public String url() {
        return receiver.url();
    }

    /** How long ago the receiver last closed an idle connection; {@code null} if it has not yet. */
    public Duration sinceLastIdleClose() {
        long closed = lastIdleCloseNanos.get();
        return closed == 0 ? null : Duration.ofNanos(System.nanoTime() - closed);
    }

    @Override
    public void close() throws IOException {
        receiver.close();
    }

    private void answer(Socket connection, int idleMillis) throws IOException {
        connection.setSoTimeout(idleMillis);
        InputStream in = new BufferedInputStream(connection.getInputStream());
        OutputStream out = connection.getOutputStream();
        while (true) {
            long contentLength;
            try {
                contentLength = readHead(in);
            } catch (SocketTimeoutException idle) {
                lastIdleCloseNanos.set(System.nanoTime());
                return;   // closed silently, as the idle timeout of a real server does
            }
            if (contentLength < 0) {
                return;   // the sender closed it
            }
            in.readNBytes((int) contentLength);
            out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
    }

    /** Reads a request's head; its Content-Length, or -1 at the end of the stream before a request. */
    private static long readHead(InputStream in) throws IOException {
        long contentLength = 0;
        boolean any = false;
        for (String line = readLine(in); line != null; line = readLine(in)) {
            if (line.isEmpty()) {
                if (any) {
                    return contentLength;
                }
                continue;
            }
            any = true;
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Long.parseLong(lower.substring("content-length:".length()).strip());
            }
        }
        return -1;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }
}
