package io.custodia.reliability;

import static io.custodia.platform.db.Tables.SHARING_RULE;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Sharing rules in the noninterference worlds: some reach the viewer (to everyone, or to one of
 * their departments), some do not. A twin keeps those that reach the viewer and changes the others
 * (whom they share from, on which records, at which level), unless the viewer manages roles and so
 * reads every rule.
 */
final class TwinRules {
    private static final List<String> TYPES = List.of("contact", "company", "deal", "activity", "note");

    private TwinRules() {}

    /** One rule: from a department (or its tree) or a condition on the region, to a department or everyone. */
    record Rule(
            UUID id,
            String entity,
            UUID fromDepartment,
            boolean subtree,
            String region,
            UUID toDepartment,
            boolean everyone,
            String level) {}

    /** One to three rules, from a generator of their own: the seed's world is otherwise the one it was. */
    static List<Rule> random(long seed, TwinWorld w) {
        Random random = new Random(seed ^ 0x5A4EL);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            boolean everyone = random.nextInt(3) == 0;
            UUID to = everyone ? null : pick(random, w.departments).id();
            rules.add(rule(random, w, TwinWorld.uuid(random), to, everyone));
        }
        return rules;
    }

    private static Rule rule(Random random, TwinWorld w, UUID id, UUID to, boolean everyone) {
        String entity = pick(random, TYPES);
        // Only deals and contacts have a region: a condition on it shares those by their values.
        boolean byRegion = (entity.equals("deal") || entity.equals("contact")) && random.nextInt(3) == 0;
        return new Rule(
                id,
                entity,
                byRegion ? null : pick(random, w.departments).id(),
                !byRegion && random.nextBoolean(),
                byRegion ? pick(random, TwinWorld.REGIONS) : null,
                to,
                everyone,
                random.nextBoolean() ? "READ" : "EDIT");
    }

    static boolean reaches(Rule rule, TwinWorld w) {
        return rule.everyone() || w.memberships.get(w.viewer).contains(rule.toDepartment());
    }

    /** The twin's rules: the same where the viewer could tell, others where they cannot. */
    static List<Rule> twin(TwinWorld a, Random random) {
        if (a.manager) {
            return a.sharingRules;
        }
        return a.sharingRules.stream()
                .map(r -> reaches(r, a) ? r : rule(random, a, r.id(), r.toDepartment(), false))
                .toList();
    }

    static void write(DSLContext db, UUID ws, List<Rule> rules) {
        for (Rule r : rules) {
            db.insertInto(SHARING_RULE)
                    .set(SHARING_RULE.WORKSPACE_ID, ws)
                    .set(SHARING_RULE.ID, r.id())
                    .set(SHARING_RULE.NAME, "Rule " + r.id())
                    .set(SHARING_RULE.ENTITY, r.entity())
                    .set(SHARING_RULE.FROM_DEPARTMENT_ID, r.fromDepartment())
                    .set(SHARING_RULE.INCLUDE_SUBDEPARTMENTS, r.subtree())
                    .set(
                            SHARING_RULE.FROM_CONDITION,
                            r.region() == null
                                    ? null
                                    : JSONB.valueOf("{\"field\": \"region\", \"op\": \"eq\", \"value\": \"" + r.region()
                                            + "\"}"))
                    .set(SHARING_RULE.TO_DEPARTMENT_ID, r.toDepartment())
                    .set(SHARING_RULE.TO_EVERYONE, r.everyone())
                    .set(SHARING_RULE.SHARE_LEVEL, r.level())
                    .execute();
        }
    }

    private static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
