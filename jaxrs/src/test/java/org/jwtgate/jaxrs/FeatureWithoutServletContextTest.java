package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.FeatureContext;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.tenant.TenantSource;
import org.junit.jupiter.api.Test;

/**
 * A JAX-RS runtime that offers no servlet context (the runtime is the collaborator, hence the mock):
 * paths are then relative to the application, so a {@code path:} tenant source written the servlet
 * way would match nothing and every tenant route would fall back to the configured issuers. Found by
 * review; the feature now refuses to start instead.
 */
class FeatureWithoutServletContextTest {

    @Test
    void aPathTenantSourceWithoutAServletContextStopsTheApplication() {
        GateConfig config = GateConfig.builder().audiences("api").issuer("https://idp.example.com/realms/main")
                .tenantIssuer("https://idp.example.com/t/{tenant}").tenantSource(TenantSource.parse("path:/api/t/{tenant}/*"))
                .build();
        FeatureContext context = mock(FeatureContext.class);
        when(context.getConfiguration()).thenReturn(mock(Configuration.class));
        ConfigException e = assertThrows(ConfigException.class, () -> new JwtGateFeature(config).configure(context));
        assertEquals(Parameters.TENANT_SOURCE, e.parameter());
        assertTrue(e.getMessage().contains("servlet context"), e.getMessage());
        verify(context, never()).register(any(Object.class));
    }

    @Test
    void aHeaderTenantSourceNeedsNoServletContext() {
        GateConfig config = GateConfig.builder().audiences("api").tenantIssuer("https://idp.example.com/t/{tenant}")
                .tenantSource(TenantSource.parse("header:X-Tenant")).build();
        FeatureContext context = mock(FeatureContext.class);
        when(context.getConfiguration()).thenReturn(mock(Configuration.class));
        assertTrue(new JwtGateFeature(config).configure(context));
    }
}
