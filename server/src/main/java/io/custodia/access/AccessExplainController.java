package io.custodia.access;

import io.custodia.access.AccessInsightController.CandidateView;
import io.custodia.access.AccessInsightController.GrantView;
import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemWords;
import io.custodia.platform.WorkspacePrincipal;
import io.custodia.policy.Action;
import io.custodia.policy.CandidateClass;
import io.custodia.policy.CompiledAccess;
import io.custodia.policy.ConversationFacts;
import io.custodia.policy.EntityType;
import io.custodia.policy.Explanation;
import io.custodia.policy.Ids.StageId;
import io.custodia.policy.Ids.UserId;
import io.custodia.policy.ListAccess;
import io.custodia.policy.ListEntry;
import io.custodia.policy.Phrase;
import io.custodia.policy.RecordFacts;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Why a user may or may not do something, as told to whoever asks (access-model, "Explanations"):
 * computed by the engine from the same compiled access that enforcement uses, told without what the
 * asker may not see. Callers need {@code roles.manage}, except a user asking about itself.
 */
@Tag(name = "Access")
@RestController
@RequestMapping("/api/v1/access")
class AccessExplainController {
    private final AccessPolicies access;
    private final DirectoryFacts directory;
    private final RecordLookup records;
    private final ConversationLookup conversations;

    AccessExplainController(
            AccessPolicies access, DirectoryFacts directory, RecordLookup records, ConversationLookup conversations) {
        this.access = access;
        this.directory = directory;
        this.records = records;
        this.conversations = conversations;
    }

    /** {@code summaryText} and {@code whyText}: the same sentences as codes, for the reader's language. */
    record ExplainView(
            boolean allowed,
            String summary,
            List<Phrase> summaryText,
            List<CandidateView> candidates,
            CandidateClass winningClass,
            String why,
            Phrase whyText,
            List<GrantView> effective,
            List<Explanation.PathResult> paths,
            List<HeldThrough.Held> held) {}

    @Operation(operationId = "explainAccess", summary = "Explain why a user may or may not act on a record")
    @GetMapping("/explain")
    ExplainView explain(
            @AuthenticationPrincipal WorkspacePrincipal me,
            @RequestParam UUID userId,
            @RequestParam String entity,
            @RequestParam String action,
            @RequestParam(required = false) UUID stageId,
            @RequestParam(required = false) UUID recordId) {
        AskingAbout.require(access, directory, me, userId);
        // One answer for a stage of another workspace and one of none, so the 422 tells nothing.
        if (stageId != null
                && (!entity.equals(EntityType.DEAL.key()) || !records.stageExists(me.workspaceId(), stageId))) {
            throw ApiProblem.invalid("stageId", "not a deal stage of this workspace (stages are for entity=deal)");
        }
        if (entity.equals("conversation")) {
            return explainConversation(me, userId, recordId);
        }
        EntityType type = AskingAbout.parse("entity", () -> EntityType.fromKey(entity));
        Action act = AskingAbout.parse("action", () -> Action.fromKey(action));
        RecordFacts record = null;
        Set<String> hiddenFromCaller = Set.of();
        if (recordId != null) {
            // The caller must be able to read the record: an explanation shows its values.
            CompiledAccess caller = access.accessOf(me.workspaceId(), me.principalId());
            record = records.facts(me.workspaceId(), type, recordId, caller.scope(type, Action.READ))
                    .orElseThrow(() -> ApiProblem.notFound("{0} {1}", ProblemWords.entity(type), recordId));
            hiddenFromCaller = caller.hiddenFields(record);
            record = namingOnlyListsOf(record, caller.user());
        }
        // The caller's view of the record governs what is told, whoever is explained.
        Explanation e = access.accessOf(me.workspaceId(), userId)
                .explain(type, stageId == null ? null : new StageId(stageId), act, record, hiddenFromCaller);
        return new ExplainView(
                e.allowed(),
                e.summary(),
                e.summaryText(),
                e.candidates().stream()
                        .map(c -> new CandidateView(
                                c.roleId().value(), c.roleName(), c.source(), c.specificity(), GrantView.of(c.grant())))
                        .toList(),
                e.winningClass(),
                e.why(),
                e.whyText(),
                e.effective().stream().map(GrantView::of).toList(),
                recordId == null ? e.paths() : withShareEnd(e.paths(), me.workspaceId(), type, recordId, userId),
                HeldThrough.of(
                        access.policyOf(me.workspaceId()), new UserId(userId), directory.groupNames(me.workspaceId())));
    }

    /** The paths, the share's saying "until" its end when it expires (access-model, "Grants that expire"). */
    private List<Explanation.PathResult> withShareEnd(
            List<Explanation.PathResult> paths, UUID ws, EntityType type, UUID recordId, UUID userId) {
        if (paths.stream().noneMatch(p -> p.path().equals("share"))) {
            return paths;
        }
        Instant end = records.shareEnd(ws, type, recordId, userId).orElse(null);
        if (end == null) {
            return paths;
        }
        return paths.stream()
                .map(p -> p.path().equals("share") ? p.followedBy(Phrase.until(end)) : p)
                .toList();
    }

    /**
     * The record with the names of the shared lists holding it left out, but for those the asker is on
     * too: an explanation says that someone reads a contact through a private list, never which.
     */
    private static RecordFacts namingOnlyListsOf(RecordFacts record, UserId asker) {
        ListAccess askers = record.lists().get(asker);
        Set<String> known = new HashSet<>();
        if (askers != null) {
            askers.entries().forEach(e -> known.add(e.listId()));
        }
        Map<UserId, ListAccess> named = new HashMap<>();
        record.lists()
                .forEach((user, lists) -> named.put(
                        user,
                        new ListAccess(lists.entries().stream()
                                .map(e -> known.contains(e.listId())
                                        ? e
                                        : new ListEntry(
                                                e.listId(),
                                                null,
                                                e.member(),
                                                e.lends(),
                                                e.listHidden(),
                                                e.withheld(),
                                                e.readOnly()))
                                .toList())));
        return record.withLists(named);
    }

    /** Which visibility rule lets the user see the conversation, or why none does (section 6). */
    private ExplainView explainConversation(WorkspacePrincipal me, UUID userId, UUID conversationId) {
        if (conversationId == null) {
            throw ApiProblem.invalid("recordId", "a conversation is explained one at a time: give its id");
        }
        // The caller must see the conversation too: an explanation names its team and attendant.
        ConversationFacts facts = conversations
                .conversationFacts(me.workspaceId(), conversationId)
                .filter(c -> access.accessOf(me.workspaceId(), me.principalId())
                        .conversations()
                        .see(c)
                        .allowed())
                .orElseThrow(() -> ApiProblem.notFound("conversation {0}", conversationId));
        Explanation e =
                access.accessOf(me.workspaceId(), userId).conversations().explain(facts);
        return new ExplainView(
                e.allowed(),
                e.summary(),
                e.summaryText(),
                List.of(),
                null,
                // A conversation's "why" is its summary: said once, in the reader's language too.
                null,
                null,
                List.of(),
                e.paths(),
                List.of());
    }
}
