package org.jwtgate.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jwtgate.JwtGate;
import org.jwtgate.LogCapture;
import org.jwtgate.Outcome;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.KeyType;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;

/**
 * The rules of {@code crypto-provider} with the Amazon Corretto Crypto Provider on the test class path
 * (the default surefire execution): which engine each setting gives, that no default choice of the JVM
 * changes, the clean fall-back of {@code auto} and the refusal of {@code accp} when ACCP cannot serve,
 * and that jwtgate takes out again an ACCP it registered from its own class loader.
 */
class SignatureEnginesTest {
    private static final List<String> ALL = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
            "ES512", "EdDSA");
    /** A class loader that sees the JDK only: no ACCP, as in an application without its jar. */
    private static final ClassLoader WITHOUT_ACCP = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader());

    private Provider registeredBefore;

    @BeforeEach
    void unregisterAccp() {
        assumeTrue(accpOnTheClassPath(), "ACCP is not on this run's class path (the JDK-engine execution)");
        registeredBefore = Security.getProvider(SignatureEngines.ACCP_NAME);
        Security.removeProvider(SignatureEngines.ACCP_NAME);
    }

    @AfterEach
    void restore() {
        Security.removeProvider(SignatureEngines.ACCP_NAME);
        if (registeredBefore != null) {
            Security.addProvider(registeredBefore);
        }
    }

    static boolean accpOnTheClassPath() {
        try {
            Class.forName(SignatureEngines.ACCP_CLASS, false, SignatureEnginesTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Map<String, String> defaultChoices() {
        Map<String, String> choices = new LinkedHashMap<>();
        for (String alg : ALL) {
            String java = SignatureEngines.javaAlgorithm(alg);
            try {
                choices.put(java, Signature.getInstance(java).getProvider().getName());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new AssertionError(java, e);
            }
        }
        return choices;
    }

    @Test
    void autoChoosesAccpAppendedBehindTheJdkProvidersWithoutChangingAnyDefaultChoice() {
        Map<String, String> before = defaultChoices();
        int providersBefore = Security.getProviders().length;
        try (SignatureEngine engine = SignatureEngines.select(CryptoProvider.AUTO, ALL)) {
            assertTrue(engine.isAccp(), engine.description());
            assertEquals(SignatureEngines.ACCP_NAME, engine.providerName().orElseThrow());
            Provider[] now = Security.getProviders();
            assertEquals(providersBefore + 1, now.length);
            assertEquals(SignatureEngines.ACCP_NAME, now[now.length - 1].getName(), "appended at the end, never ahead");
            assertEquals(before, defaultChoices(), "Signature.getInstance(alg) without a provider chooses as before");
            assertTrue(engine.startupLine().startsWith("jwtgate: signatures RS256 RS384 RS512 PS256 PS384 PS512 ES256 "
                    + "ES384 ES512 EdDSA verified by AmazonCorrettoCryptoProvider 2.5.0 (AWS-LC v"), engine.startupLine());
            assertTrue(engine.startupLine().endsWith(", native) (EdDSA with Ed448 keys by the JDK's)"), engine.startupLine());
            assertFalse(engine.degraded());
        }
        assertEquals(before, defaultChoices());
    }

    @Test
    void anEngineStartingOnAccpLeavesEveryDefaultChoiceAsItWasAndSaysSoInOneLine() {
        Map<String, String> before = defaultChoices();
        LocalIssuer issuer = LocalIssuer.start(TestKeys.ec("P-256"));
        try (LogCapture log = new LogCapture();
                JwtGate gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri())
                        .audiences("api").build())) {
            assertEquals(before, defaultChoices());
            assertTrue(gate.signatureEngine().isAccp());
            String token = TokenMinter.signedWith(issuer.currentKey()).issuer(issuer.issuer()).audience("api").subject("a").sign();
            assertInstanceOf(Outcome.Authenticated.class, gate.validate(token));
            assertEquals(before, defaultChoices());
            List<String> lines = log.lines().stream().filter(l -> l.contains("verified by")).toList();
            assertEquals(1, lines.size(), log.all());
            assertTrue(lines.get(0).startsWith("INFO jwtgate: signatures RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 "
                    + "EdDSA verified by AmazonCorrettoCryptoProvider 2.5.0"), lines.get(0));
        } finally {
            issuer.close();
        }
    }

    /** The JVM's default choice of every service the publisher uses: signatures, key generation, AES-GCM. */
    private static Map<String, String> publisherDefaultChoices() throws Exception {
        Map<String, String> choices = defaultChoices();
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            choices.put("KeyPairGenerator." + alg, java.security.KeyPairGenerator.getInstance(alg).getProvider().getName());
        }
        choices.put("Cipher.AES/GCM/NoPadding", javax.crypto.Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
        return choices;
    }

    @Test
    void aPublisherStartingOnAccpLeavesEveryDefaultChoiceAsItWasAndSaysSoInOneLine(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        Map<String, String> before = publisherDefaultChoices();
        org.jwtgate.tenant.TenantId acme = org.jwtgate.tenant.TenantId.of("acme");
        try (LogCapture log = new LogCapture();
                JwksPublisher publisher = JwksPublisher.create(PublisherConfig.builder().managed(dir, "pw")
                        .keyType(KeyType.EC_P256).issuer("https://auth.example.com/t/{tenant}").tenants(List.of(acme)).build())) {
            assertTrue(publisher.signatureEngine().isAccp(), "auto, the default, takes ACCP when it is there");
            String token = publisher.signer().sign(acme, Map.of("sub", "a", "aud", "api", "client_id", "c"));
            assertFalse(token.isEmpty());
            assertEquals(before, publisherDefaultChoices(), "no default choice changed");
            List<String> lines = log.lines().stream().filter(l -> l.contains("made by")).toList();
            assertEquals(1, lines.size(), log.all());
            assertTrue(lines.get(0).startsWith("INFO jwtgate: signatures ES256 made by AmazonCorrettoCryptoProvider 2.5.0 (AWS-LC v"),
                    lines.get(0));
            assertTrue(lines.get(0).endsWith(" (new ec-p256 keys generated by it)"), lines.get(0));
        }
        assertEquals(before, publisherDefaultChoices());
    }

    @Test
    void onAccpRsaAndEcKeysAreTranslatedOnceOthersAreLeftAlone() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        java.security.PublicKey rsa = g.generateKeyPair().getPublic();
        java.security.PublicKey ec = java.security.KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        java.security.PublicKey ed = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        try (SignatureEngine accp = SignatureEngines.select(CryptoProvider.ACCP, ALL);
                SignatureEngine jdk = SignatureEngines.select(CryptoProvider.JDK, ALL)) {
            java.security.Key translated = accp.keyFor(rsa);
            assertNotSame(rsa, translated);
            assertTrue(translated.getClass().getName().startsWith("com.amazon.corretto."), translated.getClass().getName());
            assertEquals(((java.security.interfaces.RSAPublicKey) rsa).getModulus(),
                    ((java.security.interfaces.RSAPublicKey) translated).getModulus());
            assertSame(translated, accp.keyFor(rsa), "translated once");
            assertTrue(accp.keyFor(ec).getClass().getName().startsWith("com.amazon.corretto."));
            assertSame(accp.keyFor(ec), accp.keyFor(ec));
            assertSame(ed, accp.keyFor(ed), "ACCP verifies JDK Ed25519 keys as they are");
            assertSame(rsa, jdk.keyFor(rsa));
        }
    }

    @Test
    void jdkUsesTheJvmDefaultsAndRegistersNothing() {
        try (SignatureEngine engine = SignatureEngines.select(CryptoProvider.JDK, ALL)) {
            assertTrue(engine.providerName().isEmpty());
            assertNull(engine.providerContext());
            assertNull(Security.getProvider(SignatureEngines.ACCP_NAME));
        }
    }

    @Test
    void autoWithoutAccpFallsBackToTheJdkAndSaysWhy() {
        try (SignatureEngine engine = SignatureEngines.select(CryptoProvider.AUTO, ALL, WITHOUT_ACCP)) {
            assertTrue(engine.providerName().isEmpty());
            assertFalse(engine.degraded(), "no ACCP at all is the ordinary case: an INFO line");
            assertTrue(engine.startupLine().endsWith("verified by the JDK's default providers (crypto-provider=auto: the "
                    + "Amazon Corretto Crypto Provider is not on the class path)"), engine.startupLine());
        }
        assertNull(Security.getProvider(SignatureEngines.ACCP_NAME));
    }

    @Test
    void accpRequiredFailsDeploymentWhenAbsent() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> SignatureEngines.select(CryptoProvider.ACCP, ALL, WITHOUT_ACCP));
        assertEquals(Parameters.CRYPTO_PROVIDER, e.parameter());
        assertTrue(e.getMessage().contains("is not on the class path"), e.getMessage());
        assertTrue(e.getMessage().contains("server's lib/"), e.getMessage());
    }

    @Test
    void accpRequiredIsRefusedByTheEngineBuildItself() {
        LocalIssuer issuer = LocalIssuer.start();
        try {
            GateConfig config = GateConfig.fromParameters(Map.of(Parameters.ISSUERS, issuer.issuer() + "|" + issuer.jwksUri(),
                    Parameters.AUDIENCES, "api", Parameters.CRYPTO_PROVIDER, "accp"));
            try (JwtGate gate = JwtGate.createWithoutBackgroundRefresh(config)) {
                assertTrue(gate.signatureEngine().isAccp(), "present and healthy here");
            }
        } finally {
            issuer.close();
        }
    }

    @Test
    void anAccpRegisteredFromAnotherClassLoaderIsNotUsedAutoFallsBackAccpFails() throws Exception {
        URL jar = Class.forName(SignatureEngines.ACCP_CLASS).getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader otherApplication = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader())) {
            Provider foreign = (Provider) Class.forName(SignatureEngines.ACCP_CLASS, true, otherApplication)
                    .getField("INSTANCE").get(null);
            Security.addProvider(foreign);
            try (SignatureEngine engine = SignatureEngines.select(CryptoProvider.AUTO, ALL)) {
                assertTrue(engine.providerName().isEmpty());
                assertTrue(engine.degraded(), "a warning: the operator can fix it");
                assertTrue(engine.description().contains("another class loader"), engine.description());
                assertTrue(engine.description().contains("server's lib/"), engine.description());
            }
            ConfigException e = assertThrows(ConfigException.class, () -> SignatureEngines.select(CryptoProvider.ACCP, ALL));
            assertTrue(e.getMessage().contains("another class loader"), e.getMessage());
            assertSame(foreign, Security.getProvider(SignatureEngines.ACCP_NAME), "left as it was");
        }
    }

    /**
     * An application with jwtgate and ACCP both in its WEB-INF/lib: a class loader of its own holding core, jose4j
     * and ACCP (fresh statics, no engine of other tests counted).
     */
    private static URLClassLoader application() throws Exception {
        List<URL> jars = new java.util.ArrayList<>();
        for (Class<?> c : List.of(SignatureEngines.class, org.jose4j.jca.ProviderContext.class, org.slf4j.LoggerFactory.class,
                Class.forName(SignatureEngines.ACCP_CLASS))) {
            jars.add(c.getProtectionDomain().getCodeSource().getLocation());
        }
        return new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    @Test
    void anAccpJwtgateRegisteredFromItsOwnClassLoaderGoesWhenTheLastEngineCloses() throws Exception {
        try (URLClassLoader app = application()) {
            Class<?> engines = Class.forName(SignatureEngines.class.getName(), true, app);
            Class<?> setting = Class.forName(CryptoProvider.class.getName(), true, app);
            java.lang.reflect.Method select = engines.getMethod("select", setting, java.util.Collection.class);
            AutoCloseable first = (AutoCloseable) select.invoke(null, setting.getField("AUTO").get(null), ALL);
            AutoCloseable second = (AutoCloseable) select.invoke(null, setting.getField("ACCP").get(null), ALL);
            Provider registered = Security.getProvider(SignatureEngines.ACCP_NAME);
            assertSame(app, registered.getClass().getClassLoader(), "the application's own ACCP");
            first.close();
            first.close();
            assertSame(registered, Security.getProvider(SignatureEngines.ACCP_NAME), "still used by the second engine");
            second.close();
            assertNull(Security.getProvider(SignatureEngines.ACCP_NAME), "taken out: nothing of the application stays pinned");
            AutoCloseable third = (AutoCloseable) select.invoke(null, setting.getField("AUTO").get(null), ALL);
            assertSame(registered, Security.getProvider(SignatureEngines.ACCP_NAME), "registered again by the next engine");
            third.close();
            assertNull(Security.getProvider(SignatureEngines.ACCP_NAME));
        }
    }

    @Test
    void anAccpRegisteredByTheApplicationItselfIsUsedAndLeftRegistered() throws Exception {
        Provider mine = (Provider) Class.forName(SignatureEngines.ACCP_CLASS).getField("INSTANCE").get(null);
        Security.addProvider(mine);
        try (SignatureEngine engine = SignatureEngines.select(CryptoProvider.AUTO, ALL)) {
            assertTrue(engine.isAccp());
        }
        assertSame(mine, Security.getProvider(SignatureEngines.ACCP_NAME), "not jwtgate's to take out");
    }

    @Test
    void aNamedProviderMustBeRegisteredAndOfferEveryConfiguredAlgorithm() {
        try (SignatureEngine sunEc = SignatureEngines.select(CryptoProvider.parse("SunEC"), List.of("ES256", "EdDSA"))) {
            assertEquals("SunEC", sunEc.providerName().orElseThrow());
            assertEquals("SunEC", sunEc.providerContext().getSuppliedKeyProviderContext().getSignatureProvider());
        }
        ConfigException missing = assertThrows(ConfigException.class,
                () -> SignatureEngines.select(CryptoProvider.parse("SunEC"), List.of("RS256", "ES256")));
        assertTrue(missing.getMessage().contains("offers no Signature for RS256"), missing.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> SignatureEngines.select(CryptoProvider.parse("NoSuchProvider"), ALL));
        assertEquals(Parameters.CRYPTO_PROVIDER, unknown.parameter());
        assertTrue(unknown.getMessage().contains("'NoSuchProvider' is not a registered JCA provider"), unknown.getMessage());
    }

    @Test
    void theParameterTakesAutoJdkAccpOrAProviderName() {
        assertSame(CryptoProvider.AUTO, CryptoProvider.parse("AUTO"));
        assertSame(CryptoProvider.JDK, CryptoProvider.parse("Jdk"));
        assertSame(CryptoProvider.ACCP, CryptoProvider.parse(" accp "));
        assertTrue(CryptoProvider.parse("SunEC").isProviderName());
        assertFalse(CryptoProvider.AUTO.isProviderName());
        Map<String, String> p = new LinkedHashMap<>(Map.of(Parameters.ISSUERS, "https://issuer.example", Parameters.AUDIENCES, "api"));
        assertSame(CryptoProvider.AUTO, GateConfig.fromParameters(p).cryptoProvider(), "the default");
        p.put(Parameters.CRYPTO_PROVIDER, "jdk");
        assertSame(CryptoProvider.JDK, GateConfig.fromParameters(p).cryptoProvider());
        p.put(Parameters.CRYPTO_PROVIDER, "Sun\u00e9C".translateEscapes());
        ConfigException e = assertThrows(ConfigException.class, () -> GateConfig.fromParameters(p));
        assertEquals(Parameters.CRYPTO_PROVIDER, e.parameter());
        assertNotSame(CryptoProvider.JDK, CryptoProvider.parse("jdk2"));
    }
}
