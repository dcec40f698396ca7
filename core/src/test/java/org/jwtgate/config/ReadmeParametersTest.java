package org.jwtgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The filter page's parameter table (docs/filter.md, linked from the README) lists every parameter of the
 * table in code, with its default.
 */
class ReadmeParametersTest {

    @Test
    void readmeDocumentsEveryParameterWithItsDefault() throws IOException {
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "docs", "filter.md"))) {
            if (line.startsWith("| `") && line.split("\\|").length >= 4) {
                String[] cells = line.split("(?<!\\\\)\\|");
                documented.put(cells[1].strip().replace("`", ""), cells[2].strip().replace("`", ""));
            }
        }
        for (Parameters.Parameter p : Parameters.all().values()) {
            assertTrue(documented.containsKey(p.name()), "docs/filter.md lacks parameter " + p.name());
            assertEquals(p.defaultValue(), documented.get(p.name()), "docs/filter.md default of " + p.name());
        }
    }
}
