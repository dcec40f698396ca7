package org.jwtgate.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jose4j.json.JsonUtil;

/**
 * The health of the key sets and publishers of an application: each check, and the worst of them.
 * No URL other than a configured issuer, no key material, no token, no exception text.
 *
 * @param status the worst status of the checks ({@link Health#UP} when there are none)
 * @param checks one per issuer of each engine, one per tenant issuer held, one per publisher
 */
public record HealthReport(Health status, List<Check> checks) {
    public HealthReport {
        Objects.requireNonNull(status, "status");
        checks = List.copyOf(checks);
    }

    /** A report over these checks. */
    public static HealthReport of(List<Check> checks) {
        Health worst = Health.UP;
        for (Check c : checks) {
            worst = worst.and(c.status());
        }
        return new HealthReport(worst, checks);
    }

    /**
     * One check.
     *
     * @param kind {@code issuer}, {@code tenant-issuer} or {@code publisher}
     * @param owner the engine or publisher (its filter or servlet name) with its context path, e.g. {@code /app jwtgate}
     * @param name the issuer, or the publisher's name
     * @param status its status
     * @param details figures (counts, seconds, flags)
     */
    public record Check(String kind, String owner, String name, Health status, Map<String, Object> details) {
        public Check {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(status, "status");
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Check that
                    && Objects.equals(kind, that.kind)
                    && Objects.equals(owner, that.owner)
                    && Objects.equals(name, that.name)
                    && Objects.equals(status, that.status)
                    && Objects.equals(details, that.details);
        }

        @Override
        public int hashCode() {
            int h = Objects.hashCode(kind);
            h = 31 * h + Objects.hashCode(owner);
            h = 31 * h + Objects.hashCode(name);
            h = 31 * h + Objects.hashCode(status);
            h = 31 * h + Objects.hashCode(details);
            return h;
        }

        @Override
        public String toString() {
            return "Check[kind=" + Objects.toString(kind)
                    + ", owner=" + Objects.toString(owner)
                    + ", name=" + Objects.toString(name)
                    + ", status=" + Objects.toString(status)
                    + ", details=" + Objects.toString(details) + "]";
        }
    }

    /** As JSON: {@code {"status":"UP","checks":[{"kind":…,"owner":…,"name":…,"status":…,"details":{…}}]}}. */
    public String toJson() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", status.name());
        List<Object> list = new ArrayList<>();
        for (Check c : checks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", c.kind());
            m.put("owner", c.owner());
            m.put("name", c.name());
            m.put("status", c.status().name());
            m.put("details", c.details());
            list.add(m);
        }
        doc.put("checks", list);
        return JsonUtil.toJson(doc);
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof HealthReport that
                && Objects.equals(status, that.status)
                && Objects.equals(checks, that.checks);
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(status);
        h = 31 * h + Objects.hashCode(checks);
        return h;
    }

    @Override
    public String toString() {
        return "HealthReport[status=" + Objects.toString(status) + ", checks=" + Objects.toString(checks) + "]";
    }
}
