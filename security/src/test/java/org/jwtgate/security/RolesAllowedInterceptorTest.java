package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateful;
import jakarta.ejb.Stateless;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.security.AccessDeniedException.Kind;
import org.junit.jupiter.api.Test;

/**
 * The CDI role check without a container: which rule a method gets (method-level replaces class-level, as
 * Jakarta Annotations 2.1 §3 and EJB 4.0 §13.3.2 say), and the interceptor's decision from a
 * {@link SecurityContext}, with the bean method really called when allowed and never when refused.
 */
class RolesAllowedInterceptorTest {

    @RolesAllowed("admin")
    static class AdminClass {
        int calls;

        public String inherited() {
            calls++;
            return "inherited";
        }

        @RolesAllowed({"user", "auditor"})
        public String users() {
            calls++;
            return "users";
        }

        @PermitAll
        public String open() {
            calls++;
            return "open";
        }

        @DenyAll
        public String closed() {
            calls++;
            return "closed";
        }
    }

    @DenyAll
    static class ClosedClass {
        public void any() {
        }

        @RolesAllowed("user")
        public void users() {
        }
    }

    @PermitAll
    static class OpenClass {
        public void any() {
        }

        @RolesAllowed({})
        public void nobody() {
        }

        @RolesAllowed("**")
        public String anyCaller() {
            return "any";
        }
    }

    static class PlainClass {
        public String plain() {
            return "plain";
        }

        @RolesAllowed("admin")
        public void admin() {
        }
    }

    /** Not annotated itself: the class-level rule of AdminClass holds for the methods AdminClass declares only. */
    static class SubClass extends AdminClass {
        public String own() {
            return "own";
        }
    }

    @Stateless
    @RolesAllowed("admin")
    static class StatelessBean {
    }

    @Stateful
    static class StatefulBean {
    }

    @jakarta.ejb.Singleton
    static class EjbSingleton {
    }

    @jakarta.inject.Singleton
    @RolesAllowed("admin")
    static class CdiSingleton {
    }

    @ApplicationScoped
    static class Scoped {
    }

    private static Method method(Class<?> type, String name) throws NoSuchMethodException {
        return type.getMethod(name);
    }

    private static AccessRule roles(String... roles) {
        return AccessRule.requires(List.of(roles), List.of());
    }

    @Test
    void methodLevelAnnotationsReplaceTheDeclaringClasses() throws Exception {
        assertEquals(roles("admin"), RoleRules.of(method(AdminClass.class, "inherited")));
        assertEquals(roles("user", "auditor"), RoleRules.of(method(AdminClass.class, "users")));
        assertEquals(AccessRule.PERMIT_ALL, RoleRules.of(method(AdminClass.class, "open")));
        assertEquals(AccessRule.DENY_ALL, RoleRules.of(method(AdminClass.class, "closed")));
        assertEquals(AccessRule.DENY_ALL, RoleRules.of(method(ClosedClass.class, "any")));
        assertEquals(roles("user"), RoleRules.of(method(ClosedClass.class, "users")));
        assertEquals(AccessRule.PERMIT_ALL, RoleRules.of(method(OpenClass.class, "any")));
        assertEquals(AccessRule.DENY_ALL, RoleRules.of(method(OpenClass.class, "nobody")), "@RolesAllowed({}) allows no one");
        assertEquals(AccessRule.PATH_POLICY, RoleRules.of(method(PlainClass.class, "plain")));
        assertEquals(roles("admin"), RoleRules.of(method(PlainClass.class, "admin")));
        assertEquals(AccessRule.PATH_POLICY, RoleRules.of(method(SubClass.class, "own")));
        assertEquals(roles("admin"), RoleRules.of(method(SubClass.class, "inherited")));
    }

    @Test
    void sessionBeansAreToldByTheirEjbAnnotationsName() {
        assertTrue(RoleRules.isSessionBean(StatelessBean.class));
        assertTrue(RoleRules.isSessionBean(StatefulBean.class));
        assertTrue(RoleRules.isSessionBean(EjbSingleton.class));
        assertFalse(RoleRules.isSessionBean(CdiSingleton.class), "jakarta.inject.Singleton is a CDI bean");
        assertFalse(RoleRules.isSessionBean(Scoped.class));
        assertFalse(RoleRules.isSessionBean(AdminClass.class));
        assertTrue(RoleRules.declaresRoles(CdiSingleton.class));
        assertFalse(RoleRules.declaresRoles(Scoped.class));
    }

    @Test
    void callerWithOneOfTheRolesCallsTheMethod() throws Exception {
        AdminClass bean = new AdminClass();
        assertEquals("users", call(caller("alice", "auditor"), bean, "users"));
        assertEquals("inherited", call(caller("alice", "admin"), bean, "inherited"));
        assertEquals(2, bean.calls);
    }

