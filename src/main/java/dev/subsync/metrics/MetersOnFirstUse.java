package dev.subsync.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Function;

/**
 * The meters of one bean, registered when the bean is first used and removed when it closes. Camel's
 * YAML DSL builds the beans of beans.camel.yaml twice at startup and drops the first set: meters
 * registered when their bean is built stay bound to the dropped copy (a counter reads 0 for the life
 * of the instance), and meters a stopped instance leaves behind hide those of the next one in the JVM.
 */
public final class MetersOnFirstUse {

    private final MeterRegistry registry;
    private final Function<MeterRegistry, List<Meter>> registration;
    private volatile List<Meter> meters = List.of();

    /** {@code registration} registers the bean's meters with the registry it is given and returns them. */
    public MetersOnFirstUse(MeterRegistry registry, Function<MeterRegistry, List<Meter>> registration) {
        this.registry = registry;
        this.registration = registration;
    }

    /** Call it where the bean is used; after the first call it only reads a field. */
    public void registerOnce() {
        if (meters.isEmpty()) {
            synchronized (this) {
                if (meters.isEmpty()) {
                    meters = List.copyOf(registration.apply(registry));
                }
            }
        }
    }

    /** Call it when the bean closes, so an instance started later in the same JVM registers its own. */
    public synchronized void remove() {
        meters.forEach(registry::remove);
        meters = List.of();
    }
}
