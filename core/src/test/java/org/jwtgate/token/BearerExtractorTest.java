package org.jwtgate.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jwtgate.TestRequest;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.junit.jupiter.api.Test;

class BearerExtractorTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln";

    private static GateConfig.Builder base() {
        return GateConfig.builder().issuer("https://issuer.example", "https://issuer.example/jwks").audiences("api");
    }

    private final BearerExtractor headerOnly = new BearerExtractor(base().build());
    private final BearerExtractor everything = new BearerExtractor(
            base().queryParameter(true).formParameter(true).cookieName("at").build());

    @Test
    void findsTheBearerHeaderWithAnyCaseOfTheScheme() {
        assertEquals(new Extraction.Found(TOKEN), headerOnly.extract(TestRequest.bearer(TOKEN)));
        assertEquals(new Extraction.Found(TOKEN),
                headerOnly.extract(TestRequest.create().header("Authorization", "bearer " + TOKEN)));
        assertEquals(new Extraction.Found(TOKEN),
                headerOnly.extract(TestRequest.create().header("Authorization", "BEARER   " + TOKEN)));
    }

    @Test
    void anotherSchemeOrNoHeaderIsNoCredentials() {
        assertEquals(Extraction.ABSENT, headerOnly.extract(TestRequest.create()));
        assertEquals(Extraction.ABSENT, headerOnly.extract(TestRequest.create().header("Authorization", "Basic dXNlcjpwdw==")));
        assertEquals(Extraction.ABSENT, headerOnly.extract(TestRequest.create().header("Authorization", "BearerX abc")));
    }

    @Test
    void malformedBearerHeaderIsInvalidToken() {
        for (String value : new String[] {"Bearer", "Bearer ", "Bearer a b", "Bearer a\"b", "Bearer =abc", "Bearer ab=c",
                "Bearer tok\u00e9n"}) {
            assertEquals(new Extraction.Invalid(Reason.MALFORMED_HEADER),
                    headerOnly.extract(TestRequest.create().header("Authorization", value)), value);
        }
    }

    @Test
    void acceptsTheWholeB64TokenAlphabetWithTrailingPadding() {
        String token = "AZaz09-._~+/==";
        assertEquals(new Extraction.Found(token), headerOnly.extract(TestRequest.bearer(token)));
    }

    @Test
    void twoAuthorizationHeadersAreInvalidRequest() {
        TestRequest r = TestRequest.bearer(TOKEN).header("Authorization", "Bearer " + TOKEN);
        assertEquals(new Extraction.Invalid(Reason.MULTIPLE_TOKENS), headerOnly.extract(r));
        TestRequest mixed = TestRequest.bearer(TOKEN).header("Authorization", "Basic dXNlcjpwdw==");
        assertEquals(new Extraction.Invalid(Reason.MULTIPLE_TOKENS), headerOnly.extract(mixed));
    }

    @Test
    void tokenInTwoPlacesIsInvalidRequest() {
        assertEquals(new Extraction.Invalid(Reason.MULTIPLE_TOKENS),
                everything.extract(TestRequest.bearer(TOKEN).query("access_token", TOKEN)));
        assertEquals(new Extraction.Invalid(Reason.MULTIPLE_TOKENS),
                everything.extract(TestRequest.bearer(TOKEN).form("access_token", TOKEN)));
        assertEquals(new Extraction.Invalid(Reason.MULTIPLE_TOKENS),
                everything.extract(TestRequest.create().query("access_token", TOKEN).query("access_token", TOKEN)));
        assertEquals(new Extraction.Invalid(Reason.MULTIPLE_TOKENS),
                everything.extract(TestRequest.create().cookie("at", TOKEN).form("access_token", TOKEN)));
    }

    @Test
    void emptyAccessTokenParameterIsInvalidRequest() {
        assertEquals(new Extraction.Invalid(Reason.EMPTY_TOKEN),
                everything.extract(TestRequest.create().query("access_token", "")));
        assertEquals(new Extraction.Invalid(Reason.EMPTY_TOKEN),
                everything.extract(TestRequest.create().form("access_token", "")));
    }

    @Test
    void parametersAndCookiesAreReadOnlyWhenEnabled() {
        TestRequest r = TestRequest.create().query("access_token", TOKEN);
        assertEquals(Extraction.ABSENT, headerOnly.extract(r));
        assertEquals(new Extraction.Found(TOKEN), everything.extract(r));
        assertEquals(Extraction.ABSENT, headerOnly.extract(TestRequest.create().form("access_token", TOKEN)));
        assertEquals(new Extraction.Found(TOKEN), everything.extract(TestRequest.create().form("access_token", TOKEN)));
        assertEquals(Extraction.ABSENT, headerOnly.extract(TestRequest.create().cookie("at", TOKEN)));
        assertEquals(new Extraction.Found(TOKEN), everything.extract(TestRequest.create().cookie("at", TOKEN)));
        assertEquals(Extraction.ABSENT, everything.extract(TestRequest.create().cookie("at", "")));
        // A disabled transport is ignored, not counted as a second method.
        assertEquals(new Extraction.Found(TOKEN), headerOnly.extract(TestRequest.bearer(TOKEN).query("access_token", TOKEN)));
    }

    @Test
    void undecodableFormBodyIsInvalidRequest() {
        TestRequest broken = TestRequest.create();
        BearerRequest r = new BearerRequest() {
            @Override
            public java.util.List<String> headers(String name) {
                return broken.headers(name);
            }

            @Override
            public java.util.List<String> queryParameters(String name) {
                return java.util.List.of();
            }

            @Override
            public java.util.List<String> formParameters(String name) {
                throw new MalformedRequestException();
            }

            @Override
            public java.util.List<String> cookies(String name) {
                return java.util.List.of();
            }
        };
        assertEquals(new Extraction.Invalid(Reason.MALFORMED_REQUEST), everything.extract(r));
        assertEquals(Extraction.ABSENT, headerOnly.extract(r), "the body is not looked at when the form transport is off");
    }

    @Test
    void refusesTooLongTokensBeforeLookingAtThem() {
        BearerExtractor small = new BearerExtractor(base().maxTokenLength(256).build());
        String longToken = "a".repeat(257);
        assertEquals(new Extraction.Invalid(Reason.TOKEN_TOO_LONG), small.extract(TestRequest.bearer(longToken)));
        assertEquals(new Extraction.Found("a".repeat(256)), small.extract(TestRequest.bearer("a".repeat(256))));
    }

    @Test
    void extractionNeverShowsTheTokenInToString() {
        assertEquals("Found[token hidden]", new Extraction.Found(TOKEN).toString());
    }
}
