package org.jwtgate.metrics;

import java.lang.System.Logger.Level;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Exposes registered sources as read-only MBeans on the platform MBean server:
 * <ul>
 * <li>{@code org.jwtgate:type=Engine,app="/ctx",name="jwtgate"}: decisions, validation times, token cache;</li>
 * <li>{@code org.jwtgate:type=KeySet,app="/ctx",engine="jwtgate",name="https://issuer"}: one per configured issuer
 * and per tenant issuer held: its key set, and the decisions and validation times of its tokens;</li>
 * <li>{@code org.jwtgate:type=Publisher,app="/ctx",name="jwks"}: a key publisher.</li>
 * </ul>
 * Values are quoted ({@link ObjectName#quote}); the application's context path is part of the name, so two
 * applications with the same filter name do not clash; should a name still be taken, {@code instance=2, 3…}
 * is added, and a failure to register is logged, never fatal. Attributes are read when asked.
 */
final class Jmx {
    private static final System.Logger LOG = System.getLogger(Jmx.class.getName());
    static final String DOMAIN = "org.jwtgate";
    private static final Set<String> IDENTITY = Set.of("app", "engine", "publisher", "issuer");

    private Jmx() {
    }

    static List<Object> register(Source source) {
        List<Object> registered = new ArrayList<>();
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            Map<String, List<Meter>> groups = new LinkedHashMap<>();
            for (Meter m : source.jmxMeters()) {
                groups.computeIfAbsent(m.tags().getOrDefault("issuer", ""), k -> new ArrayList<>()).add(m);
            }
            for (Map.Entry<String, List<Meter>> g : groups.entrySet()) {
                String base;
                Supplier<Object> status;
                if (!g.getKey().isEmpty()) {
                    base = "type=KeySet,app=" + ObjectName.quote(source.app()) + ",engine=" + ObjectName.quote(source.name())
                            + ",name=" + ObjectName.quote(g.getKey());
                    status = () -> source.health().get().stream().filter(c -> c.name().equals(g.getKey()))
                            .map(c -> c.status().name()).findFirst().orElse(Health.UP.name());
                } else {
                    base = "type=" + (source.kind() == Source.Kind.ENGINE ? "Engine" : "Publisher") + ",app="
                            + ObjectName.quote(source.app()) + ",name=" + ObjectName.quote(source.name());
                    status = () -> HealthReport.of(source.health().get()).status().name();
                }
                ObjectName name = registerFree(server, base, new MeterMBean(g.getValue(), status));
                if (name != null) {
                    registered.add(name);
                }
            }
        } catch (JMException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "jwtgate: the metrics of ''{0}'' are not exposed over JMX ({1})", source.name(),
                    e.getClass().getSimpleName());
        }
        return registered;
    }

    private static ObjectName registerFree(MBeanServer server, String base, DynamicMBean bean) throws JMException {
        for (int instance = 1; instance < 100; instance++) {
            ObjectName name = new ObjectName(DOMAIN + ":" + base + (instance == 1 ? "" : ",instance=" + instance));
            try {
                server.registerMBean(bean, name);
                return name;
            } catch (InstanceAlreadyExistsException taken) {
                // another application with the same context path and name (another host, or a leak): next instance
            }
        }
        LOG.log(Level.WARNING, "jwtgate: no free JMX name for {0}:{1}", DOMAIN, base);
        return null;
    }

    static void unregister(List<Object> names) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        for (Object n : names) {
            try {
                server.unregisterMBean((ObjectName) n);
            } catch (JMException | RuntimeException e) {
                LOG.log(Level.DEBUG, "jwtgate: MBean {0} was already unregistered", n);
            }
        }
    }

    /** A JMX attribute name for a meter: its name without {@code jwtgate.}, then its non-identity tag values. */
    static String attribute(Meter m) {
        StringBuilder b = new StringBuilder(m.name().substring("jwtgate.".length()));
        m.tags().forEach((k, v) -> {
            if (!IDENTITY.contains(k)) {
                b.append('.').append(v);
            }
        });
        return b.toString();
    }

    /** Read-only attributes over meters; timers as {@code .count}, {@code .sumSeconds}, {@code .p50Seconds}, {@code .p99Seconds}. */
    static final class MeterMBean implements DynamicMBean {
        private final Map<String, Supplier<Object>> values = new LinkedHashMap<>();
        private final Map<String, MBeanAttributeInfo> infos = new LinkedHashMap<>();

        MeterMBean(List<Meter> meters, Supplier<Object> status) {
            add("status", String.class, "UP, DEGRADED or DOWN", status);
            for (Meter m : meters) {
                String a = attribute(m);
                if (m instanceof Meter.Counter c) {
                    add(a, Long.class, c.description(), () -> c.value().getAsLong());
                } else if (m instanceof Meter.Gauge g) {
                    add(a, Double.class, g.description() + (g.unit() == null ? "" : " (" + g.unit() + ")"),
                            () -> g.value().getAsDouble());
                } else if (m instanceof Meter.Timer t) {
                    add(a + ".count", Long.class, t.description() + ": count", () -> t.histogram().count());
                    add(a + ".sumSeconds", Double.class, t.description() + ": total (seconds)", () -> t.histogram().totalSeconds());
                    add(a + ".p50Seconds", Double.class, t.description() + ": upper bound of the median's bucket (seconds)",
                            () -> t.histogram().snapshot().quantileUpperBound(0.5));
                    add(a + ".p99Seconds", Double.class, t.description() + ": upper bound of the 99th percentile's bucket (seconds)",
                            () -> t.histogram().snapshot().quantileUpperBound(0.99));
                }
            }
        }

        private void add(String name, Class<?> type, String description, Supplier<Object> value) {
            values.put(name, value);
            infos.put(name, new MBeanAttributeInfo(name, type.getName(), description, true, false, false));
        }

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            Supplier<Object> v = values.get(attribute);
            if (v == null) {
                throw new AttributeNotFoundException("no attribute " + attribute);
            }
            return v.get();
        }

        @Override
        public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
            throw new AttributeNotFoundException("read-only");
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            AttributeList list = new AttributeList();
            for (String a : attributes) {
                Supplier<Object> v = values.get(a);
                if (v != null) {
                    list.add(new Attribute(a, v.get()));
                }
            }
            return list;
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException("no operations");
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            return new MBeanInfo(MeterMBean.class.getName(), "jwtgate metrics", infos.values().toArray(MBeanAttributeInfo[]::new),
                    null, null, null);
        }
    }
}
