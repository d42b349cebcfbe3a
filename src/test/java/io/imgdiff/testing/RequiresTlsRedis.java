package io.imgdiff.testing;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Optional;

/**
 * Skips a test class, printing why, when the redis-server the tests use cannot serve TLS (a build without it). With
 * {@code IMGDIFF_REQUIRE_TLS_REDIS=1} (set by {@code .ci/run}) the skip becomes a failure, so CI cannot pass
 * without having run the TLS tests.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresTlsRedis.Condition.class)
public @interface RequiresTlsRedis {

    /** Starts one TLS redis-server per JVM to find out; caches the verdict. */
    final class Condition implements ExecutionCondition {

        private static volatile Optional<String> verdict;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            Optional<String> problem = problem();
            if (problem.isEmpty()) {
                return ConditionEvaluationResult.enabled("redis-server serves TLS");
            }
            String reason = "redis-server cannot serve TLS here (" + problem.get() + "); install Debian's"
                    + " redis-server or use the embedded one";
            if ("1".equals(System.getenv("IMGDIFF_REQUIRE_TLS_REDIS"))) {
                throw new IllegalStateException("IMGDIFF_REQUIRE_TLS_REDIS=1 but " + reason);
            }
            System.out.println("SKIPPED " + context.getDisplayName() + ": " + reason);
            return ConditionEvaluationResult.disabled(reason);
        }

        private static synchronized Optional<String> problem() {
            if (verdict == null) {
                verdict = probe();
            }
            return verdict;
        }

        private static Optional<String> probe() {
            try {
                RedisServerResource.tryStart("tls");
                return Optional.empty();
            } catch (RuntimeException e) {
                String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
                return Optional.of(m.length() > 300 ? m.substring(0, 300) + "…" : m);
            }
        }
    }
}
