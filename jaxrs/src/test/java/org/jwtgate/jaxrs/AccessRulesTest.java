package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.util.List;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.stepup.StepUp;
import org.junit.jupiter.api.Test;

/** How annotations on resource classes and methods become access rules. */
class AccessRulesTest {
    static class Plain {
        public void none() { }

        @PermitAll
        public void permit() { }

        @RolesAllowed({"a", "b"})
        @PermitAll
        public void rolesWinOverPermitAll() { }

        @RolesAllowed({})
        public void emptyRoles() { }

        @RequiresScopes({"x:read  x:write", "y"})
        public void scopes() { }

        @DenyAll
        @RequiresScopes("x")
        public void deny() { }
    }

    @RolesAllowed("admin")
    @RequiresScopes("c")
    static class Annotated {
        public void inherit() { }

        @PermitAll
        public void permit() { }

        @RolesAllowed("staff")
        public void staff() { }

        @RequiresScopes("m")
        public void methodScopes() { }
    }

    @RequiresAuthentication(acr = "urn:a urn:b", maxAge = "PT5M")
    static class StepUpClass {
        public void inherit() { }

        @RequiresAuthentication(maxAge = "30")
        public void ageOnly() { }

        @RolesAllowed("admin")
        public void admin() { }

        @DenyAll
        public void deny() { }

        @RequiresAuthentication(maxAge = "five minutes")
        public void badAge() { }

        @RequiresAuthentication(maxAge = "PT0.5S")
        public void fractionalAge() { }

        @RequiresAuthentication(acr = "a\"b")
        public void badAcr() { }
    }

    @RequiresScopes("a\"b")
    static class BadScope {
        public void get() { }
    }

    private static AccessRule rule(Class<?> type, String method) throws NoSuchMethodException {
        return AccessRules.of(type, type.getMethod(method));
    }

    @Test
    void noAnnotationFollowsThePathPolicy() throws Exception {
        assertEquals(AccessRule.PATH_POLICY, rule(Plain.class, "none"));
    }

    @Test
    void methodLevelAnnotations() throws Exception {
        assertEquals(AccessRule.PERMIT_ALL, rule(Plain.class, "permit"));
        assertEquals(AccessRule.requires(List.of("a", "b"), List.of()), rule(Plain.class, "rolesWinOverPermitAll"));
        assertEquals(AccessRule.DENY_ALL, rule(Plain.class, "emptyRoles"));
        assertEquals(AccessRule.requires(List.of(), List.of("x:read", "x:write", "y")), rule(Plain.class, "scopes"));
        assertEquals(AccessRule.DENY_ALL, rule(Plain.class, "deny"));
    }

    @Test
    void methodAnnotationsReplaceClassAnnotationsOfTheSameKind() throws Exception {
        assertEquals(AccessRule.requires(List.of("admin"), List.of("c")), rule(Annotated.class, "inherit"));
        assertEquals(AccessRule.requires(List.of(), List.of("c")), rule(Annotated.class, "permit"));
        assertEquals(AccessRule.requires(List.of("staff"), List.of("c")), rule(Annotated.class, "staff"));
        assertEquals(AccessRule.requires(List.of("admin"), List.of("m")), rule(Annotated.class, "methodScopes"));
    }

    @Test
    void requiresAuthenticationNeedsACallerAndCarriesTheStepUpAMethodsReplacingTheClasss() throws Exception {
        AccessRule any = AccessRule.requires(List.of(), List.of());
        assertEquals(any.withStepUp(StepUp.of(List.of("urn:a", "urn:b"), Duration.ofMinutes(5))), rule(StepUpClass.class, "inherit"));
        assertEquals(any.withStepUp(StepUp.of(List.of(), Duration.ofSeconds(30))), rule(StepUpClass.class, "ageOnly"));
        assertEquals(AccessRule.requires(List.of("admin"), List.of()).withStepUp(StepUp.of(List.of("urn:a", "urn:b"),
                Duration.ofMinutes(5))), rule(StepUpClass.class, "admin"));
        assertEquals(AccessRule.DENY_ALL, rule(StepUpClass.class, "deny"));
    }

    @Test
    void badStepUpValuesFailNamingTheMethod() {
        for (String method : List.of("badAge", "fractionalAge", "badAcr")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rule(StepUpClass.class, method));
            assertTrue(e.getMessage().contains("StepUpClass." + method), e.getMessage());
        }
    }

    @Test
    void scopeOutsideTheRfc6750CharsetIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> rule(BadScope.class, "get"));
    }
}
