package dev.subsync.webhook;

import dev.subsync.metrics.MetersOnFirstUse;
import io.micrometer.core.instrument.FunctionCounter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.util.TimeUtils;

/**
 * Intake first: whether the intake is behind, so that push waits. Behind: Stripe's webhooks answered
 * slowly (over {@code subsync.webhooks.pause-when-intake-slower-than} on average over a span of
 * 200 ms), or more settled events waiting in the inbox than a claim takes. Stripe's 2xx and the state
 * apps read cannot wait and push can: meanwhile push queues and claims nothing new, so that a machine
 * short of CPU or of commits spends them on taking events in and applying them, and pushes once it has
 * room.
 */
public class IntakeFirst {

    static final long SPAN_NANOS = 200_000_000L;
    /** A pause outlasts its span until the next span's average is known. */
    private static final long PAUSE_NANOS = 2 * SPAN_NANOS;

    private long thresholdMillis = 20;
    private long spanStart = System.nanoTime();
    private long spanMillis;
    private int spanAnswers;
    private volatile long behindUntil = spanStart;
    private final AtomicLong pausedNanos = new AtomicLong();
    private final MetersOnFirstUse meters = new MetersOnFirstUse(registry -> List.of(
            FunctionCounter.builder("subsync.webhooks.intake_pause_seconds", pausedNanos,
                            nanos -> nanos.get() / (double) TimeUnit.SECONDS.toNanos(1))
                    .description("time push claimed nothing because the intake was behind: Stripe's webhooks "
                            + "answered slowly or settled events waiting")
                    .register(registry)));

    public void close() {
        meters.remove();
    }

    /** The average answer time over which push pauses; {@code 0}: push never pauses, for either reason. */
    public void setPauseWhenSlowerThan(String duration) {
        this.thresholdMillis = TimeUtils.toMilliSeconds(duration);
    }

    /** A Stripe webhook is answered after its event reached the inbox (stored now or before). */
    public synchronized void answered(Exchange exchange) {
        meters.registerOnce(exchange.getContext());
        long now = System.nanoTime();
        long sinceSpanStart = now - spanStart;
        if (sinceSpanStart >= SPAN_NANOS) {
            boolean spanJustEnded = sinceSpanStart < 2 * SPAN_NANOS;   // not one from before a quiet time
            if (spanJustEnded && thresholdMillis > 0 && spanMillis > thresholdMillis * spanAnswers) {
                pauseFrom(now);
            }
            spanStart = now;
            spanMillis = 0;
            spanAnswers = 0;
        }
        spanMillis += exchange.getClock().elapsed();
        spanAnswers++;
    }

    /**
     * A claim of settled inbox events came back full: more wait than one claim takes, so applying them
     * goes first. Off, as the other pause, with a threshold of {@code 0}.
     */
    public synchronized void settledEventsWaiting(Exchange exchange) {
        meters.registerOnce(exchange.getContext());
        if (thresholdMillis > 0) {
            pauseFrom(System.nanoTime());
        }
    }

    private void pauseFrom(long now) {
        long until = now + PAUSE_NANOS;
        pausedNanos.addAndGet(until - Math.max(now, behindUntil));
        behindUntil = until;
    }

    /** True while push should leave the machine to the intake. */
    public boolean behind() {
        return System.nanoTime() - behindUntil < 0;
    }
}
