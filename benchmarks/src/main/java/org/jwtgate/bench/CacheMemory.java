package org.jwtgate.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.jwtgate.validation.TokenCacheStats;

/**
 * Heap held by a full token cache: 10,000 distinct tokens shaped like the benchmark token (only
 * {@code sub} and {@code jti} differ), each validated once, measured as the difference of used heap
 * after full GCs, against the cache's own estimate. Args: output.md [entries].
 */
public final class CacheMemory {
    private CacheMemory() {
    }

    public static void main(String[] args) throws IOException {
        int entries = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        PublicJsonWebKey key = TestKeys.ed25519(); // signing 10,000 RSA tokens would take a while; the cache keeps no token text
        try (LocalIssuer issuer = LocalIssuer.start(key)) {
            List<String> tokens = new ArrayList<>(entries);
            for (int i = 0; i < entries; i++) {
                tokens.add(TokenMinter.signedWith(key).issuer(Fixture.ISSUER).audience(Fixture.AUDIENCE)
                        .subject(UUID.randomUUID().toString()).expiresIn(Duration.ofHours(12)).type("at+jwt")
                        .scope("orders:read orders:write profile").groups("staff", "orders-manager")
                        .claim("client_id", "bench-client").claim("jti", UUID.randomUUID().toString()).sign());
            }
            GateConfig config = GateConfig.builder().issuer(Fixture.ISSUER, issuer.jwksUri()).audiences(Fixture.AUDIENCE)
                    .tokenCacheSize(entries).tokenCacheMemory(1024 * 1024 * 1024).jwksDefaultTtl(Duration.ofHours(24))
                    .jwksMinTtl(Duration.ofHours(24)).build();
            try (JwtGate warm = JwtGate.createWithoutBackgroundRefresh(config)) {
                for (String t : tokens.subList(0, Math.min(200, entries))) {
                    warm.validate(t); // loads and initialises every class on the way
                }
            }
            try (JwtGate gate = JwtGate.createWithoutBackgroundRefresh(config)) {
                gate.validate(tokens.get(0));
                long before = usedAfterGc();
                for (String t : tokens) {
                    if (!(gate.validate(t) instanceof Outcome.Authenticated)) {
                        throw new IllegalStateException("a benchmark token was refused");
                    }
                }
                long after = usedAfterGc();
                TokenCacheStats stats = gate.tokenCacheStats();
                double perEntry = (double) (after - before) / (stats.size() - 1);
                String row = String.format("| %,d | %,.1f MB | %,.0f B | %,.1f MB | %s |%n", stats.size(),
                        perEntry * stats.size() / 1e6, perEntry, stats.estimatedBytes() / 1e6, jvm());
                String md = "| entries | measured heap | per entry | cache's estimate | JVM |\n|---:|---:|---:|---:|---|\n" + row;
                Files.writeString(Path.of(args[0]), md);
                System.out.print(md);
            }
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    private static String jvm() {
        return System.getProperty("java.vm.name") + " " + System.getProperty("java.version") + ", "
                + ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("-X"))
                        .findFirst().orElse("default heap");
    }
}
