package org.jwtgate.token;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class UrlEncodedTest {
    @Test
    void returnsEveryValueOfTheNameInOrder() {
        assertEquals(List.of("a", "b c", ""), UrlEncoded.lenientValues("access_token=a&x=1&access_token=b+c&access_token",
                "access_token", UTF_8));
        assertEquals(List.of(), UrlEncoded.lenientValues(null, "access_token", UTF_8));
        assertEquals(List.of(), UrlEncoded.lenientValues("&&x=1", "access_token", UTF_8));
    }

    @Test
    void decodesNamesAndValuesInTheGivenCharset() {
        assertEquals(List.of("\u00e9"), UrlEncoded.lenientValues("acc%65ss_token=%C3%A9", "access_token", UTF_8));
        assertEquals(List.of("\u00e9"), UrlEncoded.strictValues("access_token=%E9", "access_token", ISO_8859_1));
    }

    @Test
    void lenientKeepsBadEscapesRawStrictRefusesThem() {
        assertEquals(List.of("%zz"), UrlEncoded.lenientValues("access_token=%zz", "access_token", UTF_8));
        assertThrows(MalformedRequestException.class,
                () -> UrlEncoded.strictValues("access_token=%zz", "access_token", UTF_8));
        assertEquals(List.of("t"), UrlEncoded.lenientValues("note=%zz&access_token=t", "access_token", UTF_8));
        assertThrows(MalformedRequestException.class,
                () -> UrlEncoded.strictValues("note=%zz&access_token=t", "access_token", UTF_8));
    }
}
