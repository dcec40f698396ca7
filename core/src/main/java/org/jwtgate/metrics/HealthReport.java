package org.jwtgate.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jose4j.json.JsonUtil;
import org.jwtgate.internal.RecordMethods;

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
            return RecordMethods.hash(kind, owner, name, status, details);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
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
        return RecordMethods.hash(status, checks);
    }

    @Override
    public String toString() {
        return RecordMethods.toString(this);
    }
}
