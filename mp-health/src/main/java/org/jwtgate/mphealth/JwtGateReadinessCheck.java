package org.jwtgate.mphealth;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jwtgate.metrics.Health;
import org.jwtgate.metrics.HealthReport;
import org.jwtgate.metrics.MetricsRegistry;

/**
 * jwtgate's health as a MicroProfile Health readiness check (Payara's {@code /health/ready}): a jar in
 * {@code WEB-INF/lib} next to the filter, found by CDI, nothing to configure. The check {@code jwtgate}
 * is UP while every issuer's keys and every key store serve ({@code DEGRADED}, stale keys, counts as UP
 * and says so in its data), DOWN when one is {@code DOWN}. Its data: the overall state and one entry per
 * issuer or publisher ({@code issuer https://idp.example.com → UP}), the worst state any engine of the
 * application reports for it (the filter's and the JAX-RS feature's engines may both trust one issuer);
 * never a key, a secret, a token.
 */
@Readiness
@ApplicationScoped
public class JwtGateReadinessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        HealthReport report = MetricsRegistry.health(null);
        HealthCheckResponseBuilder b = HealthCheckResponse.named("jwtgate").status(report.status() != Health.DOWN)
                .withData("jwtgate", report.status().name());
        Map<String, Health> worst = new LinkedHashMap<>();
        for (HealthReport.Check c : report.checks()) {
            worst.merge(c.kind() + " " + c.name(), c.status(), Health::and);
        }
        worst.forEach((check, status) -> b.withData(check, status.name()));
        return b.build();
    }
}
