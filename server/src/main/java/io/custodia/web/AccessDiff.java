package io.custodia.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a simulated change would grant and take away: the effective entries (entity, action,
 * stage) whose levels differ between before and after, in the order the matrices list them.
 */
public record AccessDiff(List<Row> rows) {

    /** One entry that changes; {@code before} or {@code after} is empty when the entry is absent. */
    public record Row(String entity, String action, String stageId, List<Json> before, List<Json> after) {}

    static AccessDiff between(Json before, Json after) {
        Map<String, Json> was = byKey(before);
        Map<String, Json> will = byKey(after);
        List<Row> rows = new ArrayList<>();
        Map<String, Json> all = new LinkedHashMap<>(was);
        will.forEach(all::putIfAbsent);
        all.forEach((key, entry) -> {
            List<Json> a = was.containsKey(key) ? was.get(key).list("grants") : List.of();
            List<Json> b = will.containsKey(key) ? will.get(key).list("grants") : List.of();
            if (!texts(a).equals(texts(b))) {
                rows.add(new Row(entry.s("entity"), entry.s("action"), entry.s("stageId"), a, b));
            }
        });
        return new AccessDiff(rows);
    }

    private static Map<String, Json> byKey(Json effective) {
        Map<String, Json> entries = new LinkedHashMap<>();
        for (Json e : effective.list("entries")) {
            entries.put(e.s("entity") + "/" + e.s("action") + "/" + e.s("stageId"), e);
        }
        return entries;
    }

    /** Grants compared by level and condition as the API states them. */
    private static List<String> texts(List<Json> grants) {
        return grants.stream()
                .map(g -> g.s("level") + " " + Objects.toString(RolePages.conditionText(g.get("condition"))))
                .sorted()
                .toList();
    }
}
