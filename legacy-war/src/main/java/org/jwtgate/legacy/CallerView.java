package org.jwtgate.legacy;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/** The caller as Jakarta Security's {@link SecurityContext} sees it. */
@RequestScoped
public class CallerView {
    @Inject
    SecurityContext security;

    public Map<String, Object> describe() {
        Principal caller = security.getCallerPrincipal();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("caller", caller == null ? null : caller.getName());
        out.put("user", security.isCallerInRole("user"));
        out.put("admin", security.isCallerInRole("admin"));
        return out;
    }
}
