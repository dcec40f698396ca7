package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Principals never change once made, whoever holds the collections they were made from. */
class JwtPrincipalTest {

    private static Map<String, Object> claims() {
        Map<String, Object> realm = new LinkedHashMap<>();
        realm.put("roles", new ArrayList<>(List.of("admin", "staff")));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("sub", "alice");
        c.put("iss", "https://idp.example");
        c.put("realm_access", realm);
        c.put("aud", new ArrayList<>(Arrays.asList("api", null)));
        c.put("nothing", null);
        c.put("exp", 1_900_000_000L);
        return c;
    }

    @Test
    @SuppressWarnings("unchecked")
    void theConstructorCopiesDeeplyKeepingOrderAndNulls() {
        Map<String, Object> source = claims();
        Set<String> roles = new LinkedHashSet<>(List.of("staff", "admin"));
        JwtPrincipal p = new JwtPrincipal("alice", "https://idp.example", source, roles, Set.of(), "t");
        ((List<Object>) ((Map<String, Object>) source.get("realm_access")).get("roles")).add("root");
        source.put("sub", "mallory");
        roles.add("root");
        assertEquals("alice", p.stringClaim("sub").orElseThrow());
        assertEquals(List.of("admin", "staff"), ((Map<String, Object>) p.claims().get("realm_access")).get("roles"));
        assertEquals(List.of("staff", "admin"), List.copyOf(p.roles()));
        assertEquals(List.of("sub", "iss", "realm_access", "aud", "nothing", "exp"), List.copyOf(p.claims().keySet()));
        assertTrue(p.claims().containsKey("nothing"));
        assertNull(p.claims().get("nothing"));
        assertEquals(Arrays.asList("api", null), p.claims().get("aud"));
        assertEquals(claims(), p.claims());
        assertEquals(p.claims(), claims());
        assertEquals(claims().hashCode(), p.claims().hashCode());
        assertThrows(UnsupportedOperationException.class, () -> p.claims().put("x", 1));
        assertThrows(UnsupportedOperationException.class, () -> p.roles().add("root"));
        assertFalse(p.hasRole("root"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void adoptFreezesTheGivenCollectionsInPlace() {
        Map<String, Object> source = claims();
        JwtPrincipal p = JwtPrincipal.adopt("alice", "https://idp.example", source, new LinkedHashSet<>(List.of("admin")),
                new LinkedHashSet<>(), null);
        Map<String, Object> realm = (Map<String, Object>) p.claims().get("realm_access");
        assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) realm.get("roles")).add("root"));
        assertThrows(UnsupportedOperationException.class, () -> realm.put("x", 1));
        assertEquals(claims(), p.claims());
    }

    @Test
    void withTokenSharesEverythingButTheToken() {
        JwtPrincipal p = new JwtPrincipal("alice", "https://idp.example", claims(), Set.of("admin"), Set.of("read"), null);
        JwtPrincipal q = p.withToken("abc.def.ghi");
        assertEquals(p, q);
        assertSame(p.claims(), q.claims());
        assertTrue(p.token().isEmpty());
        assertEquals("abc.def.ghi", q.token().orElseThrow());
    }

    @Test
    @SuppressWarnings("unchecked")
    void adoptLazilyReadsRolesAndScopesOnceFromTheFrozenClaimsSharedByItsCopies() throws Exception {
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        JwtPrincipal p = JwtPrincipal.adoptLazily("alice", "https://idp.example", claims(), c -> {
            reads.incrementAndGet();
            assertThrows(UnsupportedOperationException.class, () -> c.put("x", 1)); // read from the frozen claims
            return new LinkedHashSet<>((List<String>) ((Map<String, Object>) c.get("realm_access")).get("roles"));
        }, c -> new LinkedHashSet<>(List.of("read")), null);
        assertEquals(0, reads.get());
        JwtPrincipal q = p.withToken("abc.def.ghi").withScheme(org.jwtgate.error.Scheme.DPOP);
        assertTrue(q.hasRole("admin"));
        assertTrue(p.hasRole("admin"));
        assertEquals(Set.of("read"), q.scopes());
        assertEquals(1, reads.get());
        assertThrows(UnsupportedOperationException.class, () -> p.roles().add("root"));

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(q);
        }
        JwtPrincipal back;
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            back = (JwtPrincipal) in.readObject();
        }
        assertEquals(q, back);
        assertEquals(q.roles(), back.roles());
        assertEquals(Set.of("read"), back.scopes());
        assertTrue(back.token().isEmpty());
        assertEquals(org.jwtgate.error.Scheme.DPOP, back.scheme());
    }
}
