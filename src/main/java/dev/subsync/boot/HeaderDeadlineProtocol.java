package dev.subsync.boot;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.AbstractProcessor;
import org.apache.coyote.Constants;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * Tomcat's NIO HTTP/1.1 connector with a deadline for a request's line and headers as a whole.
 * Tomcat's own timeout only bounds the silence between two reads, so a client sending one header byte
 * every two seconds (slow loris) was never cut off; it holds no thread (headers are read without one)
 * but holds a connection. Once a second, a connection still reading the same request's headers after
 * {@code subsync.http.header-timeout} is ended the way Tomcat's poller ends a connection whose read
 * timed out.
 */
public class HeaderDeadlineProtocol extends Http11NioProtocol {

    private volatile Duration headerTimeout = Duration.ofSeconds(5);
    private ScheduledExecutorService sweeper;

    public void setHeaderTimeout(Duration headerTimeout) {
        this.headerTimeout = headerTimeout;
    }

    @Override
    public void start() throws Exception {
        super.start();
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "http-header-deadline");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::cutOffSlowHeaders, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void stop() throws Exception {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        super.stop();
    }

    private void cutOffSlowHeaders() {
        long now = System.nanoTime();
        for (SocketWrapperBase<?> connection : getEndpoint().getConnections()) {
            if (connection.getCurrentProcessor() instanceof AbstractProcessor http
                    && readingHead(http.getRequest().getRequestProcessor().getStage())) {
                // Tomcat marks a request's start at its first byte and clears it between requests, so an
                // idle kept-alive connection is never cut off here
                long started = http.getRequest().getStartTimeNanos();
                if (started > 0 && now - started > headerTimeout.toNanos()) {
                    cutOff(connection);
                }
            }
        }
    }

    /** As Tomcat's poller ends a connection whose read timed out: an error event, handled on a worker. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void cutOff(SocketWrapperBase connection) {
        connection.setError(new SocketTimeoutException("the request's headers took longer than " + headerTimeout));
        if (!getEndpoint().processSocket(connection, SocketEvent.ERROR, true)) {
            connection.close();
        }
    }

    /**
     * A processor held by a connection between reads is reading a request's line or headers unless
     * the request has reached processing: the stage only moves to "prepare" once the headers are in
     * (a partly read head shows the previous request's "ended", or "new"). An idle kept-alive
     * connection holds no processor at all.
     */
    private static boolean readingHead(int stage) {
        return stage == Constants.STAGE_NEW || stage == Constants.STAGE_PARSE
                || stage == Constants.STAGE_KEEPALIVE || stage == Constants.STAGE_ENDED;
    }
}
