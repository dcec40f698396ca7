package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The types whose equals/hashCode run on hot paths (the managed store's file stamp on every key
 * look-up, the token cache's key on every request, the Signature pools' key on every uncached verification, the validation policy a second engine compares)
 * never go through {@code java.lang.runtime.ObjectMethods}: a record's generated equals, hashCode and
 * toString are linked by that JDK bootstrap, and a heap dump of an undeployed WAR showed its class loader
 * pinned through it ({@code ObjectMethods -> ManagedDirectoryStore$Stamp}). Checked on the class files.
 */
class RecordEqualsOffHotPathsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "org.jwtgate.keys.ManagedDirectoryStore$Stamp",
            "org.jwtgate.validation.TokenCache$Digest",
            "org.jwtgate.crypto.SignatureEngine$PoolKey",
            "org.jwtgate.config.ValidationPolicy",
            "org.jwtgate.config.IssuerConfig",
            "org.jwtgate.tenant.TenantSource$Path",
            "org.jwtgate.tenant.TenantSource$Host",
            "org.jwtgate.tenant.TenantSource$Header"})
    void hotPathTypesDoNotUseTheRecordBootstrap(String className) throws Exception {
        assertFalse(classFile(className).contains("java/lang/runtime/ObjectMethods"),
                className + " links equals/hashCode/toString through ObjectMethods");
    }

    @ParameterizedTest
    @ValueSource(strings = {"org.jwtgate.keys.ManagedDirectoryStore$Stamp", "org.jwtgate.validation.TokenCache$Digest",
            "org.jwtgate.crypto.SignatureEngine$PoolKey"})
    void mapKeysAndStampsAreFinalClassesNotRecords(String className) throws Exception {
        assertFalse(Class.forName(className).isRecord(), className + " is a record");
    }

    private static String classFile(String className) throws IOException {
        String resource = "/" + className.replace('.', '/') + ".class";
        try (InputStream in = RecordEqualsOffHotPathsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
