package org.jwtgate.mphealth;

import jakarta.enterprise.context.ApplicationScoped;
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
 * check ({@code issuer https://idp.example.com → UP}); never a key, a secret, a token.
 */
@Readiness
@ApplicationScoped
public class JwtGateReadinessCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        HealthReport report = MetricsRegistry.health(null);
        HealthCheckResponseBuilder b = HealthCheckResponse.named("jwtgate").status(report.status() != Health.DOWN)
                .withData("jwtgate", report.status().name());
        for (HealthReport.Check c : report.checks()) {
            b.withData(c.kind() + " " + c.name(), c.status().name());
        }
        return b.build();
    }
}
