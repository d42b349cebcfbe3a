package io.imgdiff.model.builtin;

import io.imgdiff.item.BadInputException;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.inject.Instance;

import java.util.function.Function;

/**
 * Picks a model backend bean by the {@code @Identifier} named in a run's stage settings, so runs can switch
 * backends per submit without code knowing every implementation.
 */
public final class IdentifiedBackends {

    private IdentifiedBackends() {
    }

    /**
     * A lookup from backend name to bean; an unknown name is a permanent error for the item, naming the setting,
     * the value and the built-in default.
     */
    public static <T> Function<String, T> of(Instance<T> all, String setting, String builtin) {
        return name -> {
            Instance<T> chosen = all.select(Identifier.Literal.of(name));
            if (!chosen.isResolvable()) {
                throw new BadInputException(setting + " is '" + name + "', but no such backend is available here;"
                        + " expected a deployed backend, e.g. the built-in '" + builtin + "'");
            }
            return chosen.get();
        };
    }
}
