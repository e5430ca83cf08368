package dev.subsync.push;

import java.util.Set;
import java.util.concurrent.ThreadFactory;

import org.apache.camel.Consumer;
import org.apache.camel.spi.ExecutorServiceManager;

/**
 * Runs the consumers of the given endpoints (the push senders and recorders) on threads of the lowest
 * Java priority, so that when the cores are saturated, taking in Stripe's events and applying them go
 * first and push catches up with what is left (bench/README.md, runs SA-SF). The JVM turns the
 * priority into the OS's only with {@code -XX:ThreadPriorityPolicy=1 -XX:JavaPriority1_To_OSPriority=10}
 * (nice 10, which any user may set for its own threads); without them this changes nothing. Camel
 * finds it in the registry, as every {@link ExecutorServiceManager.ThreadFactoryListener} bean, when it
 * starts its thread pools.
 */
public class BackgroundThreads implements ExecutorServiceManager.ThreadFactoryListener {

    private Set<String> endpoints = Set.of();

    /** Comma-separated endpoint URIs without options, as {@code seda://app-webhook-sends}. */
    public void setEndpoints(String endpoints) {
        this.endpoints = Set.of(endpoints.split("\\s*,\\s*"));
    }

    @Override
    public ThreadFactory onNewThreadFactory(Object source, ThreadFactory factory) {
        if (source instanceof Consumer consumer && endpoints.contains(consumer.getEndpoint().getEndpointBaseUri())) {
            return task -> {
                Thread thread = factory.newThread(task);
                thread.setPriority(Thread.MIN_PRIORITY);
                return thread;
            };
        }
        return factory;
    }
}
