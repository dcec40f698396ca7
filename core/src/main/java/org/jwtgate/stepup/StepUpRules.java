package org.jwtgate.stepup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.PathPolicy;

/**
 * The step-up requirements of one engine: the global one ({@code required-acr}, {@code max-auth-age}) and
 * those of path patterns ({@code required-acr[PATTERN]}, {@code max-auth-age[PATTERN]}). For a path, each
 * attribute comes from the most specific pattern that names it and matches the path (exact, then the
 * longest prefix, then an extension, as servlet mappings are chosen), else from the global setting.
 * Immutable; built once per engine.
 */
public final class StepUpRules {
    private final StepUp global;
    private final Map<String, StepUp> acrByPattern;
    private final Map<String, StepUp> maxAgeByPattern;

    /** The rules of {@code config}, whose values {@link GateConfig.Builder#build()} checked. */
    public StepUpRules(GateConfig config) {
        this.global = StepUp.of(config.requiredAcr(), config.maxAuthAge().orElse(null));
        this.acrByPattern = new LinkedHashMap<>();
        config.requiredAcrByPath().forEach((pattern, acr) -> acrByPattern.put(pattern, StepUp.of(acr, null)));
        this.maxAgeByPattern = new LinkedHashMap<>();
        config.maxAuthAgeByPath().forEach((pattern, age) -> maxAgeByPattern.put(pattern, StepUp.of(List.of(), age)));
    }

    /** Whether nothing is required anywhere. */
    public boolean isEmpty() {
        return global.isNone() && acrByPattern.isEmpty() && maxAgeByPattern.isEmpty();
    }

    /** The requirement at {@code path} (inside the application); {@link StepUp#NONE} when there is none. */
    public StepUp forPath(String path) {
        if (acrByPattern.isEmpty() && maxAgeByPattern.isEmpty()) {
            return global;
        }
        StepUp acr = mostSpecific(acrByPattern, path);
        StepUp maxAge = mostSpecific(maxAgeByPattern, path);
        StepUp specific = acr == null ? maxAge : maxAge == null ? acr : StepUp.of(acr.acr(), maxAge.maxAge().orElseThrow());
        return specific == null ? global : specific.over(global);
    }

    private static StepUp mostSpecific(Map<String, StepUp> byPattern, String path) {
        StepUp best = null;
        int rank = -1;
        for (Map.Entry<String, StepUp> e : byPattern.entrySet()) {
            int r = PathPolicy.specificity(e.getKey(), path);
            if (r > rank) {
                rank = r;
                best = e.getValue();
            }
        }
        return best;
    }

    /** The global requirement. */
    public StepUp global() {
        return global;
    }
}
