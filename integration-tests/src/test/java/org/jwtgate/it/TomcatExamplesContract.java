package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Tomcat's own {@code examples} web application (a WAR nobody here wrote), from the distribution zip,
 * switched to jwtgate by jars and web.xml lines only ({@link TomcatExamples}), on that distribution started
 * with catalina.sh. Its FORM-protected {@code /jsp/security/protected/*} (roles {@code tomcat},
 * {@code role1}) answers from a bearer token; its async and non-blocking servlets still work behind the
 * filter mapped to {@code /*}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TomcatExamplesContract {
    private static final String AUDIENCE = "examples";
    private static final String CHALLENGE = "Bearer realm=\"examples\"";
    private static final String PROTECTED = "/jsp/security/protected/index.jsp";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalIssuer idp;
    private Container tomcat;

    /** A Tomcat distribution kind. */
    abstract Container.Kind kind();

    /** The folder under {@code containers} whose jars go to WEB-INF/lib: the separate jars and their dependencies. */
    String libDir() {
        return TomcatExamples.LIB_DIR;
    }

    /** The jar names added to the examples' own WEB-INF/lib; checked before the server starts. */
    void checkLib(List<String> added) {
        assertTrue(added.size() > 1, added.toString());
    }

    @BeforeAll
    void start() throws Exception {
        Path containers = Container.containers();
        Path war = TomcatExamples.assemble(TomcatDistribution.of(kind()).home(), containers, libDir(),
                Files.createTempDirectory(Files.createDirectories(containers.resolve("work")), "examples-"));
        List<String> added = new ArrayList<>(TomcatExamples.libJars(war));
        added.removeAll(TomcatExamples.ownJars(TomcatDistribution.of(kind()).home()));
        checkLib(added);
        idp = LocalIssuer.start("realms/examples", TestKeys.rsa());
        long t0 = System.nanoTime();
        tomcat = Container.start(kind(), new Container.Webapp(war.toString(), "/examples", "/index.html"),
                Map.of("JWTGATE_ISSUERS", idp.issuer(), "JWTGATE_AUDIENCES", AUDIENCE), null);
        System.out.println(kind() + " (catalina.sh) started with the examples webapp in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    void stop() {
        if (tomcat != null) {
            tomcat.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    private TokenMinter token(String... groups) {
        return idp.minter().audience(AUDIENCE).subject("tomcat-operator").groups(groups);
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String... headers) throws Exception {
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return send(HttpRequest.newBuilder(tomcat.uri(path)).GET(), headers);
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static void assertNoCookie(HttpResponse<String> r) {
        assertEquals(List.of(), r.headers().allValues("Set-Cookie"), r.uri().toString());
    }

    @Test
    void protectedPageWithTheRoleShowsTheTokensCaller() throws Exception {
        for (String role : List.of("tomcat", "role1")) {
            HttpResponse<String> r = get(PROTECTED + "?role=" + role, bearer(token(role, "staff").sign()));
            assertEquals(200, r.statusCode(), r.body() + "\n" + tomcat.tail());
            String page = r.body().replace("\r\n", "\n"); // the JSP's own line ends
            assertTrue(page.contains("Protected Page for Examples"), page);
            assertTrue(page.contains("You are logged in as remote user\n<b>tomcat-operator</b>"), page);
            assertTrue(page.contains("Your user principal name is\n    <b>tomcat-operator</b>"), page);
            assertTrue(page.contains("You have been granted role\n      <b>" + role + "</b>"), page);
            assertFalse(page.contains("j_security_check"), "not the login form");
            // The JSP itself asks for a session ("in session <id>"): its cookie is the page's, and names
            // exactly the session the page printed. jwtgate asks for none (every other answer here has no cookie).
            Matcher printed = Pattern.compile("in session <b>([^<]+)</b>").matcher(page);
            assertTrue(printed.find(), page);
            List<String> cookies = r.headers().allValues("Set-Cookie");
            assertEquals(1, cookies.size(), cookies.toString());
            assertTrue(cookies.get(0).startsWith("JSESSIONID=" + printed.group(1) + ";"), cookies.toString());
        }
    }

    @Test
    void protectedPageWithoutTheRoleIsForbidden() throws Exception {
        HttpResponse<String> r = get(PROTECTED, bearer(token("staff").sign()));
        assertEquals(403, r.statusCode(), r.body());
        assertFalse(r.body().contains("tomcat-operator"));
        assertNoCookie(r);
    }

    @Test
    void protectedPageWithoutTokenIsTheBearerChallengeNotTheLoginForm() throws Exception {
        HttpResponse<String> r = get(PROTECTED);
        assertEquals(401, r.statusCode(), r.body());
        assertEquals(List.of(CHALLENGE), r.headers().allValues("WWW-Authenticate"));
        assertFalse(r.body().contains("j_security_check"), "not the login form");
        assertNoCookie(r);
    }

    @Test
    void badTokenOnTheProtectedPageIsRefusedAsTheFilterWould() throws Exception {
        HttpResponse<String> r = get(PROTECTED, bearer(TokenMinter.flipSignatureBit(token("tomcat").sign())));
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith(CHALLENGE + ", error=\"invalid_token\""));
        assertNoCookie(r);
    }

    @Test
    void asyncExampleStillAnswersBehindTheFilter() throws Exception {
        for (String[] headers : List.of(new String[0], bearer(token("tomcat").sign()))) {
            HttpResponse<String> r = get("/async/async0", headers);
            assertEquals(200, r.statusCode(), r.body() + "\n" + tomcat.tail());
            assertTrue(r.body().contains("Async dispatch worked"), r.body());
            assertNoCookie(r);
        }
    }

    @Test
    void nonBlockingExamplesAnswerWithATokenAndAreRefusedWithout() throws Exception {
        HttpResponse<String> numbers = get("/servlets/nonblocking/numberwriter", bearer(token().sign()));
        assertEquals(200, numbers.statusCode(), numbers.body() + "\n" + tomcat.tail());
        assertTrue(numbers.body().length() > 1000, "the numbers were written");
        assertNoCookie(numbers);
        HttpResponse<String> counted = send(HttpRequest.newBuilder(tomcat.uri("/servlets/nonblocking/bytecounter"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(5000))), bearer(token().sign()));
        assertEquals(200, counted.statusCode(), counted.body() + "\n" + tomcat.tail());
        assertTrue(counted.body().contains("5000"), counted.body());
        assertNoCookie(counted);
        HttpResponse<String> anonymous = get("/servlets/nonblocking/numberwriter");
        assertEquals(401, anonymous.statusCode());
        assertEquals(List.of(CHALLENGE), anonymous.headers().allValues("WWW-Authenticate"));
        assertNoCookie(anonymous);
    }
}
