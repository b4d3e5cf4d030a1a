package io.custodia.policy;

import java.text.MessageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A piece of an explanation as a message code and its arguments, so that a reader is told it in
 * their own language (the console has a text for each code in pt-BR and English); {@link
 * #english()} is how the engine itself says it. An explanation's sentence is its phrases one after
 * the other: each phrase's text carries its own joining words and punctuation.
 */
public record Phrase(String code, List<Arg> args) {

    /** An argument and what kind of thing it names, so that a level or an action is translated too. */
    public record Arg(String kind, String value) {
        String english() {
            return kind.equals("class") ? ConflictResolution.describe(CandidateClass.valueOf(value)) : value;
        }
    }

    private static final Map<String, String> ENGLISH = Map.ofEntries(
            Map.entry("why.none", "no assigned role sets this entry, so there is no access"),
            Map.entry("why.mostPermissive", "the conflict rule MOST_PERMISSIVE unites every candidate"),
            Map.entry("why.sameClass", "every candidate is {0}; their union applies"),
            Map.entry(
                    "why.detailedPersonal",
                    "a {0} entry beats every other: detailed beats inherited, personal beats group"),
            Map.entry(
                    "why.detailedGroup",
                    "a {0} entry beats inherited ones: detailed beats inherited before personal beats group"),
            Map.entry(
                    "why.inheritedPersonal",
                    "no role sets this stage in detail; among inherited entries personal beats group"),
            Map.entry("why.inheritedGroup", "only inherited group entries exist; their union applies"),
            Map.entry("entity.may", "may {0} on {1}"),
            Map.entry("entity.mayNot", "may not {0} on {1}"),
            Map.entry("entity.inStage", " in stage {0}"),
            Map.entry("entity.with", " with {0}"),
            Map.entry("entity.because", ": "),
            Map.entry("summary.allowed", "allowed: {0} on {1} {2}"),
            Map.entry("summary.denied", "denied: no path admits {0} on {1} {2}"),
            Map.entry("summary.inItsStage", " in its stage"),
            Map.entry("summary.byRole", " is admitted by the role grant"),
            Map.entry("summary.byShare", " is admitted by a share"),
            Map.entry("summary.byList", " is admitted by a shared list"),
            Map.entry("summary.byRule", " is admitted by the rule {0}"),
            Map.entry("rule.shares", "the rule {0} shares {1} records with {2} at {3}"),
            Map.entry("rule.sharesWithEveryone", "the rule {0} shares {1} records with everyone at {2}"),
            Map.entry("rule.sharesWithYou", "the rule {0} shares {1} records with you at {2}"),
            Map.entry("rule.notHere", ", which does not allow {0} here"),
            Map.entry("rule.coverHidden", ": whether it covers this record depends on what is hidden from you"),
            Map.entry("rule.covers", ": it covers this record"),
            Map.entry("rule.missesRecord", ": it does not cover this record"),
            Map.entry(
                    "summary.byHidden",
                    " is admitted by one of the paths below (which one depends on what is hidden from you)"),
            Map.entry("parent.none", "it belongs to no record you could read"),
            Map.entry("parent.readable", "it belongs to a {0} you may read"),
            Map.entry(
                    "parent.unreadable",
                    "it belongs to a {0} you may not read: no path below admits it while that is so"),
            Map.entry("role.noAccess", "the effective role grant is no access"),
            Map.entry("level.none", "level NONE admits nothing"),
            Map.entry("level.yours", "level {0}: you own it"),
            Map.entry("level.own.other", "level OWN: someone else owns it"),
            Map.entry("level.department.reaches", "level DEPARTMENT: its owner is a member of one of your departments"),
            Map.entry("level.department.misses", "level DEPARTMENT: its owner is in none of your departments"),
            Map.entry(
                    "level.subdepartments.reaches",
                    "level SUBDEPARTMENTS: its owner is a member of your departments or one below them"),
            Map.entry(
                    "level.subdepartments.misses",
                    "level SUBDEPARTMENTS: its owner is in none of your departments nor below them"),
            Map.entry("level.all", "level ALL: every record of the workspace"),
            Map.entry(
                    "level.ownerHidden",
                    "level {0}: whether it reaches this record depends on its owner, who is hidden from you"),
            Map.entry("level.reaches", "level {0}: it reaches this record"),
            Map.entry("level.misses", "level {0}: it does not reach this record"),
            Map.entry("condition.hidden", "; condition {0}: whether it holds depends on fields hidden from you"),
            Map.entry("condition.holds", "; condition {0} holds"),
            Map.entry("condition.fails", "; condition {0} does not hold"),
            Map.entry("share.at", "the record is shared with you at {0}"),
            Map.entry("list.named", "the contact is on the shared list {0} where you are {1}"),
            Map.entry(
                    "list.unnamed",
                    "the contact is on a shared list whose name is not shown (whoever asks is not on it) where you are {0}"),
            Map.entry("list.lent", ", but whoever added the contact could give only {0}"),
            Map.entry("allows", ", which allows {0}"),
            Map.entry("refuses", ", which does not allow {0}"),
            Map.entry("until", " until {0}"),
            // A conversation's visibility rules (ConversationAccess): {0} a team's id, {1} its visibility.
            Map.entry("conversation.maySee", "may see it: "),
            Map.entry("conversation.mayNotSee", "may not see it: no rule lets the user see it: "),
            Map.entry("conversation.and", "; "),
            Map.entry("conversation.viewAll", "holds conversations.view_all, which sees every conversation"),
            Map.entry("conversation.notViewAll", "does not hold conversations.view_all"),
            Map.entry("conversation.attendant", "is the attendant of the conversation"),
            Map.entry("conversation.nobodyAttends", "nobody attends it"),
            Map.entry("conversation.notAttendant", "is not its attendant"),
            Map.entry("conversation.notQueued", "it is not waiting in a queue (it has an attendant or is completed)"),
            Map.entry("conversation.inMyQueue", "is a member of team {0}, and the conversation waits in its queue"),
            Map.entry("conversation.inOtherQueue", "it waits in the queue of team {0}, which the user is not in"),
            Map.entry("conversation.supervises", "supervises team {0}"),
            Map.entry("conversation.notSupervisor", "does not supervise team {0}"),
            Map.entry(
                    "conversation.attendantOnly",
                    "team {0} shows its conversations only to attendant and supervisors (visibility {1})"),
            Map.entry(
                    "conversation.teamSees",
                    "is a member of team {0}, which shows its conversations to the team (visibility {1})"),
            Map.entry("conversation.notMember", "is not a member of team {0}"),
            Map.entry(
                    "conversation.notOpenToAll",
                    "team {0} does not show its conversations to everyone (visibility {1})"),
            Map.entry(
                    "conversation.completedForAll",
                    "it is completed, and team {0} shows completed conversations to every user (visibility {1})"),
            Map.entry(
                    "conversation.openNotForAll",
                    "team {0} shows only completed conversations to everyone, and this one is open"));

    /** Every code with the engine's English text for it: what a reader's language must render. */
    public static Map<String, String> codes() {
        return ENGLISH;
    }

    public Phrase {
        if (!ENGLISH.containsKey(code)) {
            throw new IllegalArgumentException("no text for the phrase " + code);
        }
        args = List.copyOf(args);
    }

    /** A phrase whose arguments are all plain text. */
    static Phrase of(String code, String... texts) {
        return new Phrase(
                code, Arrays.stream(texts).map(t -> new Arg("text", t)).toList());
    }

    /** A phrase with typed arguments, given as kind, value, kind, value, ... */
    static Phrase typed(String code, String... kindsAndValues) {
        List<Arg> args = new ArrayList<>();
        for (int i = 0; i + 1 < kindsAndValues.length; i += 2) {
            args.add(new Arg(kindsAndValues[i], kindsAndValues[i + 1]));
        }
        return new Phrase(code, args);
    }

    /** " until <end>": when a grant ends, said after it. */
    public static Phrase until(Instant end) {
        return typed("until", "instant", end.toString());
    }

    public String english() {
        return new MessageFormat(ENGLISH.get(code), Locale.ROOT)
                .format(args.stream().map(Arg::english).toArray());
    }

    /** The sentence the phrases make, in the engine's English. */
    public static String english(List<Phrase> phrases) {
        return phrases.stream().map(Phrase::english).collect(Collectors.joining());
    }
}
