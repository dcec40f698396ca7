package org.jwtgate.crypto;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.util.List;
import org.jose4j.jca.ProviderContext;
import org.junit.jupiter.api.Test;

/**
 * An engine that verified through its pools and was closed leaves nothing in the JDK that keeps the class
 * loader of jwtgate's classes alive, as an undeployed web application's (TomcatUndeployLeakIT shows it on
 * Tomcat): core and jose4j are loaded by a class loader of their own, an engine verifies and is closed, and
 * that loader must be collected. The pool's key was a record, and on Java 17 a record's {@code hashCode}
 * left its component's class in a JDK static ({@code ObjectMethods}' {@code MethodHandle.asType} cache).
 */
class SignaturePoolUnloadTest {
    @Test
    void aClosedEngineLeavesItsClassLoaderCollectable() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        byte[] message = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(pair.getPrivate());
        s.update(message);
        byte[] signature = s.sign();

        WeakReference<ClassLoader> loader = verifyInALoaderOfItsOwn(pair.getPublic(), message, signature);
        for (int i = 0; i < 50 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertNull(loader.get(), "jwtgate's class loader is still reachable after the engine closed");
    }

    private static WeakReference<ClassLoader> verifyInALoaderOfItsOwn(PublicKey key, byte[] message, byte[] signature)
            throws Exception {
        URL[] classPath = {codeOf(SignatureEngine.class), codeOf(ProviderContext.class)};
        try (URLClassLoader isolated = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = isolated.loadClass(SignatureEngine.class.getName());
            assertTrue(type.getClassLoader() == isolated, "loaded apart from the test's own classes");
            AutoCloseable engine = (AutoCloseable) type.getMethod("jdk", List.class).invoke(null, List.of("RS256"));
            java.lang.reflect.Method verify = type.getMethod("verify", String.class, String.class, AlgorithmParameterSpec.class,
                    PublicKey.class, byte[].class, byte[].class);
            for (int i = 0; i < 3; i++) { // a new pool, then the same pool found again
                assertTrue((Boolean) verify.invoke(engine, "RS256", "SHA256withRSA", null, key, message, signature));
            }
            engine.close();
            return new WeakReference<>(isolated);
        }
    }

    private static URL codeOf(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