    @Test
    void callerWithoutTheRoleIsForbiddenAndTheMethodDoesNotRun() throws Exception {
        AdminClass bean = new AdminClass();
        assertRefused(Kind.FORBIDDEN, caller("alice", "user"), bean, "inherited");
        assertRefused(Kind.FORBIDDEN, caller("alice", "admin"), bean, "users");
        assertRefused(Kind.FORBIDDEN, caller("alice"), bean, "users");
        assertEquals(0, bean.calls);
    }

    @Test
    void noCallerIsUnauthenticatedWhereACallerIsNeeded() throws Exception {
        AdminClass bean = new AdminClass();
        assertRefused(Kind.UNAUTHENTICATED, anonymous(), bean, "inherited");
        assertRefused(Kind.UNAUTHENTICATED, anonymous(), bean, "users");
        assertRefused(Kind.UNAUTHENTICATED, anonymous(), bean, "closed");
        assertRefused(Kind.UNAUTHENTICATED, anonymous(), new OpenClass(), "anyCaller");
        assertEquals(0, bean.calls);
    }

    @Test
    void denyAllRefusesEveryCaller() throws Exception {
        AdminClass bean = new AdminClass();
        assertRefused(Kind.FORBIDDEN, caller("alice", "admin", "user", "auditor"), bean, "closed");
        assertRefused(Kind.FORBIDDEN, caller("alice", "user"), new OpenClass(), "nobody");
        assertEquals(0, bean.calls);
    }

    @Test
    void permitAllAndUnannotatedMethodsRunForAnyoneWithoutAskingWhoCalls() throws Exception {
        AdminClass bean = new AdminClass();
        assertEquals("open", call(unasked(), bean, "open"));
        assertEquals("plain", call(unasked(), new PlainClass(), "plain"));
        assertEquals("own", call(unasked(), new SubClass(), "own"));
        assertEquals(1, bean.calls);
    }

    @Test
    void anyAuthenticatedRoleIsAnyCaller() throws Exception {
        assertEquals("any", call(caller("alice"), new OpenClass(), "anyCaller"));
    }

    @Test
    void theRefusalNamesNoRoleOrCaller() {
        for (Kind kind : Kind.values()) {
            AccessDeniedException e = new AccessDeniedException(kind);
            assertEquals(kind, e.kind());
            assertFalse(e.getMessage().contains("admin") || e.getMessage().contains("alice"), e.getMessage());
            assertEquals(0, e.getStackTrace().length, "no stack trace to log");
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private static Object call(SecurityContext security, Object bean, String name) throws Exception {
        return new RolesAllowedInterceptor(security).check(new Call(bean, method(bean.getClass(), name)));
    }

    private static void assertRefused(Kind kind, SecurityContext security, Object bean, String name) {
        AccessDeniedException e = assertThrows(AccessDeniedException.class, () -> call(security, bean, name), name);
        assertEquals(kind, e.kind(), name);
    }

    private static SecurityContext caller(String name, String... roles) {
        return new Security(() -> name, Set.of(roles), true);
    }

    private static SecurityContext anonymous() {
        return new Security(null, Set.of(), true);
    }

    /** A SecurityContext that fails the test when asked: a PermitAll or unannotated method asks nobody. */
    private static SecurityContext unasked() {
        return new Security(null, Set.of(), false);
    }

    /** What the interceptor reads of Jakarta Security: the caller and its roles. */
    private record Security(Principal caller, Set<String> roles, boolean mayBeAsked) implements SecurityContext {
        @Override
        public Principal getCallerPrincipal() {
            assertTrue(mayBeAsked, "the caller was asked for");
            return caller;
        }

        @Override
        public <T extends Principal> Set<T> getPrincipalsByType(Class<T> type) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isCallerInRole(String role) {
            assertTrue(mayBeAsked && caller != null, "a role was asked for");
            return roles.contains(role);
        }

        @Override
        public boolean hasAccessToWebResource(String resource, String... methods) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AuthenticationStatus authenticate(HttpServletRequest request, HttpServletResponse response,
                AuthenticationParameters parameters) {
            throw new UnsupportedOperationException();
        }
    }

    /** The intercepted call: proceeding invokes the bean's method. */
    private record Call(Object target, Method method) implements InvocationContext {
        @Override
        public Object getTarget() {
            return target;
        }

        @Override
        public Object getTimer() {
            return null;
        }

        @Override
        public Method getMethod() {
            return method;
        }

        @Override
        public Constructor<?> getConstructor() {
            return null;
        }

        @Override
        public Object[] getParameters() {
            return new Object[0];
        }

        @Override
        public void setParameters(Object[] parameters) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, Object> getContextData() {
            return Map.of();
        }

        @Override
        public Object proceed() throws Exception {
            method.setAccessible(true);
            return method.invoke(target);
        }
    }
}
