package io.custodia.records;

import io.custodia.policy.Action;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.Scope;
import java.util.Map;
import java.util.Optional;

/**
 * What a caller may do with a record type as a whole: create, import, export. The checks the
 * import and the export themselves make live here, so that a page's {@code can} and the action
 * it offers can never disagree.
 */
final class TypeRights {
    private TypeRights() {}

    /** The records of the type the caller may export: those it may both read and export. */
    static Scope exportable(CompiledAccess compiled, RecordType type) {
        return Scope.allOf(compiled.scope(type.entity(), Action.READ), compiled.scope(type.entity(), Action.EXPORT));
    }

    /** The permission an import lacks (each line is a create that needs import too), if one. */
    static Optional<Action> importLacks(CompiledAccess compiled, RecordType type) {
        return lacks(compiled, type, Action.CREATE, Action.IMPORT);
    }

    /** The first of these actions that no role grants the caller on the type at any level, if one. */
    static Optional<Action> lacks(CompiledAccess compiled, RecordType type, Action... needed) {
        for (Action action : needed) {
            if (compiled.scope(type.entity(), action) instanceof Scope.Nothing) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /**
     * A page's {@code can}: {@code create} when a role grants it at some level (the values sent
     * can still be refused), {@code import} as {@link #importLacks}, {@code export} as the export
     * decides it ({@code exports}, which needs the database).
     */
    static Map<String, Boolean> of(CompiledAccess compiled, RecordType type, boolean exports) {
        return Map.of(
                "create",
                !(compiled.scope(type.entity(), Action.CREATE) instanceof Scope.Nothing),
                "import",
                importLacks(compiled, type).isEmpty(),
                "export",
                exports);
    }
}
