package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Objects;
import org.jose4j.jca.ProviderContext;
import org.jwtgate.error.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Why RecordMethodsRuleTest exists, shown on Java 17: a record's generated equals, hashCode and toString
 * are linked by {@code java.lang.runtime.ObjectMethods}, which adapts its static method handles with
 * {@code MethodHandle.asType}, and on Java 17 each handle keeps its last adaptation in a strong one-entry
 * cache (JDK-8078641, fixed in Java 18). Each case loads core, jose4j and these test records in a class
 * loader of their own, as a web application's, calls one record method there, drops everything and checks
 * whether that loader can be collected.
 * <ul>
 * <li>hashCode and toString adapt {@code Objects.hashCode}/{@code Objects.toString} to the components' types:
 * a core or jose4j component type pins the loader; JDK component types do not.</li>
 * <li>equals adapts {@code Objects.equals} to the components' types and also the identity test to
 * {@code (RecordType, Object)boolean}: it pins the loader whatever the components are.</li>
 * <li>the pin lasts until the next record method of the same kind is linked anywhere in the JVM; written-out
 * methods never pin.</li>
 * </ul>
 */
class RecordMethodsClassLoaderTest {

    /** A record of core's and jose4j's types, with the generated methods. */
    record CoreTyped(Reason reason, ProviderContext context) {
        static CoreTyped sample() {
            return new CoreTyped(Reason.MULTIPLE_TOKENS, new ProviderContext());
        }
    }

    /** A record of JDK types only, with the generated methods. */
    record JdkTyped(String name, int count) {
        static JdkTyped sample() {
            return new JdkTyped("a", 1);
        }
    }

    /** CoreTyped with its methods written out, as the production records of core's types are. */
    record WrittenOut(Reason reason, ProviderContext context) {
        static WrittenOut sample() {
            return new WrittenOut(Reason.MULTIPLE_TOKENS, new ProviderContext());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof WrittenOut w && reason == w.reason && context.equals(w.context);
        }

        @Override
        public int hashCode() {
            return Objects.hash(reason, context);
        }

        @Override
        public String toString() {
            return "WrittenOut[reason=" + reason + ", context=" + context + "]";
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashCode", "toString", "equals"})
    void aGeneratedMethodOfACoreTypedRecordPinsItsLoaderUntilTheNextRecordIsLinked(String method) throws Exception {
        assumeTrue(Runtime.version().feature() < 18, "JDK-8078641 is fixed from Java 18 on");
        WeakReference<ClassLoader> loader = callInALoaderOfItsOwn(CoreTyped.class, method);
        assertNotNull(afterGc(loader), method + ": the loader was collected, the record did not pin it");

        WeakReference<ClassLoader> next = callInALoaderOfItsOwn(JdkTyped.class, method);
        assertNull(afterGc(loader), method + ": still reachable after another record's " + method + " was linked");
        Objects.requireNonNull(next); // that one's own fate is the next test's subject
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashCode", "toString"})
    void hashCodeAndToStringOfAJdkTypedRecordLeaveItsLoaderCollectable(String method) throws Exception {
        assertNull(afterGc(callInALoaderOfItsOwn(JdkTyped.class, method)), method + " pinned the loader");
    }

    @Test
    void equalsOfAJdkTypedRecordPinsItsLoaderToo() throws Exception {
        assumeTrue(Runtime.version().feature() < 18, "JDK-8078641 is fixed from Java 18 on");
        assertNotNull(afterGc(callInALoaderOfItsOwn(JdkTyped.class, "equals")),
                "the generated equals of a record of JDK types left its loader collectable");
    }

    @ParameterizedTest
    @ValueSource(strings = {"hashCode", "toString", "equals"})
    void writtenOutMethodsLeaveTheLoaderCollectable(String method) throws Exception {
        assertNull(afterGc(callInALoaderOfItsOwn(WrittenOut.class, method)), method + " pinned the loader");
    }

    private static WeakReference<ClassLoader> callInALoaderOfItsOwn(Class<?> record, String method) throws Exception {
        URL[] classPath = {codeOf(record), codeOf(Reason.class), codeOf(ProviderContext.class)};
        try (URLClassLoader isolated = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            Class<?> type = isolated.loadClass(record.getName());
            assertTrue(type.getClassLoader() == isolated
                    && isolated.loadClass(Reason.class.getName()).getClassLoader() == isolated,
                    "loaded apart from the test's own classes");
            Method sample = type.getDeclaredMethod("sample");
            sample.setAccessible(true);
            Object a = sample.invoke(null);
            Object b = sample.invoke(null);
            switch (method) {
                case "hashCode" -> a.hashCode();
                case "toString" -> a.toString();
                case "equals" -> a.equals(b);
                default -> throw new IllegalArgumentException(method);
            }
            return new WeakReference<>(isolated);
        }
    }

    private static ClassLoader afterGc(WeakReference<ClassLoader> loader) throws InterruptedException {
        for (int i = 0; i < 30 && loader.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        return loader.get();
    }

    private static URL codeOf(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }
}
