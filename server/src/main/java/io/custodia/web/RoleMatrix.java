package io.custodia.web;

import java.util.List;
import java.util.Map;

/** What the role editor lays out: the rows, columns and choices of the matrix. */
public record RoleMatrix(
        List<String> entities,
        List<String> actions,
        List<String> stageActions,
        List<String> levels,
        List<String> system,
        Map<String, List<String>> fields) {

    /** A grant's condition as the editor shows it in its text box. */
    public String conditionText(Json condition) {
        return RolePages.conditionText(condition);
    }

    /** The same text, for pages that show a grant's condition without a matrix at hand. */
    public static String conditionOf(Json condition) {
        return RolePages.conditionText(condition);
    }
}
