package org.jwtgate.keys.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Runs the class only when its database answers; otherwise skips it with one line saying why. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDatabase.Condition.class)
@interface RequiresDatabase {
    TestDatabase value();

    final class Condition implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<RequiresDatabase> a = context.getTestClass().map(c -> c.getAnnotation(RequiresDatabase.class));
            if (a.isEmpty()) {
                return ConditionEvaluationResult.enabled("no database required");
            }
            Optional<String> why = a.get().value().unreachable();
            if (why.isPresent()) {
                if (context.getTestMethod().isEmpty()) {
                    announce(why.get());
                }
                return ConditionEvaluationResult.disabled(why.get());
            }
            return ConditionEvaluationResult.enabled(a.get().value().product + " reachable");
        }

        /** To the build's console, past the test runner's capture of System.out and System.err. */
        static void announce(String line) {
            try {
                java.io.FileOutputStream err = new java.io.FileOutputStream(java.io.FileDescriptor.err);
                err.write(("[WARNING] " + line + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                err.flush();
            } catch (java.io.IOException e) {
                System.err.println(line);
            }
        }
    }
}
