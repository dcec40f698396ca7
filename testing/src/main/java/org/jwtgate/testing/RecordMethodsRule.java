package org.jwtgate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The rule that keeps a web application's class loader collectable after undeploy on Java 17: no class of a
 * module that ends up in {@code WEB-INF/lib} links equals, hashCode or toString through
 * {@code java.lang.runtime.ObjectMethods}, the bootstrap of a record's generated methods. On Java 17 that
 * bootstrap leaves its last adaptation (naming the record's class, and the types of its components) in a
 * strong cache of a JDK static (JDK-8078641, fixed in Java 18); a record that writes the three methods out
 * does not use it. The check reads the class files: the bootstrap is named in the constant pool of every
 * class that uses it.
 */
public final class RecordMethodsRule {
    private static final byte[] BOOTSTRAP = "java/lang/runtime/ObjectMethods".getBytes(StandardCharsets.US_ASCII);

    private RecordMethodsRule() {
    }

    /**
     * The classes, in the class directory that holds {@code anyClassOfTheModule}, that link a record method
     * through {@code ObjectMethods}, by binary name; empty when the rule holds.
     *
     * @throws IllegalStateException when the class is not loaded from a directory or the directory holds no
     *         class file (so the check never passes by looking at nothing)
     */
    public static List<String> violations(Class<?> anyClassOfTheModule) {
        Path classes = classDirectory(anyClassOfTheModule);
        try (Stream<Path> files = Files.walk(classes)) {
            List<Path> classFiles = files.filter(p -> p.toString().endsWith(".class")).sorted().toList();
            if (classFiles.isEmpty()) {
                throw new IllegalStateException("no class file under " + classes);
            }
            return classFiles.stream().filter(RecordMethodsRule::usesBootstrap)
                    .map(p -> binaryName(classes.relativize(p))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails, naming them, when classes of the module of {@code anyClassOfTheModule} break the rule. */
    public static void check(Class<?> anyClassOfTheModule) {
        List<String> violations = violations(anyClassOfTheModule);
        if (!violations.isEmpty()) {
            throw new AssertionError("records with generated equals/hashCode/toString (write them out; see "
                    + "\"Class loader leaks\" in docs/modules.md): " + violations);
        }
    }

    private static Path classDirectory(Class<?> c) {
        try {
            Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(location)) {
                throw new IllegalStateException(c.getName() + " is not loaded from a class directory: " + location);
            }
            return location;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean usesBootstrap(Path classFile) {
        try {
            byte[] bytes = Files.readAllBytes(classFile);
            outer:
            for (int i = 0; i <= bytes.length - BOOTSTRAP.length; i++) {
                for (int j = 0; j < BOOTSTRAP.length; j++) {
                    if (bytes[i + j] != BOOTSTRAP[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String binaryName(Path relative) {
        String s = relative.toString().replace(relative.getFileSystem().getSeparator(), ".");
        return s.substring(0, s.length() - ".class".length());
    }
}
