package io.custodia.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The departments as the tree they form, for a nested list. */
public record DepartmentTree(Json department, List<DepartmentTree> children) {

    static List<DepartmentTree> of(List<Json> departments) {
        Map<String, List<Json>> byParent = new LinkedHashMap<>();
        for (Json d : departments) {
            byParent.computeIfAbsent(d.s("parentId"), k -> new ArrayList<>()).add(d);
        }
        return children("", byParent);
    }

    private static List<DepartmentTree> children(String parent, Map<String, List<Json>> byParent) {
        List<DepartmentTree> nodes = new ArrayList<>();
        for (Json d : byParent.getOrDefault(parent, List.of())) {
            nodes.add(new DepartmentTree(d, children(d.s("id"), byParent)));
        }
        return nodes;
    }
}
