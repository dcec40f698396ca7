package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sample has no default password for its tenants' key files: started without
 * JWTGATE_KEY_PASSWORD it does not deploy, and the log names the variable.
 */
class KeyPasswordRequiredIT {

    @ParameterizedTest
    @EnumSource(value = Container.Kind.class, names = {"JETTY_12", "TOMCAT_11"})
    void theSampleDoesNotDeployWithoutAKeyPassword(Container.Kind kind) {
        Map<String, String> env = new HashMap<>();
        env.put("JWTGATE_KEY_PASSWORD", null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Container.start(kind, env).close());
        assertTrue(e.getMessage().contains("before it was ready"), e.getMessage());
        assertTrue(e.getMessage().contains("key-password") && e.getMessage().contains("JWTGATE_KEY_PASSWORD"),
                e.getMessage());
    }
}
