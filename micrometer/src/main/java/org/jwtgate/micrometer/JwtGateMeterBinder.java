package org.jwtgate.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jwtgate.metrics.MetricsRegistry;
import org.jwtgate.metrics.Source;

/**
 * Binds jwtgate's metrics (docs/operations.md "Observability") to a Micrometer registry: every engine and key
 * publisher of this application, those registered later included, and removes their meters when they
 * stop. Names and tags are jwtgate's: {@code jwtgate.decisions{app,engine,issuer,outcome,reason}},
 * {@code jwtgate.validation{app,engine,issuer,cache}}, {@code jwtgate.jwks.fetches{app,engine,issuer,result}},
 * {@code jwtgate.publisher.keys{app,publisher,tenant,state}}… (every meter of one name has the same tag keys)
 * Tag values come from configuration (context path, filter name, configured issuers and tenants) or from
 * closed sets, never from a token, so the number of series is bounded. Counters are
 * {@link FunctionCounter}s, gauges {@link Gauge}s and latencies {@link FunctionTimer}s (count and total)
 * read from jwtgate's own counters when the registry is scraped: nothing is recorded twice.
 *
 * <pre>{@code
 * new JwtGateMeterBinder().bindTo(registry);
 * }</pre>
 *
 * {@link #close()} stops following new engines and removes the meters this binder added.
 */
public final class JwtGateMeterBinder implements MeterBinder, AutoCloseable {
    private final List<Binding> bindings = new CopyOnWriteArrayList<>();

    private static final class Binding implements MetricsRegistry.Listener {
        private final MeterRegistry registry;
        private final Map<Source, List<Meter>> bound = new ConcurrentHashMap<>();

        Binding(MeterRegistry registry) {
            this.registry = registry;
        }

        @Override
        public void added(Source source) {
            List<Meter> meters = new ArrayList<>();
            for (org.jwtgate.metrics.Meter m : source.meters()) {
                meters.add(bind(m));
            }
            bound.put(source, meters);
        }

        @Override
        public void removed(Source source) {
            List<Meter> meters = bound.remove(source);
            if (meters != null) {
                meters.forEach(registry::remove);
            }
        }

        void removeAll() {
            bound.keySet().forEach(this::removed);
        }

        private Meter bind(org.jwtgate.metrics.Meter m) {
            Tags tags = tags(m.tags());
            if (m instanceof org.jwtgate.metrics.Meter.Counter c) {
                return FunctionCounter.builder(c.name(), c, x -> x.value().getAsLong()).description(c.description()).tags(tags)
                        .register(registry);
            }
            if (m instanceof org.jwtgate.metrics.Meter.Gauge g) {
                return Gauge.builder(g.name(), g, x -> x.value().getAsDouble()).description(g.description()).baseUnit(g.unit())
                        .tags(tags).strongReference(true).register(registry);
            }
            org.jwtgate.metrics.Meter.Timer t = (org.jwtgate.metrics.Meter.Timer) m;
            return FunctionTimer.builder(t.name(), t, x -> x.histogram().count(), x -> x.histogram().totalSeconds(),
                    TimeUnit.SECONDS).description(t.description()).tags(tags).register(registry);
        }

        private static Tags tags(Map<String, String> tags) {
            List<Tag> list = new ArrayList<>();
            tags.forEach((k, v) -> list.add(Tag.of(k, v)));
            return Tags.of(list);
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Binding binding = new Binding(registry);
        bindings.add(binding);
        MetricsRegistry.addListener(binding);
    }

    @Override
    public void close() {
        for (Binding b : bindings) {
            MetricsRegistry.removeListener(b);
            b.removeAll();
        }
        bindings.clear();
    }
}
