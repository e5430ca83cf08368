package dev.subsync.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerComponent;

/**
 * The meters of one bean, registered when the bean is first used and removed when it closes. Camel's
 * YAML DSL builds the beans of beans.camel.yaml twice at startup and drops the first set: meters
 * registered when their bean is built stay bound to the dropped copy (a counter reads 0 for the life
 * of the instance), and meters a stopped instance leaves behind hide those of the next one in the JVM.
 */
public final class MetersOnFirstUse {

    private final Function<MeterRegistry, List<Meter>> registration;
    private MeterRegistry registry;
    private volatile List<Meter> meters = List.of();

    /** {@code registration} registers the bean's meters with the registry it is given and returns them. */
    public MetersOnFirstUse(Function<MeterRegistry, List<Meter>> registration) {
        this.registration = registration;
    }

    /**
     * The registry the routes' {@code micrometer:} endpoints count in, the one each runtime exports
     * (Spring Boot's, Camel Quarkus's); never the JVM's global one, which every app instance in the JVM
     * would share.
     */
    public static MeterRegistry registryOf(CamelContext context) {
        return context.getComponent("micrometer", MicrometerComponent.class).getMetricsRegistry();
    }

    /** Call it where the bean is used; after the first call it only reads a field. */
    public void registerOnce(CamelContext context) {
        if (meters.isEmpty()) {
            synchronized (this) {
                if (meters.isEmpty()) {
                    registry = registryOf(context);
                    meters = List.copyOf(registration.apply(registry));
                }
            }
        }
    }

    /** Call it when the bean closes, so an instance started later in the same JVM registers its own. */
    public synchronized void remove() {
        if (registry != null) {   // null in a bean never used, such as the copy Camel drops
            meters.forEach(registry::remove);
        }
        meters = List.of();
    }
}
