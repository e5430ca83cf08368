package dev.subsync.push;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.camel.util.TimeUtils;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client push sends with, so that no receiver holds a sender longer than its timeout allows:
 * <ul>
 * <li>The answer's status line and headers must all arrive within the timeout of the attempt's start,
 * else the connection is closed: the socket's read timeout alone would let a receiver that sends a
 * header every few seconds hold the sender for ever.
 * <li>The answer's head is bounded in size too: at most {@value #MAX_ANSWER_HEADERS} headers and
 * {@value #MAX_ANSWER_LINE_BYTES} bytes a line, as a web server bounds a request's (HttpClient's own
 * default is no limit), so a receiver streaming headers fails its attempt at once instead of filling
 * the heap until the deadline. Camel's HTTP component builds its connections without such limits, so
 * this client brings its own pool of {@code subsync.webhooks.concurrency} connections, with the
 * connect and read timeouts, and a connection idle for 2 s checked before it is used again.
 * <li>One request per attempt. Apache HttpClient by default sends a request answered 429 or 503 once
 * more within the same call, after waiting as long as the receiver's {@code Retry-After} asks; push
 * has its own retries (doubling, recorded, dead-lettered).
 * <li>The answer's body is read for at most the timeout and {@value #ANSWER_BYTES_READ} bytes after its
 * status arrived, then the connection is closed: only the status counts, and a body that never ends,
 * or arrives a byte at a time, would otherwise keep the sender reading it.
 * <li>No compression: push discards the body, so it has nothing to decompress.
 * </ul>
 */
public class AppWebhookHttpClient implements HttpClientConfigurer {

    /** More than a receiver's answer needs; a longer one is cut here. */
    static final int ANSWER_BYTES_READ = 64 * 1024;

    /**
     * A pooled connection idle this long is checked before it is used (HttpClient's default, set here
     * so that it stays): receivers' servers close idle connections (after 5-75 s) without saying so,
     * and a request sent on one would fail its attempt, as a POST is never resent on another connection.
     */
    static final TimeValue CHECK_AFTER_IDLE = TimeValue.ofSeconds(2);
    static final int MAX_ANSWER_HEADERS = 100;
    static final int MAX_ANSWER_LINE_BYTES = 8192;

    private long timeoutNanos = TimeUnit.SECONDS.toNanos(10);
    private int concurrency = 16;
    /** Shared by the clients Camel builds for the endpoint; closed with this bean. */
    private PoolingHttpClientConnectionManager connections;
    /**
     * Closes the connection of an attempt whose answer's head is late: one thread for every sender,
     * started by the first attempt, of push's priority ({@link BackgroundThreads}).
     */
    private final ScheduledThreadPoolExecutor deadlines = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "app-webhook-deadlines");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        return thread;
    });

    public AppWebhookHttpClient() {
        deadlines.setRemoveOnCancelPolicy(true);   // nearly every deadline is cancelled: none waits out its timeout queued
    }

    /** {@code subsync.webhooks.timeout}: also how long the answer's head may take and its body is read. */
    public void setTimeout(String duration) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(TimeUtils.toMilliSeconds(duration));
    }

    /** {@code subsync.webhooks.concurrency}: the connections of the pool, one per sender. */
    public void setConcurrency(int concurrency) {
        this.concurrency = concurrency;
    }

    public synchronized void close() {
        deadlines.shutdownNow();
        if (connections != null) {
            connections.close(CloseMode.IMMEDIATE);
        }
    }

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.setConnectionManager(connections()).setConnectionManagerShared(true)
                .disableAutomaticRetries().disableContentCompression()
                .addExecInterceptorFirst("bounded-answer", this::withBoundedAnswer);
    }

    private synchronized PoolingHttpClientConnectionManager connections() {
        if (connections == null) {
            Timeout timeout = Timeout.of(timeoutNanos, TimeUnit.NANOSECONDS);
            connections = PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnTotal(concurrency).setMaxConnPerRoute(concurrency)
                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                            .setConnectTimeout(timeout).setSocketTimeout(timeout)
                            .setValidateAfterInactivity(CHECK_AFTER_IDLE).build())
                    .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout).build())
                    .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                            .http1Config(Http1Config.custom()
                                    .setMaxHeaderCount(MAX_ANSWER_HEADERS).setMaxLineLength(MAX_ANSWER_LINE_BYTES).build())
                            .build())
                    .build();
        }
        return connections;
    }

    private ClassicHttpResponse withBoundedAnswer(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        AtomicBoolean late = new AtomicBoolean();
        ScheduledFuture<?> cutOff = deadlines.schedule(() -> {
            late.set(true);
            scope.execRuntime.discardEndpoint();   // the blocked read fails; HttpClient cancels a request this way too
        }, timeoutNanos, TimeUnit.NANOSECONDS);
        ClassicHttpResponse response;
        try {
            response = chain.proceed(request, scope);
        } catch (IOException failure) {
            if (late.get()) {
                SocketTimeoutException timeout = new SocketTimeoutException("no complete answer (status and headers) within "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (subsync.webhooks.timeout)");
                timeout.initCause(failure);
                throw timeout;
            }
            throw failure;
        } finally {
            cutOff.cancel(false);
        }
        if (response.getEntity() != null) {
            response.setEntity(new BoundedAnswer(response.getEntity(), scope.execRuntime, System.nanoTime() + timeoutNanos));
        }
        return response;
    }

    /** The answer's body, ending early (the connection closed) past the byte limit or the deadline. */
    private static final class BoundedAnswer extends HttpEntityWrapper {
        private final ExecRuntime connection;
        private final long deadlineNanos;
        private volatile boolean cut;
        private volatile boolean done;

        BoundedAnswer(HttpEntity answer, ExecRuntime connection, long deadlineNanos) {
            super(answer);
            this.connection = connection;
            this.deadlineNanos = deadlineNanos;
        }

        /** Once read to its end or cut, the answer is empty: the producer and the client each close it. */
        @Override
        public InputStream getContent() throws IOException {
            if (done) {
                return InputStream.nullInputStream();
            }
            InputStream body = super.getContent();
            return new InputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (cut) {
                        return -1;
                    }
                    if (read >= ANSWER_BYTES_READ || System.nanoTime() - deadlineNanos > 0) {
                        cut = true;
                        connection.discardEndpoint();   // the rest is never read; the connection is not reused
                        return -1;
                    }
                    int n = body.read(buffer, offset, (int) Math.min(length, ANSWER_BYTES_READ - read));
                    read += Math.max(n, 0);
                    return n;
                }

                /** Closing reads what is left, so within the same limits; a cut body's connection is already closed. */
                @Override
                public void close() throws IOException {
                    byte[] rest = new byte[8192];
                    while (read(rest, 0, rest.length) >= 0) {
                        // discarded
                    }
                    if (!cut) {
                        body.close();
                    }
                    done = true;
                }
            };
        }

        @Override
        public void close() throws IOException {
            if (!cut) {
                super.close();
            }
        }
    }
}
