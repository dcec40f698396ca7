package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README is the door (at most 250 lines) and the pages of docs/ hold the reference: every page is linked
 * from the README or from docs/README.md, and every relative link of README.md and docs/*.md names a file that
 * exists and, with a {@code #fragment}, a heading of that file (GitHub's anchors).
 */
class DocumentationTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

    private static List<String> lines(Path file) throws Exception {
        return Files.readAllLines(file);
    }

    /** GitHub's anchors of a Markdown file's headings (outside fenced blocks). */
    static Set<String> anchors(Path file) throws Exception {
        Set<String> anchors = new HashSet<>();
        boolean fence = false;
        for (String line : lines(file)) {
            if (line.startsWith("```")) {
                fence = !fence;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fence && m.matches()) {
                String a = m.group(1).strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
                String unique = a;
                for (int n = 1; !anchors.add(unique); n++) {
                    unique = a + "-" + n;
                }
            }
        }
        return anchors;
    }

    @Test
    void theReadmeIsAtMost250Lines() throws Exception {
        int n = lines(Readme.file()).size();
        assertTrue(n <= 250, "README.md has " + n + " lines: move reference to docs/");
    }

    @Test
    void everyPageIsLinkedFromTheReadmeOrTheIndex() throws Exception {
        Path docs = Readme.file().resolveSibling("docs");
        String links = Files.readString(Readme.file()) + Files.readString(docs.resolve("README.md"));
        Set<String> unlinked = new TreeSet<>();
        for (Path page : Readme.files()) {
            String name = page.getFileName().toString();
            if (page.getParent().equals(docs) && !name.equals("README.md") && !links.contains("(" + name)
                    && !links.contains("(docs/" + name)) {
                unlinked.add(name);
            }
        }
        assertEquals(Set.of(), unlinked);
    }

    @Test
    void everyRelativeLinkResolves() throws Exception {
        List<String> broken = new ArrayList<>();
        for (Path file : Readme.files()) {
            boolean fence = false;
            for (String line : lines(file)) {
                if (line.startsWith("```")) {
                    fence = !fence;
                }
                if (fence) {
                    continue;
                }
                Matcher m = LINK.matcher(line);
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-z]+:.*")) {
                        continue;
                    }
                    int hash = target.indexOf('#');
                    String path = hash < 0 ? target : target.substring(0, hash);
                    Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
                    if (!Files.exists(resolved)) {
                        broken.add(file.getFileName() + ": " + target + " (no file)");
                    } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                        broken.add(file.getFileName() + ": " + target + " (no heading)");
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }
}
