package org.jwtgate.keys.jdbc;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.jwtgate.keys.KeyType;
import org.jwtgate.keys.RotationPolicy;
import org.jwtgate.tenant.TenantId;

/**
 * A node in its own JVM that starts an explicit rotation and stops inside its transaction, after
 * the new key row is written and before the commit, announcing {@code HOLDING} on stdout; the test
 * then kills it (kill -9). Arguments: JDBC URL, user, password, table prefix, base64 KEK, tenant.
 */
public final class RotatingNode {
    private RotatingNode() {
    }

    public static void main(String[] args) throws Exception {
        KeyEncryption kek = KeyEncryption.of(Map.of("k1", Base64.getDecoder().decode(args[4])));
        JdbcKeyStore store = JdbcKeyStore.builder(DataSources.url(args[0], Optional.of(args[1]), Optional.of(args[2])))
                .keyEncryption(kek).keyType(KeyType.EC_P256).tablePrefix(args[3])
                .rotation(new RotationPolicy(Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1)))
                .beforeCommit(t -> {
                    System.out.println("HOLDING");
                    System.out.flush();
                    try {
                        Thread.sleep(60_000); // bounded: the test kills this process long before
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    System.exit(3); // never commit, even if nobody kills this process
                })
                .open();
        store.rotate(TenantId.of(args[5]));
        System.out.println("COMMITTED");
    }
}
