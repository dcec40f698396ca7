package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The "Publishing your tenants' keys" page (docs/publishing-keys.md, linked from the README) documents every
 * publisher parameter with its default.
 */
class ReadmePublisherParametersTest {
    static final String SECTION = "## Publishing your tenants' keys";

    @Test
    void readmeDocumentsEveryPublisherParameterWithItsDefault() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(System.getProperty("jwtgate.readme", "../docs/publishing-keys.md")));
        int start = lines.indexOf(SECTION);
        assertTrue(start >= 0, "docs/publishing-keys.md lacks the section " + SECTION);
        Map<String, String> documented = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            if (line.startsWith("| `") && line.split("\\|").length >= 4) {
                String[] cells = line.split("(?<!\\\\)\\|");
                documented.put(cells[1].strip().replace("`", ""), cells[2].strip().replace("`", ""));
            }
        }
        for (PublisherParameters.Parameter p : PublisherParameters.all().values()) {
            assertTrue(documented.containsKey(p.name()), "docs/publishing-keys.md lacks publisher parameter " + p.name());
            assertEquals(p.defaultValue().replace("`", ""), documented.get(p.name()), "docs/publishing-keys.md default of " + p.name());
        }
    }
}
