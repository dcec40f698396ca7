package org.jwtgate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The blocks of the documentation (README.md and the pages of docs/) that the distribution tests run as they
 * are: each follows a line
 * {@code <!-- tested: NAME -->} and is the next fenced block. What a test changes is only the example
 * values it names (the public URL, paths), each of which must occur in the block, so the README cannot
 * drift from what the tests run without a test failing.
 */
final class Readme {
    private Readme() {
    }

    static Path file() {
        return Path.of(System.getProperty("jwtgate.it.readme", "../README.md")).toAbsolutePath();
    }

    /** README.md and every page of docs/ beside it, sorted. */
    static List<Path> files() {
        Path docs = file().resolveSibling("docs");
        List<Path> files = new ArrayList<>(List.of(file()));
        try (Stream<Path> s = Files.list(docs)) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * The block named {@code name}, verbatim (without the fences), each line ending with a newline; it must
     * occur once in all of {@link #files()}.
     */
    static String block(String name) {
        String marker = "<!-- tested: " + name + " -->";
        List<String> lines = null;
        int at = -1;
        for (Path file : files()) {
            List<String> fileLines;
            try {
                fileLines = Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (int i = 0; i < fileLines.size(); i++) {
                if (fileLines.get(i).trim().equals(marker)) {
                    if (at >= 0) {
                        throw new IllegalStateException("the documentation has two blocks " + marker);
                    }
                    at = i;
                    lines = fileLines;
                }
            }
        }
        if (at < 0 || at + 1 >= lines.size() || !lines.get(at + 1).startsWith("```")) {
            throw new IllegalStateException("the documentation has no fenced block right after " + marker);
        }
        StringBuilder block = new StringBuilder();
        for (int i = at + 2; i < lines.size(); i++) {
            if (lines.get(i).startsWith("```")) {
                return block.toString();
            }
            block.append(lines.get(i)).append('\n');
        }
        throw new IllegalStateException("README's block " + marker + " is not closed");
    }

    /** {@link #block} with each example value replaced; fails when one does not occur in the block. */
    static String block(String name, Map<String, String> replacements) {
        String block = block(name);
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!block.contains(r.getKey())) {
                throw new IllegalStateException("README's block '" + name + "' no longer contains '" + r.getKey()
                        + "', which the test replaces; change the test with the README:\n" + block);
            }
            block = block.replace(r.getKey(), r.getValue());
        }
        return block;
    }
}
