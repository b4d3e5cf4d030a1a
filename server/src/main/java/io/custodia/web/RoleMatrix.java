package io.custodia.web;

import java.util.List;
import java.util.Map;

/** What the role editor lays out: the rows, columns and choices of the matrix and its condition builder. */
public record RoleMatrix(
        List<String> entities,
        List<String> actions,
        List<String> stageActions,
        List<String> levels,
        List<String> system,
        List<String> ops,
        Map<String, List<String>> fields) {

    /** A grant's condition in words, for its summary (and for pages without a matrix). */
    public static String conditionOf(Json condition) {
        return RolePages.conditionText(condition);
    }

    public boolean simple(Json condition) {
        return RolePages.simple(condition);
    }

    public String valuesText(Json condition) {
        return valuesOf(condition);
    }

    /** A one-comparison condition's values as the builder's value input shows them (for pages without a matrix). */
    public static String valuesOf(Json condition) {
        return RolePages.valuesText(condition);
    }

    /** The fields a condition on this entity may compare: its built-in fields and its custom fields. */
    public List<String> fieldsOf(String entity) {
        return fields.getOrDefault(entity, List.of());
    }
}
